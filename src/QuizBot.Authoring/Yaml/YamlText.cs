using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using QuizBot.Core.Questions;

namespace QuizBot.Authoring.Yaml;

/// <summary>
/// Writes bank YAML by hand, in the layout of docs/question-bank.md, so generated and edited files read like the ones
/// editors write (YamlDotNet's serializer would drop comments and choose its own quoting and line folding).
/// Strings stay plain where YAML allows and are double-quoted otherwise, always on one line.
/// </summary>
internal static partial class YamlText
{
    [GeneratedRegex(@"^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|nan))$", RegexOptions.IgnoreCase)]
    private static partial Regex LooksTyped();

    public static string Scalar(string value, bool inFlow = false) =>
        IsPlainSafe(value, inFlow) ? value : Quote(value);

    private static bool IsPlainSafe(string s, bool inFlow)
    {
        if (s.Length == 0 || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) return false;
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0])) return false;
        if (LooksTyped().IsMatch(s)) return false;
        if (s.Contains(": ") || s.Contains(" #") || s.EndsWith(':')) return false;
        if (inFlow && s.IndexOfAny([',', '[', ']', '{', '}', ':']) >= 0) return false;
        return s.All(c => !char.IsControl(c) && c != '\uFEFF');
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    /// <summary>A list of strings as a one-line flow sequence; items that need it are double-quoted.</summary>
    public static List<string> StringList(string key, IReadOnlyList<string> items, int indent) =>
        [$"{new string(' ', indent)}{key}: [{string.Join(", ", items.Select(i => Scalar(i, inFlow: true)))}]"];

    public static string Answer(IReadOnlyList<int> answer) =>
        answer.Count == 1
            ? answer[0].ToString(CultureInfo.InvariantCulture)
            : $"[{string.Join(", ", answer.Select(i => i.ToString(CultureInfo.InvariantCulture)))}]";

    /// <summary>The answer as YAML, or the raw text when it is not a valid answer (so a broken value is kept, not lost).</summary>
    public static string Answer(object? raw) =>
        QuestionFile.ReadAnswer(raw) is { } a ? Answer(a) : Scalar(raw?.ToString() ?? "");

    /// <summary>The lines of one key of a question, at <paramref name="indent"/> (the column of the item's keys).</summary>
    public static List<string> Field(QuestionFile.QuestionEntry q, string key, int indent)
    {
        var pad = new string(' ', indent);
        return key switch
        {
            "id" => [$"{pad}id: {Scalar(q.Id)}"],
            "kind" => [$"{pad}kind: {Scalar(q.Kind)}"],
            "status" => [$"{pad}status: {Scalar(q.Status)}"],
            "question" => [$"{pad}question: {Scalar(q.Question)}"],
            "options" => StringList("options", q.Options, indent),
            "answer" => [$"{pad}answer: {Answer(q.Answer)}"],
            "explanation" => [$"{pad}explanation: {Scalar(q.Explanation)}"],
            "quote" => [$"{pad}quote: {Scalar(q.Quote)}"],
            "reason" => [$"{pad}reason: {Scalar(q.Reason ?? "")}"],
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a question key"),
        };
    }

    public static readonly string[] QuestionKeys = ["id", "kind", "status", "question", "options", "answer", "explanation", "quote", "reason"];

    /// <summary>One question as a sequence item: "  - id: …" then its keys at <paramref name="dashIndent"/> + 2.</summary>
    public static List<string> Question(QuestionFile.QuestionEntry q, int dashIndent = 2, IEnumerable<string>? comments = null)
    {
        var lines = new List<string>();
        var pad = new string(' ', dashIndent);
        foreach (var c in comments ?? []) lines.Add($"{pad}# {c}");
        foreach (var key in QuestionKeys)
        {
            if (key == "reason" && string.IsNullOrEmpty(q.Reason)) continue;
            lines.AddRange(Field(q, key, dashIndent + 2));
            // Written when set (generated questions on one list share one); review never changes it.
            if (key == "kind" && !string.IsNullOrEmpty(q.Family)) lines.Add($"{new string(' ', dashIndent + 2)}family: {Scalar(q.Family)}");
        }
        lines[comments?.Count() ?? 0] = pad + "- " + lines[comments?.Count() ?? 0][(dashIndent + 2)..];
        return lines;
    }

    public static List<string> SpeechHeader(QuestionFile.SpeechHeader s) =>
    [
        "speech:",
        $"  id: {Scalar(s.Id)}",
        $"  speaker: {Scalar(s.Speaker)}",
        $"  posts: {Scalar(s.Posts)}",
        $"  title: {Scalar(s.Title)}",
    ];

    /// <summary>A whole bank file: leading comments, the speech, then each question with its own comment lines.</summary>
    public static string File(IEnumerable<string> headerComments, QuestionFile.SpeechHeader speech,
        IEnumerable<(QuestionFile.QuestionEntry Entry, IReadOnlyList<string> Comments)> questions)
    {
        var lines = headerComments.Select(c => $"# {c}").ToList();
        lines.AddRange(SpeechHeader(speech));
        var items = questions.ToList();
        if (items.Count == 0) lines.Add("questions: []");
        else
        {
            lines.Add("questions:");
            foreach (var (entry, comments) in items) lines.AddRange(Question(entry, 2, comments));
        }
        return string.Join("\n", lines) + "\n";
    }
}
