using System.Text;
using QuizBot.Core.Questions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace QuizBot.Core.Daily;

/// <summary>One day's excerpt: a passage of one speech.</summary>
public sealed record Passage(int Index, Speech Speech, string Text);

/// <summary>
/// The excerpts of the daily push, in reading order: the speech digest cut into passages of a few paragraphs, never across
/// two speeches. Each subscription keeps a cursor that moves one passage a day and wraps around, so a subscriber reads the
/// whole digest over the weeks. The passages come from the seed digests (seeds/*.txt|md, errata applied); when there is no
/// readable seed they are made of the bank's approved quotes, grouped by speech.
/// </summary>
public sealed class PassageBook
{
    public const int MinChars = 280;
    public const int MaxChars = 700;

    private readonly Dictionary<int, IReadOnlyList<Question>> _questions;

    public PassageBook(IReadOnlyList<Passage> passages, QuestionBank bank, string source)
    {
        if (passages.Count == 0) throw new ArgumentException("a passage book needs at least one passage", nameof(passages));
        Passages = passages;
        Source = source;
        // A question belongs to a passage when its quote (whitespace removed) is in the passage.
        _questions = passages.ToDictionary(p => p.Index, p => (IReadOnlyList<Question>)bank.Approved
            .Where(q => q.Quote.Length > 0 && p.Text.Contains(DigestText.RemoveWhitespace(q.Quote), StringComparison.Ordinal))
            .ToList());
    }

    public IReadOnlyList<Passage> Passages { get; }

    /// <summary>Where the passages came from: a seeds folder, or "quotes".</summary>
    public string Source { get; }

    public int Count => Passages.Count;

    /// <summary>The passage for a subscription's cursor (the number of pushes it has had).</summary>
    public Passage At(long cursor) => Passages[(int)(((cursor % Count) + Count) % Count)];

    /// <summary>Approved questions whose quote lies in the passage, in bank order.</summary>
    public IReadOnlyList<Question> QuestionsIn(Passage passage) => _questions.GetValueOrDefault(passage.Index) ?? [];

    /// <summary>The seed digests when they can be read, else the bank's quotes; <paramref name="problem"/> says why seeds were not used.</summary>
    public static PassageBook Load(string seedsFolder, QuestionBank bank, out string? problem)
    {
        problem = null;
        try
        {
            var files = Directory.Exists(seedsFolder)
                ? Directory.GetFiles(seedsFolder).Where(f => Path.GetExtension(f).ToLowerInvariant() is ".txt" or ".md")
                    .Order(StringComparer.Ordinal).ToList()
                : [];
            if (files.Count == 0)
            {
                problem = $"no seed digest (*.txt, *.md) in {Path.GetFullPath(seedsFolder)}";
            }
            else
            {
                var errataPath = Path.Combine(seedsFolder, "errata.yaml");
                var errata = File.Exists(errataPath) ? DigestText.ParseErrata(File.ReadAllText(errataPath)) : [];
                var passages = new List<Passage>();
                foreach (var file in files)
                    passages.AddRange(FromDigest(File.ReadAllText(file), errata, bank, passages.Count));
                if (passages.Count > 0) return new PassageBook(passages, bank, seedsFolder);
                problem = $"the seed digests in {Path.GetFullPath(seedsFolder)} have no speeches";
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            problem = $"the seeds in {Path.GetFullPath(seedsFolder)} could not be read: {ex.Message}";
        }
        return FromQuotes(bank);
    }

    /// <summary>Passages from one digest: the introduction (the meeting) and each speech, cut into passages.</summary>
    public static IReadOnlyList<Passage> FromDigest(string digest, IReadOnlyList<(string Wrong, string Right)> errata, QuestionBank bank, int firstIndex = 0)
    {
        var passages = new List<Passage>();
        var sections = DigestText.Sections(digest, errata);
        for (var n = 0; n < sections.Count; n++)
        {
            var section = sections[n];
            var speech = MatchSpeech(section, bank, n);
            foreach (var text in Cut(section.Paragraphs))
                passages.Add(new Passage(firstIndex + passages.Count, speech, text));
        }
        return passages;
    }

    /// <summary>Passages made of the approved questions' quotes, speech by speech, for a bot started without seeds.</summary>
    public static PassageBook FromQuotes(QuestionBank bank)
    {
        var passages = new List<Passage>();
        foreach (var speech in bank.Speeches)
        {
            var quotes = bank.Approved.Where(q => q.Speech.Id == speech.Id && q.Quote.Length > 0)
                .Select(q => DigestText.RemoveWhitespace(q.Quote)).Distinct().ToList();
            foreach (var text in Cut(quotes, "……"))
                passages.Add(new Passage(passages.Count, speech, text));
        }
        return new PassageBook(passages, bank, "quotes");
    }

    private static Speech MatchSpeech(DigestSection section, QuestionBank bank, int number)
    {
        var title = DigestText.RemoveWhitespace(section.Title);
        if (section.SpeakerLine is null)
            return bank.Speeches.FirstOrDefault(s => s.IsMeeting) ?? new Speech(Speech.MeetingId, "", "", section.Title);
        return bank.Speeches.FirstOrDefault(s => DigestText.RemoveWhitespace(s.Title) == title)
            ?? bank.Speeches.FirstOrDefault(s => !s.IsMeeting && s.Speaker.Length > 0 && section.SpeakerLine.EndsWith(s.Speaker, StringComparison.Ordinal))
            ?? FromSpeakerLine(section, number);
    }

    private static Speech FromSpeakerLine(DigestSection section, int number)
    {
        var parts = section.SpeakerLine!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var speaker = parts.Length > 1 ? parts[^1] : section.SpeakerLine;
        var posts = parts.Length > 1 ? string.Join(" ", parts[..^1]) : "";
        return new Speech($"seed-{number}", speaker, posts, section.Title);
    }

    /// <summary>
    /// Joins paragraphs into passages of at least <see cref="MinChars"/> where the text allows and at most
    /// <see cref="MaxChars"/>; a longer paragraph is cut at sentence ends.
    /// </summary>
    public static IEnumerable<string> Cut(IEnumerable<string> paragraphs, string separator = "\n\n")
    {
        var current = new StringBuilder();
        foreach (var piece in paragraphs.SelectMany(p => p.Length <= MaxChars ? [p] : DigestText.Sentences(p, MaxChars)))
        {
            if (current.Length > 0 && current.Length + separator.Length + piece.Length > MaxChars)
            {
                yield return current.ToString();
                current.Clear();
            }
            if (current.Length > 0) current.Append(separator);
            current.Append(piece);
            if (current.Length >= MinChars)
            {
                yield return current.ToString();
                current.Clear();
            }
        }
        if (current.Length > 0) yield return current.ToString();
    }
}

/// <summary>A part of a digest: the introduction (no speaker line) or one speech, with its paragraphs as read.</summary>
public sealed record DigestSection(string Title, string? SpeakerLine, IReadOnlyList<string> Paragraphs);

/// <summary>
/// Reads the seed digest's simple Markdown shape: "# title", "## subtitle", then per speech "### heading" followed by the
/// speaker line ("posts name") and paragraphs. Paragraphs arrive broken by page and line breaks (even inside a word):
/// a line that does not end a sentence continues in the next. Whitespace is removed (it carries nothing in Chinese prose)
/// and the errata are applied, as the authoring tool does (docs/errata.md).
/// </summary>
public static class DigestText
{
    private const string SentenceEnds = "。！？!?；;…：:”’」』）)";

    public static string RemoveWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    public static IReadOnlyList<DigestSection> Sections(string digest, IReadOnlyList<(string Wrong, string Right)> errata)
    {
        var sections = new List<(string Title, string? Speaker, List<string> Lines)>();
        var title = "";
        var expectSpeaker = false;
        foreach (var raw in digest.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim().Trim('\uFEFF');
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var level = line.TakeWhile(c => c == '#').Count();
                var text = line.TrimStart('#').Trim();
                if (level == 1 && title.Length == 0)
                {
                    title = text;
                    sections.Add((title, null, []));
                }
                else if (level >= 3)
                {
                    sections.Add((text, null, []));
                    expectSpeaker = true;
                }
                continue;
            }
            if (sections.Count == 0) sections.Add(("", null, []));
            if (expectSpeaker)
            {
                sections[^1] = (sections[^1].Title, line, sections[^1].Lines);
                expectSpeaker = false;
                continue;
            }
            sections[^1].Lines.Add(line);
        }
        return sections.Where(s => s.Lines.Count > 0)
            .Select(s => new DigestSection(s.Title, s.Speaker, JoinParagraphs(s.Lines, errata)))
            .ToList();
    }

    public static IReadOnlyList<string> JoinParagraphs(IEnumerable<string> lines, IReadOnlyList<(string Wrong, string Right)> errata)
    {
        var paragraphs = new List<string>();
        foreach (var line in lines.Select(RemoveWhitespace).Where(l => l.Length > 0))
        {
            if (paragraphs.Count > 0 && !SentenceEnds.Contains(paragraphs[^1][^1])) paragraphs[^1] += line;
            else paragraphs.Add(line);
        }
        return paragraphs.Select(p => Correct(p, errata)).ToList();
    }

    public static string Correct(string text, IReadOnlyList<(string Wrong, string Right)> errata)
    {
        foreach (var (wrong, right) in errata) text = text.Replace(wrong, right, StringComparison.Ordinal);
        return text;
    }

    /// <summary>Splits a long paragraph after sentence ends into pieces of at most <paramref name="max"/> characters.</summary>
    public static IEnumerable<string> Sentences(string paragraph, int max)
    {
        var start = 0;
        while (paragraph.Length - start > max)
        {
            var cut = -1;
            for (var i = start + max - 1; i > start; i--)
            {
                if ("。！？!?；;".Contains(paragraph[i])) { cut = i + 1; break; }
            }
            if (cut < 0) cut = start + max; // no sentence end: cut hard rather than exceed the limit
            yield return paragraph[start..cut];
            start = cut;
        }
        if (start < paragraph.Length) yield return paragraph[start..];
    }

    private sealed class Entry
    {
        public string Wrong { get; set; } = "";
        public string? Right { get; set; }
        public bool Avoid { get; set; }
        public string? Note { get; set; }
    }

    /// <summary>
    /// The corrections of seeds/errata.yaml (docs/errata.md), whitespace removed; entries marked <c>avoid</c> have no known
    /// right reading and change nothing.
    /// </summary>
    public static IReadOnlyList<(string Wrong, string Right)> ParseErrata(string yaml)
    {
        var entries = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).IgnoreUnmatchedProperties()
            .Build().Deserialize<List<Entry>>(yaml) ?? [];
        return entries.Where(e => !e.Avoid && e.Right is not null && RemoveWhitespace(e.Wrong).Length > 0)
            .Select(e => (RemoveWhitespace(e.Wrong), RemoveWhitespace(e.Right!))).ToList();
    }
}
