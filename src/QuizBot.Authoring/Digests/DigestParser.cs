using System.Text.RegularExpressions;
using QuizBot.Authoring.Text;

namespace QuizBot.Authoring.Digests;

/// <summary>
/// Reads a speech digest, either Markdown like our seed (# title, ## subtitle, ### speech headings) or plain text as
/// digests are published on the web (a title line, then per speech a heading line, a line with posts and name, paragraphs).
/// Nothing here knows our seed: speeches are found by the shape of their speaker line.
/// </summary>
internal static partial class DigestParser
{
    private enum LineKind { Title, Subtitle, Heading, Speaker, Text, Skip }

    public static Digest Parse(string raw, Errata errata, string source = "")
    {
        var lines = SeedText.ContentLines(raw);
        var kinds = lines.Any(l => l.StartsWith('#')) ? ClassifyMarkdown(lines) : ClassifyPlain(lines);

        var title = "";
        var subtitle = new List<string>();
        var intro = new List<string>();
        var speeches = new List<(string Heading, string SpeakerLine, List<string> Lines)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var text = lines[i].TrimStart('#').Trim();
            switch (kinds[i])
            {
                case LineKind.Title: title = text; break;
                case LineKind.Subtitle: subtitle.Add(text); break;
                case LineKind.Heading:
                    speeches.Add((text, lines[i + 1], []));
                    break;
                case LineKind.Text when speeches.Count == 0: intro.Add(text); break;
                case LineKind.Text: speeches[^1].Lines.Add(text); break;
            }
        }

        var parsed = new List<SpeechText>();
        foreach (var (heading, speakerLine, body) in speeches)
        {
            var (speaker, posts) = ParseSpeakerLine(speakerLine)!.Value;
            var paragraphs = JoinParagraphs(body, errata);
            parsed.Add(new SpeechText(parsed.Count + 1, errata.Correct(Chinese.CollapseWhitespace(heading)), speaker,
                errata.Correct(posts), errata.Normalize(speakerLine), paragraphs, NumberedLists.Find(paragraphs)));
        }
        return new Digest(source, errata.Correct(Chinese.CollapseWhitespace(title)),
            errata.Correct(Chinese.CollapseWhitespace(string.Join(" ", subtitle))), JoinParagraphs(intro, errata), parsed);
    }

    private static LineKind[] ClassifyMarkdown(List<string> lines)
    {
        var kinds = new LineKind[lines.Count];
        var seenSpeech = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (!line.StartsWith('#'))
            {
                kinds[i] = i > 0 && kinds[i - 1] == LineKind.Heading ? LineKind.Speaker : LineKind.Text;
                continue;
            }
            var level = line.TakeWhile(c => c == '#').Count();
            var followedBySpeaker = i + 1 < lines.Count && !lines[i + 1].StartsWith('#') && ParseSpeakerLine(lines[i + 1]) is not null;
            if (level == 1 && !kinds.Take(i).Contains(LineKind.Title)) kinds[i] = LineKind.Title;
            else if (followedBySpeaker) { kinds[i] = LineKind.Heading; seenSpeech = true; }
            else if (!seenSpeech) kinds[i] = LineKind.Subtitle;
            else kinds[i] = LineKind.Skip; // a section heading inside a speech is structure, not prose to quote
        }
        return kinds;
    }

    private static LineKind[] ClassifyPlain(List<string> lines)
    {
        var kinds = new LineKind[lines.Count];
        Array.Fill(kinds, LineKind.Text);
        if (lines.Count == 0) return kinds;
        kinds[0] = LineKind.Title;
        // A speaker line is announced by a short heading line just before it; the title line cannot be that heading.
        for (var i = 2; i < lines.Count; i++)
        {
            if (kinds[i - 1] != LineKind.Text || (IsProse(lines[i - 1]) && ParseSpeakerLine(lines[i - 1]) is null) || lines[i - 1].Length > 80) continue;
            if (ParseSpeakerLine(lines[i]) is null) continue;
            kinds[i - 1] = LineKind.Heading;
            kinds[i] = LineKind.Speaker;
        }
        // Short lines without closing punctuation right after the title are its subtitle ("——…讲话摘登").
        for (var i = 1; i < lines.Count && kinds[i] == LineKind.Text && !IsProse(lines[i]) && lines[i].Length <= 100; i++)
            kinds[i] = LineKind.Subtitle;
        return kinds;
    }

    /// <summary>A line of prose ends with sentence punctuation; headings and speaker lines do not.</summary>
    private static bool IsProse(string line) => Chinese.ParagraphEnds.Contains(line.TrimEnd()[^1]);

    /// <summary>
    /// Joins lines into paragraphs: a line that does not end a sentence was broken by a page or a line break, and so was
    /// the line before one that starts with a clause mark. Then whitespace is removed and the errata applied.
    /// </summary>
    public static List<string> JoinParagraphs(IEnumerable<string> lines, Errata errata)
    {
        var paragraphs = new List<string>();
        foreach (var line in lines.Select(Chinese.RemoveWhitespace).Where(l => l.Length > 0))
        {
            var continues = paragraphs.Count > 0 &&
                (!Chinese.ParagraphEnds.Contains(paragraphs[^1][^1]) || "，、；：。,;:".Contains(line[0]));
            if (continues) paragraphs[^1] += line;
            else paragraphs.Add(line);
        }
        return paragraphs.Select(errata.Normalize).ToList();
    }

    // Generic Chinese post titles (not words of any one corpus): a speaker line's posts end with one of them.
    [GeneratedRegex("(主席|书记|主任|组长|成员|委员|常委|部长|局长|厅长|处长|科长|院长|校长|所长|会长|社长|行长|市长|省长|县长|区长|镇长|乡长|秘书长|理事长|董事长|经理|总监|总裁|主编|代表|专员|巡视员|调研员|司令员|政委|参事|馆长|台长|站长|队长|署长|检察长|庭长|负责人|总工程师|总会计师|总经济师|监事|主委|干事)$")]
    private static partial Regex PostTitle();

    [GeneratedRegex(@"^(?:\p{IsCJKUnifiedIdeographs}{2,4}|\p{IsCJKUnifiedIdeographs}{1,8}·\p{IsCJKUnifiedIdeographs}{1,8})$")]
    private static partial Regex PersonName();

    [GeneratedRegex(@"^(?<name>[^\s（(]+)\s*[（(](?<posts>[^）)]+)[）)]$")]
    private static partial Regex NameThenPostsInBrackets();

    /// <summary>
    /// Reads "posts name", "name posts" or "name（posts）"; the side that is a short run of Han characters is the name, the
    /// side ending in a post title is the posts. Null for anything else, including prose.
    /// </summary>
    public static (string Speaker, string Posts)? ParseSpeakerLine(string line)
    {
        line = line.Trim();
        if (line.Length is 0 or > 80 || line.StartsWith('#')) return null;
        if (NameThenPostsInBrackets().Match(line) is { Success: true } b)
            return Accept(b.Groups["name"].Value, b.Groups["posts"].Value);
        if (IsProse(line)) return null;
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) return null;
        return Accept(parts[^1], string.Join(" ", parts[..^1])) ?? Accept(parts[0], string.Join(" ", parts[1..]));

        static (string, string)? Accept(string name, string posts) =>
            PersonName().IsMatch(name) && !PostTitle().IsMatch(name) && posts.Length >= 2 && PostTitle().IsMatch(posts)
                ? (name, posts.Trim())
                : null;
    }
}
