using QuizBot.Authoring.Digests;
using QuizBot.Authoring.Nlp;
using QuizBot.Authoring.Text;

namespace QuizBot.Authoring.Generation;

/// <summary>A sentence that may be quoted, with where it lies and why it may not be used.</summary>
/// <remarks>
/// <see cref="List"/> is the index (in the speech's lists) of the numbered list whose member this sentence is: such a
/// sentence is shown as an option by that list's enumeration questions, so a question on it shares their family.
/// </remarks>
internal sealed record Sentence(int Speech, int Paragraph, Span Span, string Text, string? Unusable, int? List = null);

/// <summary>One speech (or, with <see cref="Speech"/> null, the digest's introduction) as the generator sees it.</summary>
internal sealed class SpeechInfo
{
    public required SpeechText? Speech { get; init; }
    public required int Index { get; init; }
    public required IReadOnlyList<string> Paragraphs { get; init; }
    public required List<List<Token>> Tokens { get; init; }
    public required List<List<Span>> Avoid { get; init; }
    public required List<Sentence> Sentences { get; init; }
    public required Dictionary<string, double> Keywords { get; init; }

    public IEnumerable<Token> TokensIn(int paragraph, Span span) =>
        Tokens[paragraph].Where(t => t.Start >= span.Start && t.End <= span.End);

    public bool Avoided(int paragraph, Span span) => Avoid[paragraph].Any(a => a.Overlaps(span));

    /// <summary>Sentences already asked about: one question per passage, so no two questions give each other away.</summary>
    public HashSet<(int Paragraph, int Start)> UsedSentences { get; } = [];

    /// <summary>Terms already blanked or swapped in this speech.</summary>
    public HashSet<string> UsedTerms { get; } = [];
}

/// <summary>
/// What the generator knows about one digest: its normalised text (to check quotes and substitutions against), every
/// speech tagged once, and the digest's own vocabulary, where distractors of the answer's kind are looked for first.
/// </summary>
internal sealed partial class Corpus
{
    /// <summary>Parts of speech a blank may take: nouns, verbs, verbal nouns, fixed phrases, idioms, adjectives.</summary>
    public static readonly string[] ContentFlags = ["n", "nz", "vn", "v", "l", "i", "a", "an", "nl"];

    private static readonly HashSet<string> ContentFlagSet = [.. ContentFlags];

    public Corpus(Digest digest, string normalizedText, Errata errata, Jieba nlp)
    {
        Digest = digest;
        Text = normalizedText;
        Seeds = new SeedCorpus(errata, [(digest.Source, normalizedText)]);
        Intro = Analyse(null, -1, digest.Intro, errata, nlp);
        Speeches = digest.Speeches.Select((s, i) => Analyse(s, i, s.Paragraphs, errata, nlp)).ToList();

        foreach (var tokens in Speeches.Append(Intro).SelectMany(i => i.Tokens))
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                var members = new List<string> { tokens[i].Word };
                var j = i + 1;
                while (j + 1 < tokens.Count && ListJoiners.Contains(tokens[j].Word))
                {
                    members.Add(tokens[j + 1].Word);
                    j += 2;
                }
                if (members.Count < 2) continue;
                foreach (var m in members)
                {
                    if (!Siblings.TryGetValue(m, out var set)) Siblings[m] = set = [];
                    set.UnionWith(members.Where(x => x != m));
                }
                i = j - 1;
            }
        }

        Vocabulary = Speeches.Append(Intro)
            .SelectMany(info => info.Tokens.SelectMany(p => p).Select(t => (Token: t, info.Index)))
            .Where(x => ContentFlagSet.Contains(x.Token.Flag) && x.Token.Word.Length >= 2 && Chinese.IsAllHan(x.Token.Word))
            .GroupBy(x => x.Token.Word)
            .Select(g => new Term(g.Key, g.GroupBy(x => x.Token.Flag).OrderByDescending(f => f.Count()).First().Key,
                [.. g.Select(x => x.Index)], g.Count()))
            .OrderBy(t => t.Word, StringComparer.Ordinal)
            .ToList();

        SpeechFrequency = Speeches
            .SelectMany(s => s.Tokens.SelectMany(p => p).Select(t => t.Word).Distinct())
            .GroupBy(w => w)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    public Digest Digest { get; }
    public string Text { get; }
    public SeedCorpus Seeds { get; }
    public SpeechInfo Intro { get; }
    public List<SpeechInfo> Speeches { get; }
    /// <summary>A content word of the digest: its usual part of speech, the speeches using it (-1: the introduction), how often.</summary>
    public sealed record Term(string Word, string Flag, HashSet<int> Speeches, int Count);

    /// <summary>Every content word of the digest, where distractors of the answer's kind are looked for.</summary>
    public List<Term> Vocabulary { get; }

    /// <summary>
    /// Words the digest lists side by side ("政治判断力、政治领悟力、政治执行力"): as a distractor a sibling of the answer
    /// would often be right as well, so siblings are never offered.
    /// </summary>
    public Dictionary<string, HashSet<string>> Siblings { get; } = [];

    private static readonly HashSet<string> ListJoiners = ["、", "和", "与", "及", "以及"];

    /// <summary>In how many speeches a word occurs: a word every speaker uses is no test of having read one speech.</summary>
    public Dictionary<string, int> SpeechFrequency { get; }

    public const int MinSentence = 12;

    private static SpeechInfo Analyse(SpeechText? speech, int index, IReadOnlyList<string> paragraphs, Errata errata, Jieba nlp)
    {
        var tokens = paragraphs.Select(nlp.Tag).ToList();
        // A list member's own sentence is asked about by enumeration questions, where it is an option: a passage question
        // on it would give that answer away.
        var leads = (speech?.Lists ?? []).SelectMany((l, k) => l.Items.Select(i => (List: k, i.Paragraph, Span: new Span(i.Span.Start, i.Lead.Length)))).ToList();
        var avoid = paragraphs.Select(errata.AvoidSpans).ToList();
        var sentences = new List<Sentence>();
        for (var p = 0; p < paragraphs.Count; p++)
        {
            foreach (var raw in Clauses.Sentences(paragraphs[p]))
            {
                var span = StripMarker(paragraphs[p], raw);
                var text = paragraphs[p].Substring(span.Start, span.Length);
                var tokensIn = tokens[p].Where(t => t.Start >= span.Start && t.End <= span.End).ToList();
                string? unusable = null;
                if (avoid[p].Any(a => a.Overlaps(raw))) unusable = "in a passage the errata mark avoid";
                else if (TypoScan.Suspicion(text, tokensIn) is { } typo) unusable = "possible typo: " + typo;
                else if (text.Length < MinSentence) unusable = "too short";
                else if (text.EndsWith('：') || text.EndsWith(':')) unusable = "announces a list";
                var member = leads.Where(l => l.Paragraph == p && (Overlap(l.Span, span) * 2 >= span.Length || Overlap(l.Span, span) == l.Span.Length))
                    .Select(l => (int?)l.List).FirstOrDefault();
                sentences.Add(new Sentence(index, p, span, text, unusable, member));
            }
        }
        var keywords = speech is null && paragraphs.Count == 0
            ? []
            : nlp.Keywords(string.Concat(paragraphs), 60, ContentFlags)
                .GroupBy(k => k.Word).ToDictionary(g => g.Key, g => g.First().Weight);
        return new SpeechInfo
        {
            Speech = speech,
            Index = index,
            Paragraphs = paragraphs,
            Tokens = tokens,
            Avoid = avoid,
            Sentences = sentences,
            Keywords = keywords,
        };
    }

    private static int Overlap(Span a, Span b) => Math.Max(0, Math.Min(a.End, b.End) - Math.Max(a.Start, b.Start));

    /// <summary>"第一，…", "一是…", "（一）…", "首先，…": the marker is structure, not part of what was said.</summary>
    private static Span StripMarker(string paragraph, Span sentence)
    {
        var text = paragraph.Substring(sentence.Start, sentence.Length);
        var m = MarkerPattern().Match(text);
        return m.Success ? new Span(sentence.Start + m.Length, sentence.Length - m.Length) : sentence;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^(?:第[一二三四五六七八九十]{1,3}[，、：]|[一二三四五六七八九十]{1,3}是|（[一二三四五六七八九十]{1,3}）|[一二三四五六七八九十]{1,3}、|(?:首先|其次|再次|最后|同时|此外)，|包括：)")]
    private static partial System.Text.RegularExpressions.Regex MarkerPattern();
}
