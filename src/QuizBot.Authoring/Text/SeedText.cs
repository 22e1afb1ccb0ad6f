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

    // Lines the paper's editors print around the speeches, not said by anyone: a note wholly in brackets
    // ("（按发言顺序排列）", "（根据录音整理）"), the paper's name with its date and page ("江城日报 2024年1月17日 第3版"),
    // and the editor's or source's line ("责任编辑：周 洁", "来源：…"). A bracketed line that is a list marker ("（一）") is not one.
    [GeneratedRegex(@"^[（(【〔\[](?![一二三四五六七八九十\d]{1,3}[）)】〕\]])[^（(）)【】〔〕\[\]。！？]{2,40}[）)】〕\]]$")]
    private static partial Regex BracketNotePattern();

    // The paper's name and page, with a date or the paper's name before the page number (a heading may end in "2.0版").
    [GeneratedRegex(@"^[^。，；！？：:]{0,40}?(?:(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2})[^。，；！？：:]{0,20}?第?\s*[\d０-９]{1,3}\s*版|[报刊][^。，；！？：:]{0,20}?第\s*[\d０-９一二三四五六七八九十]{1,3}\s*版)\s*[）)]?$")]
    private static partial Regex PaperPagePattern();

    // "责任编辑：周 洁", "来源：江城日报", "（编辑 李 明）": a colon and anything short, or an editor's word and names.
    [GeneratedRegex(@"^[（(【]?\s*(?:(?:本版|本期|责任|网络|文字|图片|视频)?(?:编辑|责编|校对|审核|审校|初审|复审|终审|监制|来源|稿源|撰稿|供稿|摄影|美编|排版)\s*[：:｜|]\s*[^。，；！？]{1,30}|(?:本版|责任)?(?:编辑|责编|校对|撰稿|摄影|美编)(?:\s+\p{IsCJKUnifiedIdeographs}{1,4})+)\s*[）)】]?$")]
    private static partial Regex EditorLinePattern();

    public static bool IsEditorial(string line)
    {
        line = line.Trim();
        return line.Length <= 60 && (BracketNotePattern().IsMatch(line) || PaperPagePattern().IsMatch(line) || EditorLinePattern().IsMatch(line));
    }

    /// <summary>
    /// The lines of a digest without empty lines, debris, editorial lines, and repeats of the first line (a running head),
    /// each with its line number in the file (from 1).
    /// </summary>
    public static List<(int Number, string Text)> NumberedContentLines(string raw)
    {
        var lines = new List<(int, string)>();
        string? first = null;
        var number = 0;
        foreach (var rawLine in raw.Replace("\r\n", "\n").Split('\n'))
        {
            number++;
            var line = rawLine.Trim().Trim('\uFEFF');
            if (line.Length == 0 || IsDebris(line) || IsEditorial(line.TrimStart('#').Trim())) continue;
            var bare = Chinese.RemoveWhitespace(line.TrimStart('#'));
            if (first is null) first = bare;
            else if (bare == first) continue;
            lines.Add((number, line));
        }
        return lines;
    }

    /// <summary>The lines of a digest without empty lines, debris, editorial lines, and repeats of the first line.</summary>
    public static List<string> ContentLines(string raw) => NumberedContentLines(raw).Select(l => l.Text).ToList();

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
