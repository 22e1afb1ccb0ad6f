using System.Text.RegularExpressions;

namespace QuizBot.Authoring.Text;

/// <summary>
/// How a seed file becomes the text quotes are checked against: page-break debris dropped, whitespace removed (so a paragraph
/// broken mid-word, "引\n\n领", reads "引领"), errata applied. The parser drops the same debris, so what it quotes is found here.
/// </summary>
internal static partial class SeedText
{
    // Page numbers ("— 3 —", "12", "3/8", "第3页"), jump lines of printed papers ("（下转第2版）") and running heads are
    // artefacts of the page, not of the speech.
    [GeneratedRegex(@"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|\d{1,4}\s*/\s*\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|[（(]?\s*[上下][转接]第?\s*[\d一二三四五六七八九十]+\s*[版页]\s*[）)]?)$")]
    private static partial Regex DebrisPattern();

    public static bool IsDebris(string line) => DebrisPattern().IsMatch(line.Trim());

    /// <summary>The lines of a digest without empty lines, debris, and repeats of the first line (a running head).</summary>
    public static List<string> ContentLines(string raw)
    {
        var lines = new List<string>();
        string? first = null;
        foreach (var rawLine in raw.Replace("\r\n", "\n").Split('\n'))
        {
            var line = rawLine.Trim().Trim('\uFEFF');
            if (line.Length == 0 || IsDebris(line)) continue;
            var bare = Chinese.RemoveWhitespace(line.TrimStart('#'));
            if (first is null) first = bare;
            else if (bare == first) continue;
            lines.Add(line);
        }
        return lines;
    }

    public static string Normalize(string raw, Errata errata) => errata.Normalize(string.Concat(ContentLines(raw)));
}

/// <summary>The normalised text of every seed, for looking quotes up.</summary>
internal sealed class SeedCorpus(Errata errata, IReadOnlyList<(string File, string Text)> seeds)
{
    public Errata Errata { get; } = errata;
    public IReadOnlyList<(string File, string Text)> Seeds { get; } = seeds;

    /// <summary>Digests are the <c>.txt</c> and <c>.md</c> files directly in the seeds folder; errata.yaml sits beside them.</summary>
    public static SeedCorpus Load(string seedsDir, string? errataPath = null)
    {
        var errata = Errata.Load(errataPath ?? Path.Combine(seedsDir, "errata.yaml"));
        var files = Directory.Exists(seedsDir)
            ? Directory.GetFiles(seedsDir).Where(IsDigestFile).Order(StringComparer.Ordinal).ToList()
            : [];
        return new SeedCorpus(errata, files.Select(f => (Path.GetFileName(f), SeedText.Normalize(File.ReadAllText(f), errata))).ToList());
    }

    public static bool IsDigestFile(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".txt" or ".md";

    /// <summary>Every place the (normalised) quote occurs.</summary>
    public List<(int Seed, Span Span)> Find(string quote)
    {
        var q = Errata.Normalize(quote);
        var hits = new List<(int, Span)>();
        if (q.Length == 0) return hits;
        for (var s = 0; s < Seeds.Count; s++)
        {
            var text = Seeds[s].Text;
            for (var i = text.IndexOf(q, StringComparison.Ordinal); i >= 0; i = text.IndexOf(q, i + 1, StringComparison.Ordinal))
                hits.Add((s, new Span(i, q.Length)));
        }
        return hits;
    }

    /// <summary>True when the quote occurs only inside passages the errata mark <c>avoid</c>.</summary>
    public bool OnlyInAvoided(string quote)
    {
        var hits = Find(quote);
        return hits.Count > 0 && hits.All(h => Errata.AvoidSpans(Seeds[h.Seed].Text).Any(a => a.Overlaps(h.Span)));
    }
}
