using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace QuizBot.Core.Questions;

/// <summary>The YAML shape of one bank file (docs/question-bank.md). Mutable because the review tool edits it in place.</summary>
public sealed class QuestionFile
{
    public SpeechHeader Speech { get; set; } = new();
    public List<QuestionEntry> Questions { get; set; } = [];

    public sealed class SpeechHeader
    {
        public string Id { get; set; } = "";
        public string Speaker { get; set; } = "";
        public string Posts { get; set; } = "";
        public string Title { get; set; } = "";
    }

    public sealed class QuestionEntry
    {
        public string Id { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Status { get; set; } = "";

        /// <summary>Optional: questions on the same fact share a family (docs/question-bank.md).</summary>
        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitDefaults)]
        public string? Family { get; set; }

        public string Question { get; set; } = "";
        public List<string> Options { get; set; } = [];

        /// <summary>A single index or a list of indexes; YAML gives either a scalar or a sequence.</summary>
        public object? Answer { get; set; }

        public string Explanation { get; set; } = "";
        public string Quote { get; set; } = "";

        [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitDefaults)]
        public string? Reason { get; set; }
    }

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Parses YAML text; unknown keys are errors so a typo in a key name is caught rather than silently ignored.</summary>
    public static QuestionFile Parse(string yaml) => Deserializer.Deserialize<QuestionFile>(yaml) ?? new QuestionFile();

    /// <summary>Reads the answer field as a list of indexes, or null when it is not a whole number or a list of them.</summary>
    public static IReadOnlyList<int>? ReadAnswer(object? raw)
    {
        static int? ToInt(object? o) => o is string s && int.TryParse(s, out var i) ? i : null;
        return raw switch
        {
            string => ToInt(raw) is { } one ? [one] : null,
            List<object> list when list.Count > 0 => list.Select(ToInt).ToList() is var ints && ints.All(i => i is not null)
                ? ints.Select(i => i!.Value).ToList()
                : null,
            _ => null,
        };
    }
}
