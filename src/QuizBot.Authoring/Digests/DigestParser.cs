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
    // SpeakerByPlace: a line taken for a speaker line by its shape and place alone, its posts ending with no post word.
    // SpeakerFirst, HeadingAfter: the layout that prints the speaker line above the heading.
    private enum LineKind { Title, Subtitle, HeadingStart, Heading, Speaker, SpeakerByPlace, SpeakerFirst, HeadingAfter, Text, Skip }

    public static Digest Parse(string raw, Errata errata, string source = "")
    {
        var numbered = SeedText.NumberedContentLines(raw);
        var lines = numbered.Select(l => l.Text).ToList();
        var kinds = lines.Any(l => l.StartsWith('#')) ? ClassifyMarkdown(lines) : ClassifyPlain(lines);

        var title = "";
        var subtitle = new List<string>();
        var intro = new List<string>();
        var speeches = new List<(string Heading, string SpeakerLine, string Speaker, int Line, List<string> Lines)>();
        var doubts = new List<string>();
        // After a line the reader is unsure of, nothing is credited to anyone until the next speech it is sure of.
        var unsure = false;
        var headingStart = "";
        for (var i = 0; i < lines.Count; i++)
        {
            var text = lines[i].TrimStart('#').Trim();
            switch (kinds[i])
            {
                case LineKind.Title: title = text; break;
                case LineKind.Subtitle: subtitle.Add(text); break;
                case LineKind.HeadingStart: headingStart = text + " "; break;
                case LineKind.Heading:
                    speeches.Add((headingStart + text, lines[i + 1], SpeakerOf(lines[i + 1]).Speaker, numbered[i + 1].Number, []));
                    if (kinds[i + 1] == LineKind.SpeakerByPlace)
                    {
                        doubts.Add($"line {numbered[i + 1].Number} “{Chinese.CollapseWhitespace(lines[i + 1])}” is taken as the speaker line of speech "
                            + $"{speeches.Count} ({speeches[^1].Speaker}) by its place and shape alone: “{SpeakerOf(lines[i + 1]).Posts}” ends with no post word; check it");
                    }
                    headingStart = "";
                    unsure = false;
                    break;
                // Every line of speaker shape is reported, also after a first doubt: three speeches without headings make three warnings.
                case LineKind.Text when ParseSpeakerLine(text) is not null || (ReadSpeakerShape(text) is not null && InSpeakerPlace(lines, i)):
                    doubts.Add($"line {numbered[i].Number} “{Chinese.CollapseWhitespace(text)}” in {Where()} reads like a speaker line (posts and a name) "
                        + $"but {WhyNotASpeakerLine(lines, kinds, i)}; the text from it to the next speech is not used");
                    unsure = true;
                    break;
                case LineKind.Text when RunInSpeakerLine(text) is { } runIn:
                    doubts.Add($"line {numbered[i].Number} in {Where()} starts with “{runIn}”, which reads like a speaker line run into "
                        + "its first paragraph; the text from it to the next speech is not used");
                    unsure = true;
                    break;
                case LineKind.SpeakerFirst:
                    speeches.Add((lines[i + 1].Trim(), lines[i], SpeakerOf(lines[i]).Speaker, numbered[i].Number, []));
                    unsure = false;
                    break;
                case LineKind.Text when unsure: break;
                case LineKind.Text when speeches.Count == 0: intro.Add(text); break;
                case LineKind.Text: speeches[^1].Lines.Add(text); break;
            }
        }

        var parsed = new List<SpeechText>();
        foreach (var (heading, speakerLine, speaker, line, body) in speeches)
        {
            var posts = SpeakerOf(speakerLine).Posts;
            var paragraphs = JoinParagraphs(body, errata);
            if (paragraphs.Count == 0)
                doubts.Add($"line {line} “{Chinese.CollapseWhitespace(speakerLine)}”: speech {parsed.Count + 1} ({speaker}) has no text of its own");
            parsed.Add(new SpeechText(parsed.Count + 1, errata.Correct(Chinese.CollapseWhitespace(heading)), speaker,
                errata.Correct(posts), errata.Normalize(speakerLine), paragraphs, NumberedLists.Find(paragraphs)));
        }
        var digestSubtitle = errata.Correct(Chinese.CollapseWhitespace(string.Join(" ", subtitle)));
        var introParagraphs = JoinParagraphs(intro, errata);
        if (StatedSpeakerCount(introParagraphs.Prepend(Chinese.RemoveWhitespace(digestSubtitle))) is { } stated && stated.Count != parsed.Count)
        {
            doubts.Add($"the digest says {stated.Count} spoke (“{stated.Phrase}”) but {parsed.Count} speeches were found: "
                + "check that every speaker line was recognised (a digest that prints only some of the speeches says so too)");
        }
        return new Digest(source, errata.Correct(Chinese.CollapseWhitespace(title)), digestSubtitle, introParagraphs, parsed, doubts);

        string Where() => speeches.Count == 0 ? "the introduction" : $"speech {speeches.Count} ({speeches[^1].Speaker})";
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

    /// <summary>
    /// Plain text: a speaker line is known by its shape (posts and a name, <see cref="ParseSpeakerLine"/>) and its place:
    /// just after a short heading line, and followed by the speech's text rather than by another such line (so a heading
    /// that itself ends in two to four characters, "人民法院 我的家", is not taken for the speaker line after it).
    /// </summary>
    private static LineKind[] ClassifyPlain(List<string> lines)
    {
        var kinds = new LineKind[lines.Count];
        Array.Fill(kinds, LineKind.Text);
        if (lines.Count == 0) return kinds;
        kinds[0] = LineKind.Title;
        // The title line cannot be a speech's heading, so the first speaker line is the third line at the earliest.
        for (var i = 2; i < lines.Count - 1; i++)
        {
            if (kinds[i - 1] != LineKind.Text || !IsHeadingLine(lines[i - 1]) || ParseSpeakerLine(lines[i + 1]) is not null) continue;
            var sure = ParseSpeakerLine(lines[i]) is not null;
            // Without support from post words, the place must leave no doubt: the heading stands alone after a finished
            // paragraph (or the title block) and prose follows.
            if (!sure && (ReadSpeakerShape(lines[i]) is null || !(i <= 3 || IsProse(lines[i - 2])) || !ReadsAsProse(lines[i + 1]))) continue;
            kinds[i - 1] = LineKind.Heading;
            kinds[i] = sure ? LineKind.Speaker : LineKind.SpeakerByPlace;
            // A heading printed on two lines ("守护好一江碧水" / "——关于…的建议"): a short line standing alone after a
            // finished paragraph belongs to it, not to the speech before.
            if (i >= 4 && kinds[i - 2] == LineKind.Text && IsHeadingLine(lines[i - 2]) && ParseSpeakerLine(lines[i - 2]) is null
                && IsProse(lines[i - 3]))
                kinds[i - 2] = LineKind.HeadingStart;
        }
        // Some layouts print the speaker line above the heading: after a finished paragraph (or the title), a line that
        // reads as a speaker line with its post words, then a heading line, then prose.
        for (var i = 1; i < lines.Count - 2; i++)
        {
            if (kinds[i] != LineKind.Text || kinds[i + 1] != LineKind.Text || !(i == 1 || IsProse(lines[i - 1]))) continue;
            if (ParseSpeakerLine(lines[i]) is null || !IsHeadingLine(lines[i + 1]) || ParseSpeakerLine(lines[i + 1]) is not null) continue;
            if (!ReadsAsProse(lines[i + 2]) || ParseSpeakerLine(lines[i + 2]) is not null) continue;
            kinds[i] = LineKind.SpeakerFirst;
            kinds[i + 1] = LineKind.HeadingAfter;
        }
        // Short lines without closing punctuation right after the title are its subtitle ("——…讲话摘登").
        for (var i = 1; i < lines.Count && kinds[i] == LineKind.Text && !IsProse(lines[i]) && lines[i].Length <= 100; i++)
            kinds[i] = LineKind.Subtitle;
        return kinds;
    }

    /// <summary>
    /// A speech's heading: a short line that is not a sentence of prose. It may start or end with a quotation mark
    /// (“小切口”撬动“大民生”), end with ！ or ？, or start with an organisation's name; it holds no 。 or ； and does not stop
    /// at a comma or colon as a line broken inside a paragraph does.
    /// </summary>
    private static bool IsHeadingLine(string line)
    {
        var bare = Chinese.RemoveWhitespace(line);
        return bare.Length is >= 2 and <= 80 && bare.IndexOfAny(['。', '；', ';']) < 0 && "，、：；…,:;".IndexOf(bare[^1]) < 0;
    }

    private static string WhyNotASpeakerLine(List<string> lines, LineKind[] kinds, int i) =>
        i + 1 < lines.Count && ParseSpeakerLine(lines[i + 1]) is not null ? "another such line follows it"
        : i + 1 >= lines.Count || kinds[i + 1] != LineKind.Text ? "no text follows it"
        : !IsHeadingLine(lines[i - 1]) ? "the line before it is not a heading (“" + Clip(lines[i - 1]) + "”)"
        : ParseSpeakerLine(lines[i]) is null ? "its posts end with no post word, and then its heading must stand alone after a finished paragraph"
        : "it was not taken for one";

    private static string Clip(string line)
    {
        var bare = Chinese.CollapseWhitespace(line);
        return bare.Length <= 20 ? bare : "……" + bare[^20..];
    }

    /// <summary>
    /// A speaker line printed on the same line as the speech's first paragraph ("××市政协主席 李 明 近年来，…"): two to
    /// four space-separated pieces that read as a speaker line, then prose. Null when the line does not start so.
    /// </summary>
    private static string? RunInSpeakerLine(string line)
    {
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var k = Math.Min(4, parts.Length - 1); k >= 2; k--)
        {
            var rest = string.Concat(parts[k..]);
            var head = string.Join(" ", parts[..k]);
            if (rest.IndexOfAny(['，', '。']) >= 0 && ParseSpeakerLine(head) is not null) return head;
        }
        return null;
    }

    // "会上，6位委员作大会发言", "十五名同志先后作了交流发言": the number of speakers the digest itself states.
    [GeneratedRegex(@"(?<n>\d{1,2}|[一二两三四五六七八九十]{1,3})(?:位|名)[^，。；、\d]{0,24}?(?:发言|讲话)")]
    private static partial Regex StatedCountPattern();

    private static (int Count, string Phrase)? StatedSpeakerCount(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            if (StatedCountPattern().Match(text) is { Success: true } m && Chinese.ParseNumeral(m.Groups["n"].Value) is { } n)
                return (n, m.Value);
        }
        return null;
    }

    /// <summary>After a short heading line and before prose: where a speaker line stands.</summary>
    private static bool InSpeakerPlace(List<string> lines, int i) =>
        i >= 2 && i + 1 < lines.Count && IsHeadingLine(lines[i - 1]) && ReadsAsProse(lines[i + 1]);

    private static bool ReadsAsProse(string line) => IsProse(line) || line.IndexOfAny(['，', '。', '；']) >= 0;

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

    // Generic Chinese post titles (not words of any one corpus): posts ending with one of them are surely posts.
    [GeneratedRegex("(主席|书记|主任|组长|成员|委员|常委|部长|局长|厅长|处长|科长|院长|校长|所长|会长|社长|行长|市长|省长|县长|区长|镇长|乡长|秘书长|理事长|董事长|经理|总监|总裁|主编|代表|专员|巡视员|调研员|司令员|政委|参事|馆长|台长|站长|队长|署长|检察长|庭长|负责人|总工程师|总会计师|总经济师|监事|主委|干事|教授|院士|医生|记者|工人|职工|农民|党员|创始人|主持人|合伙人)$")]
    private static partial Regex PostTitle();

    // Any list of titles misses one (原教务长, 主任医师, 法官, 研究员): the last character of a post is nearly always one of
    // these, so posts ending with one are taken as support too.
    private const string PostEndings = "长员席记任理监裁编表事委师官";

    // An organisation named without a post ("江川区东湖街道新村社区 李 明"): support only when the name is spaced, as
    // layouts space names to align them; a heading can name an organisation too.
    [GeneratedRegex("(?:会|委|院|局|部|厅|办|校|所|站|队|社区|街道|中心|公司|集团|大学|学院|政协|人大|政府|党组|支部|协会|学会|银行|医院|法院|检察院|村)$")]
    private static partial Regex OrganisationEnd();

    // Two to four Han characters, or a name with a middle dot (阿依古丽·买买提). Characters that are never part of a name
    // (的, 是, 在…) keep headings such as "人民法院 我的家" out.
    [GeneratedRegex(@"^(?:\p{IsCJKUnifiedIdeographs}{2,4}|\p{IsCJKUnifiedIdeographs}{1,8}·\p{IsCJKUnifiedIdeographs}{1,8})$")]
    private static partial Regex PersonName();

    [GeneratedRegex("[市省县区镇乡村厂校院局委]|公司|集团|中心|协会|学会|商会|街道|银行|政协|人大|政府|党组|支部|工会")]
    private static partial Regex PlaceOrOrganisation();

    [GeneratedRegex(@"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、是]|\d{1,2}[.、．]|第[一二三四五六七八九十]{1,3})")]
    private static partial Regex ListMarker();

    private const string NeverInNames = "的了是在和与及把被着们这那个我你他她它";

    [GeneratedRegex(@"^(?<name>[^\s（(]+(?:\s[^\s（(]+)?)\s*[（(](?<posts>[^）)]+)[）)]$")]
    private static partial Regex NameThenPostsInBrackets();

    /// <summary>
    /// Reads "posts name", "name posts" or "name（posts）". The name is two to four Han characters, which layouts often space
    /// to align them ("李 明", read 李明). Whether the name is also a place or a common word (高峰, 金华) does not matter:
    /// the line's shape decides. The posts must read as posts: ending with a post title of the generic list or with a
    /// character posts end with (…长, …员, …师), or, beside a spaced name, ending with an organisation. In "name posts"
    /// the posts must end with a listed title, as a heading of two phrases ("深化改革 加强管理") reads the same way.
    /// Null for anything else, including prose.
    /// </summary>
    public static (string Speaker, string Posts)? ParseSpeakerLine(string line) => ReadSpeakerLine(line, requireSupport: true);

    /// <summary>
    /// The shape of a speaker line without support from post words: "posts name" or "name（posts）" with a name of two or
    /// three characters that does not end like a post. Only a line in a speaker line's place is read so.
    /// </summary>
    private static (string Speaker, string Posts)? ReadSpeakerShape(string line) => ReadSpeakerLine(line, requireSupport: false);

    private static (string Speaker, string Posts) SpeakerOf(string line) => (ParseSpeakerLine(line) ?? ReadSpeakerShape(line))!.Value;

    private static (string Speaker, string Posts)? ReadSpeakerLine(string line, bool requireSupport)
    {
        line = line.Trim();
        if (line.Length is 0 or > 80 || line.StartsWith('#')) return null;
        if (NameThenPostsInBrackets().Match(line) is { Success: true } b)
        {
            var spaced = b.Groups["name"].Value.Contains(' ', StringComparison.Ordinal);
            return Accept(Chinese.RemoveWhitespace(b.Groups["name"].Value), b.Groups["posts"].Value, spaced, strict: false, requireSupport);
        }
        if (IsProse(line)) return null;
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) return null;
        if (Accept(parts[^1], string.Join(" ", parts[..^1]), spaced: false, strict: false, requireSupport) is { } nameLast) return nameLast;
        // Two or three single Han characters in a row at one end of the line are one spaced name.
        var singlesAtEnd = parts.Reverse().TakeWhile(IsSingleHan).Count();
        if (singlesAtEnd is 2 or 3 && singlesAtEnd < parts.Length
            && Accept(string.Concat(parts[^singlesAtEnd..]), string.Join(" ", parts[..^singlesAtEnd]), spaced: true, strict: false, requireSupport) is { } spacedLast)
            return spacedLast;
        if (Accept(parts[0], string.Join(" ", parts[1..]), spaced: false, strict: true, requireSupport) is { } nameFirst) return nameFirst;
        var singlesAtStart = parts.TakeWhile(IsSingleHan).Count();
        return singlesAtStart is 2 or 3 && singlesAtStart < parts.Length
            ? Accept(string.Concat(parts[..singlesAtStart]), string.Join(" ", parts[singlesAtStart..]), spaced: true, strict: true, requireSupport)
            : null;

        static bool IsSingleHan(string part) => part.Length == 1 && Chinese.IsHan(part[0]);
    }

    private static (string, string)? Accept(string name, string posts, bool spaced, bool strict, bool requireSupport)
    {
        posts = posts.Trim();
        var bare = Chinese.RemoveWhitespace(posts);
        if (!PersonName().IsMatch(name) || name.Any(c => NeverInNames.Contains(c)) || PostTitle().IsMatch(name)) return null;
        if (bare.Length < 2 || !bare.All(c => Chinese.IsHan(c) || char.IsAsciiLetterOrDigit(c) || "、，·（）()“”—-".Contains(c))) return null;
        var tail = bare.TrimEnd('”', '）', ')'); // 江城市“第一书记”
        var supported = tail.Length >= 2 && (PostTitle().IsMatch(tail)
            || (!strict && (PostEndings.Contains(tail[^1]) || (spaced && OrganisationEnd().IsMatch(tail)))));
        if (supported) return (name, posts);
        // Shape alone: the name last, of two or three characters not ending like a post; the posts name a place or an
        // organisation somewhere ("江城机床厂退休职工") and are no list marker ("（一）加强 党建").
        return !requireSupport && !strict && (name.Length <= 3 || name.Contains('·')) && !PostEndings.Contains(name[^1]) && bare.Length <= 40
            && !ListMarker().IsMatch(bare) && PlaceOrOrganisation().IsMatch(bare) ? (name, posts) : null;
    }
}
