using QuizBot.Authoring.Digests;
using QuizBot.Authoring.Lint;
using QuizBot.Authoring.Nlp;
using QuizBot.Authoring.Text;
using QuizBot.Core.Questions;

namespace QuizBot.Authoring.Generation;

/// <summary>A generated question with the comment lines written above it and, for cloze, each option's part of speech.</summary>
internal sealed record Draft(QuestionFile.QuestionEntry Entry, IReadOnlyList<string> Comments, IReadOnlyList<string>? OptionFlags = null);

/// <summary>One output file: one speech (or the meeting) and its drafts.</summary>
internal sealed record DraftFile(string FileName, QuestionFile.SpeechHeader Speech, List<Draft> Questions);

internal sealed record GenerationResult(Digest Digest, List<DraftFile> Files, List<string> Warnings, Dictionary<string, int> Dropped);

/// <summary>
/// Turns a digest into draft questions of every kind (docs/authoring.md). Each candidate passes the gates before it is kept:
/// the bank's structural rules, lint's editorial rules, the answer not visible in its stem, distinct options, and no
/// near-duplicate of a question already kept. Choices are deterministic for a given seed.
/// </summary>
internal sealed partial class Generator(Jieba nlp, Errata errata, int seed = 1, StockPhrases? stockPhrases = null)
{
    private readonly StockPhrases stock = stockPhrases ?? StockPhrases.Load(StockPhrases.DefaultFile);

    /// <summary>Passages shown in a stem are cut to whole clauses within this many characters (Telegram allows 300 in all).</summary>
    public const int MaxPassage = 110;

    public const int MaxListQuote = 250;

    private const int AttributionPerSpeech = 3;
    private const int ClozePerSpeech = 4;
    private const int ClozeInIntro = 2;

    private readonly Random _random = new(seed);

    // Kept across digests of one run, so ids stay unique and no digest repeats another's questions.
    private readonly List<QuestionFile.QuestionEntry> _kept = [];
    private readonly Dictionary<string, int> _idCounters = [];

    // Per digest.
    private Dictionary<string, int> _dropped = [];
    private List<string> _warnings = [];
    private SeedCorpus? _seeds;
    private string _speechId = "";

    /// <summary>Questions already in the bank: a draft that near-duplicates one of them is not worth an editor's time.</summary>
    public void AvoidDuplicatesOf(IEnumerable<QuestionFile.QuestionEntry> bank) =>
        _kept.AddRange(bank.Where(q => q.Status != QuestionStatus.Rejected));

    public GenerationResult Generate(string raw, string source, int firstSpeechNumber = 1, string meetingFileName = "00-meeting.yaml")
    {
        _dropped = [];
        _warnings = [];
        var digest = DigestParser.Parse(raw, errata, source);
        var corpus = new Corpus(digest, SeedText.Normalize(raw, errata), errata, nlp);
        _seeds = corpus.Seeds;
        // The reader's doubts come first: an editor reading the console should see them before anything else.
        _warnings.AddRange(digest.Doubts);
        foreach (var s in corpus.Speeches.Append(corpus.Intro))
        {
            foreach (var sentence in s.Sentences.Where(x => x.Unusable?.StartsWith("possible typo", StringComparison.Ordinal) == true))
                _warnings.Add($"{Where(s)}: {sentence.Unusable} in “{sentence.Text}”: if so, add it to seeds/errata.yaml");
        }

        var files = new List<DraftFile>();
        var meeting = new QuestionFile.SpeechHeader { Id = Speech.MeetingId, Title = digest.Title };
        var meetingDrafts = new List<Draft>();
        Keep(meetingDrafts, meeting, MeetingQuestions(corpus));
        Keep(meetingDrafts, meeting, ClozeQuestions(corpus, corpus.Intro, ClozeInIntro));
        files.Add(new DraftFile(meetingFileName, meeting, meetingDrafts));

        var shared = SharedTerms(corpus);
        for (var i = 0; i < corpus.Speeches.Count; i++)
        {
            var info = corpus.Speeches[i];
            var s = info.Speech!;
            var number = firstSpeechNumber + i;
            var header = new QuestionFile.SpeechHeader { Id = $"s{number}", Speaker = s.Speaker, Posts = s.Posts, Title = s.Title };
            var drafts = new List<Draft>();
            _speechId = header.Id;
            Keep(drafts, header, AttributionQuestions(corpus, info));
            Keep(drafts, header, ClozeQuestions(corpus, info, ClozePerSpeech));
            Keep(drafts, header, JudgementQuestions(corpus, info));
            Keep(drafts, header, EnumerationQuestions(corpus, info));
            Keep(drafts, header, PostsQuestions(corpus, info));
            Keep(drafts, header, TitleQuestions(corpus, info));
            Keep(drafts, header, ComparisonQuestions(corpus, info, shared));
            Keep(drafts, header, ResponsibilityQuestions(corpus, info));
            ShareFamilies(drafts, header.Id);
            files.Add(new DraftFile($"{number:00}-s{number}.yaml", header, drafts));
        }
        return new GenerationResult(digest, files, _warnings, _dropped);
    }

    private static string Where(SpeechInfo s) => s.Speech is null ? "introduction" : $"speech {s.Speech.Number} ({s.Speech.Speaker})";

    /// <summary>Runs each candidate through the gates; a kept one gets the next id of its speech and kind.</summary>
    private void Keep(List<Draft> into, QuestionFile.SpeechHeader header, IEnumerable<Draft> candidates)
    {
        foreach (var draft in candidates)
        {
            var q = draft.Entry;
            var prefix = q.Kind == header.Id ? header.Id : $"{header.Id}-{q.Kind}";
            q.Id = $"{prefix}-g{_idCounters.GetValueOrDefault(prefix) + 1:000}";
            if (Gate(q, header) is { } reason)
            {
                _dropped[reason] = _dropped.GetValueOrDefault(reason) + 1;
                continue;
            }
            _idCounters[prefix] = _idCounters.GetValueOrDefault(prefix) + 1;
            _kept.Add(q);
            into.Add(draft);
        }
    }

    /// <summary>The gates every generated question passes; the reason for the first that fails, or null.</summary>
    private string? Gate(QuestionFile.QuestionEntry q, QuestionFile.SpeechHeader header)
    {
        var file = new QuestionFile { Speech = header, Questions = [q] };
        if (BankRules.Check("draft", file).FirstOrDefault() is { } broken) return "bank rule: " + broken.Rule;
        if (Editorial.Check(q, _seeds!).FirstOrDefault() is { } editorial) return "editorial: " + editorial;
        var answer = QuestionFile.ReadAnswer(q.Answer)!;
        if (q.Kind != QuestionKinds.Judgement && answer.Any(i => q.Question.Contains(q.Options[i].Trim(), StringComparison.Ordinal)))
            return "answer visible in its stem";
        if (q.Options.Select(Similarity.Normalize).Distinct().Count() != q.Options.Count) return "options alike";
        if (_kept.Any(k => Similarity.Compare(k.Question, q.Question) is not null)) return "near-duplicate of a kept question";
        return null;
    }

    private Draft Question(string kind, string question, IReadOnlyList<string> options, int answer, string explanation,
        string quote, string comment, IReadOnlyList<string>? optionFlags = null) =>
        Question(kind, question, options, [answer], explanation, quote, comment, optionFlags);

    /// <summary>A draft with one or several right options (<paramref name="answers"/> index <paramref name="options"/>).</summary>
    private Draft Question(string kind, string question, IReadOnlyList<string> options, IReadOnlyList<int> answers, string explanation,
        string quote, string comment, IReadOnlyList<string>? optionFlags = null)
    {
        // Judgement options stay 正确/错误 in that order (the bot keeps them); every other kind is shuffled here so the
        // right answer does not always sit first in the file (the bot shuffles again when serving).
        var order = Enumerable.Range(0, options.Count).ToArray();
        if (kind != QuestionKinds.Judgement) _random.Shuffle(order);
        var right = answers.Select(a => Array.IndexOf(order, a)).Order().ToList();
        var entry = new QuestionFile.QuestionEntry
        {
            Kind = kind,
            Status = QuestionStatus.Draft,
            Question = question,
            Options = order.Select(i => options[i]).ToList(),
            // As the YAML reader gives it: a scalar, or a list of scalars.
            Answer = right.Count == 1
                ? right[0].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : right.Select(i => (object)i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            Explanation = explanation,
            Quote = quote,
        };
        return new Draft(entry, [comment], optionFlags is null ? null : order.Select(i => optionFlags[i]).ToList());
    }

    /// <summary>
    /// The family of every question on one numbered list (its count, its members, a blank in a member): an enumeration
    /// question shows the members, so a question on one of them must never be served beside it.
    /// </summary>
    private string? ListFamily(SpeechInfo info, int? list) => list is { } k && info.Speech is not null ? $"{_speechId}-list{k + 1}" : null;

    private static Draft InFamily(Draft draft, string? family) => InFamily(family, draft);

    private static Draft InFamily(string? family, Draft draft)
    {
        if (family is not null) draft.Entry.Family = family;
        return draft;
    }

    /// <summary>
    /// Drafts quoting one passage ask about one fact (a post and its reverse, a title and its reverse, a list's count and
    /// the speaker's area in one sentence): they share a family, so an editor can approve them all and lint's
    /// “one quote, one family” and give-away rules still hold.
    /// </summary>
    private static void ShareFamilies(List<Draft> drafts, string speechId)
    {
        var used = drafts.Select(d => d.Entry.Family).OfType<string>().ToHashSet();
        foreach (var group in drafts.GroupBy(d => Similarity.Normalize(d.Entry.Quote ?? "")).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            var family = group.Select(d => d.Entry.Family).FirstOrDefault(f => f is not null);
            if (family is null)
            {
                family = $"{speechId}-{group.First().Entry.Kind}";
                for (var k = 2; used.Contains(family); k++) family = $"{speechId}-{group.First().Entry.Kind}-{k}";
                used.Add(family);
            }
            foreach (var d in group) d.Entry.Family = family;
        }
    }

    /// <summary><paramref name="count"/> items chosen by the seeded random source.</summary>
    private List<T> Pick<T>(IEnumerable<T> items, int count)
    {
        var picked = items.ToArray();
        _random.Shuffle(picked);
        return picked.Take(count).ToList();
    }

    /// <summary>Shown text of a passage: cut passages lose their trailing mark and end in an ellipsis.</summary>
    private static string Display(string paragraph, Span sentence, Span window)
    {
        var text = Clauses.TrimEndMark(paragraph.Substring(window.Start, window.Length));
        if (window.End < sentence.End) text += "……";
        if (window.Start > sentence.Start) text = "……" + text;
        return text;
    }

    /// <summary>A passage in “…”, its own quotation marks turned into the inner ‘…’ as Chinese nests them.</summary>
    private static string Quoted(string text) => "“" + text.Replace('“', '‘').Replace('”', '’') + "”";

    /// <summary>Text cut to whole clauses (or, failing that, whole words) within <paramref name="max"/>, marked with "…".</summary>
    private string Fit(string text, int max)
    {
        if (text.Length <= max) return text;
        if (Clauses.Fit(text, max - 1) is { } clauses) return Clauses.TrimEndMark(clauses) + "…";
        var end = nlp.Tag(text).Where(t => t.End <= max - 1).Select(t => t.End).DefaultIfEmpty(0).Max();
        return text[..end] + "…";
    }
}
