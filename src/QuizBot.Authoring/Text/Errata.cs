using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace QuizBot.Authoring.Text;

/// <summary>One entry of seeds/errata.yaml (docs/errata.md).</summary>
internal sealed class Erratum
{
    public string Wrong { get; set; } = "";
    public string? Right { get; set; }
    public string? Note { get; set; }

    /// <summary>The right reading is unknown: the passage is kept as it is but no approved question may quote it.</summary>
    public bool Avoid { get; set; }
}

/// <summary>
/// The typo corrections for the seeds, applied in file order as plain replacements after whitespace is removed, both when a
/// digest is parsed and when lint looks a quote up, so no served question shows a typo of the source.
/// </summary>
internal sealed class Errata
{
    public static readonly Errata None = new([]);

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public Errata(IReadOnlyList<Erratum> entries)
    {
        // Entries are matched without whitespace, exactly like the text they apply to.
        Entries = entries.Select(e => new Erratum
        {
            Wrong = Chinese.RemoveWhitespace(e.Wrong),
            Right = e.Right is null ? null : Chinese.RemoveWhitespace(e.Right),
            Note = e.Note,
            Avoid = e.Avoid,
        }).Where(e => e.Wrong.Length > 0).ToList();
    }

    public IReadOnlyList<Erratum> Entries { get; }

    public IEnumerable<Erratum> Corrections => Entries.Where(e => !e.Avoid && e.Right is not null);

    public IEnumerable<Erratum> Avoided => Entries.Where(e => e.Avoid);

    public static Errata Parse(string yaml) => new(Deserializer.Deserialize<List<Erratum>>(yaml) ?? []);

    /// <summary>The errata file, or none when there is no file (a new corpus may have no typos yet).</summary>
    public static Errata Load(string? path) => path is not null && File.Exists(path) ? Parse(File.ReadAllText(path)) : None;

    /// <summary>Removes whitespace and applies every correction in order.</summary>
    public string Normalize(string text)
    {
        var s = Chinese.RemoveWhitespace(text);
        foreach (var e in Corrections) s = s.Replace(e.Wrong, e.Right, StringComparison.Ordinal);
        return s;
    }

    /// <summary>Applies the corrections to text that keeps its spaces (titles): only entries that match as they are.</summary>
    public string Correct(string text)
    {
        foreach (var e in Corrections) text = text.Replace(e.Wrong, e.Right, StringComparison.Ordinal);
        return text;
    }

    /// <summary>The corrections whose wrong reading shows in <paramref name="text"/> (outside any occurrence of the right one).</summary>
    public IEnumerable<Erratum> TyposIn(string text)
    {
        var s = Chinese.RemoveWhitespace(text);
        foreach (var e in Corrections)
        {
            for (var i = s.IndexOf(e.Wrong, StringComparison.Ordinal); i >= 0; i = s.IndexOf(e.Wrong, i + 1, StringComparison.Ordinal))
            {
                if (InsideRightReading(s, i, e)) continue;
                yield return e;
                break;
            }
        }
    }

    /// <summary>
    /// Whether the wrong text found at <paramref name="at"/> is part of the right reading ("X" → "XY": "XY" contains "X").
    /// The right reading may also be shorter than the wrong one ("XYZ" → "XY"); then it never hides the typo.
    /// </summary>
    private static bool InsideRightReading(string s, int at, Erratum e)
    {
        var right = e.Right!;
        for (var k = right.IndexOf(e.Wrong, StringComparison.Ordinal); k >= 0; k = right.IndexOf(e.Wrong, k + 1, StringComparison.Ordinal))
        {
            var start = at - k;
            if (start >= 0 && s.AsSpan(start).StartsWith(right, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Where the avoided passages lie in a normalised text.</summary>
    public List<Span> AvoidSpans(string normalized)
    {
        var spans = new List<Span>();
        foreach (var e in Avoided)
        {
            for (var i = normalized.IndexOf(e.Wrong, StringComparison.Ordinal); i >= 0;
                 i = normalized.IndexOf(e.Wrong, i + 1, StringComparison.Ordinal))
                spans.Add(new Span(i, e.Wrong.Length));
        }
        return spans;
    }
}
