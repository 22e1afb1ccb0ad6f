using System.Text.RegularExpressions;

namespace QuizBot.Core.Questions;

/// <summary>One broken rule, named so an editor can find and fix it.</summary>
public sealed record BankProblem(string File, string? QuestionId, string Rule)
{
    public override string ToString() => QuestionId is null ? $"{File}: {Rule}" : $"{File} [{QuestionId}]: {Rule}";
}

/// <summary>
/// The structural rules every bank file must meet (docs/question-bank.md). Limits follow Telegram's quiz polls:
/// https://core.telegram.org/bots/api#sendpoll
/// </summary>
public static partial class BankRules
{
    /// <summary>Telegram allows 300; 20 are kept for the "【第3/5题】" prefix the bot adds.</summary>
    public const int MaxQuestionLength = 280;
    public const int MaxOptionLength = 100;
    public const int MinOptions = 2;
    public const int MaxOptions = 12;
    public const int MaxExplanationLength = 200;
    public const int MaxExplanationLineFeeds = 2;
    public const int MaxIdLength = 40;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IdPattern();

    public static IEnumerable<BankProblem> Check(string file, QuestionFile content)
    {
        var s = content.Speech;
        if (string.IsNullOrWhiteSpace(s.Id)) yield return new(file, null, "speech.id is missing");
        if (string.IsNullOrWhiteSpace(s.Title)) yield return new(file, null, "speech.title is missing");
        if (s.Id != Speech.MeetingId)
        {
            if (string.IsNullOrWhiteSpace(s.Speaker)) yield return new(file, null, "speech.speaker is missing");
            if (string.IsNullOrWhiteSpace(s.Posts)) yield return new(file, null, "speech.posts is missing");
        }

        foreach (var q in content.Questions)
        {
            foreach (var rule in CheckQuestion(q))
                yield return new(file, string.IsNullOrEmpty(q.Id) ? null : q.Id, rule);
        }
    }

    private static IEnumerable<string> CheckQuestion(QuestionFile.QuestionEntry q)
    {
        if (string.IsNullOrEmpty(q.Id)) yield return "id is missing";
        else if (q.Id.Length > MaxIdLength || !IdPattern().IsMatch(q.Id))
            yield return $"id must be 1–{MaxIdLength} characters of a-z, 0-9 and '-'";
        if (!QuestionKinds.All.Contains(q.Kind))
            yield return $"kind '{q.Kind}' is not one of {string.Join(", ", QuestionKinds.All)}";
        if (q.Family is { } family && (family.Length is 0 or > MaxIdLength || !IdPattern().IsMatch(family)))
            yield return $"family must be 1–{MaxIdLength} characters of a-z, 0-9 and '-'";
        if (!QuestionStatus.All.Contains(q.Status))
            yield return $"status '{q.Status}' is not one of {string.Join(", ", QuestionStatus.All)}";
        if (string.IsNullOrWhiteSpace(q.Question) || q.Question.Length > MaxQuestionLength)
            yield return $"question must be 1–{MaxQuestionLength} characters (has {q.Question.Length})";
        if (q.Options.Count is < MinOptions or > MaxOptions)
            yield return $"a quiz needs {MinOptions}–{MaxOptions} options (has {q.Options.Count})";
        for (var i = 0; i < q.Options.Count; i++)
        {
            var o = q.Options[i] ?? "";
            if (string.IsNullOrWhiteSpace(o) || o.Length > MaxOptionLength)
                yield return $"option {i} must be 1–{MaxOptionLength} characters (has {o.Length})";
        }
        if (q.Options.Select(o => (o ?? "").Trim()).Distinct().Count() != q.Options.Count)
            yield return "two options are the same";

        var answer = QuestionFile.ReadAnswer(q.Answer);
        if (answer is null)
            yield return "answer must be an option index or a list of option indexes";
        else if (answer.Any(i => i < 0 || i >= q.Options.Count) || answer.Distinct().Count() != answer.Count)
            yield return $"answer {string.Join(",", answer)} is not a valid set of indexes into {q.Options.Count} options";
        else if (q.Kind == QuestionKinds.Multiple && (answer.Count < 2 || answer.Count >= q.Options.Count))
            yield return "a multiple question needs at least two right options and at least one wrong one";

        if (string.IsNullOrWhiteSpace(q.Explanation) || q.Explanation.Length > MaxExplanationLength)
            yield return $"explanation must be 1–{MaxExplanationLength} characters (has {q.Explanation.Length})";
        else if (q.Explanation.Count(c => c == '\n') > MaxExplanationLineFeeds)
            yield return $"explanation may have at most {MaxExplanationLineFeeds} line feeds";
        if (q.Status == QuestionStatus.Approved && string.IsNullOrWhiteSpace(q.Quote))
            yield return "an approved question needs its source quote";
    }
}
