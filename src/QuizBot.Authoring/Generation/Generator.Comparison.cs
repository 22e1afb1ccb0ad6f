using System.Text.RegularExpressions;
using QuizBot.Authoring.Digests;
using QuizBot.Authoring.Text;
using QuizBot.Core.Questions;

namespace QuizBot.Authoring.Generation;

/// <summary>
/// Kinds that set speeches side by side: which speakers spoke of a term (comparison), who spoke of which area of work
/// (responsibility), and which points a list holds (multiple, several right answers, asked with the list's enumeration questions).
/// </summary>
internal sealed partial class Generator
{
    private const int ComparisonsPerSpeech = 2;

    /// <summary>Things one talks about: nouns and verbal nouns (not idioms or set verbs such as 认真学习, 坚持不懈).</summary>
    private static readonly string[] CompareFlags = ["n", "nz", "vn", "nl"];

    /// <summary>A term some speakers (2 to half of them) use and the others never: a fact about who said what.</summary>
    private sealed record SharedTerm(string Word, List<SpeechInfo> Users, List<SpeechInfo> Others, double Weight);

    /// <summary>
    /// Terms fit to compare speakers on: nouns of at least four characters that some speeches use and the others do not
    /// even contain, a TF-IDF keyword of each speech using it, never a set phrase of the
    /// genre, a very common word, or a word of a post (a post would tell). Heaviest first, none part of another.
    /// </summary>
    private List<SharedTerm> SharedTerms(Corpus corpus)
    {
        var n = corpus.Speeches.Count;
        if (n < 4) return [];
        var texts = corpus.Speeches.Select(s => string.Concat(s.Paragraphs)).ToList();
        var posts = string.Concat(corpus.Digest.Speeches.Select(s => s.Posts));
        var own = OwnNames(corpus);
        var terms = new List<SharedTerm>();
        foreach (var v in corpus.Vocabulary)
        {
            if (!CompareFlags.Contains(v.Flag) || v.Word.Length < 4) continue;
            if (stock.Contains(v.Word) || Distractors.IsGeneric(nlp, v.Word) || posts.Contains(v.Word, StringComparison.Ordinal)) continue;
            if (own.Any(o => v.Word.Contains(o, StringComparison.Ordinal))) continue;
            var users = corpus.Speeches.Where((_, i) => texts[i].Contains(v.Word, StringComparison.Ordinal)).ToList();
            if (users.Count < 2 || users.Count > n / 2) continue;
            // A topic of each speech that uses it, not a word one of them happens to say in passing.
            if (users.Any(u => !u.Keywords.ContainsKey(v.Word))) continue;
            var weight = users.Sum(u => u.Keywords[v.Word]);
            terms.Add(new SharedTerm(v.Word, users, corpus.Speeches.Except(users).ToList(), weight));
        }
        var chosen = new List<SharedTerm>();
        foreach (var t in terms.OrderByDescending(t => t.Weight).ThenBy(t => t.Word, StringComparer.Ordinal))
        {
            if (chosen.Any(c => c.Word.Contains(t.Word, StringComparison.Ordinal) || t.Word.Contains(c.Word, StringComparison.Ordinal))) continue;
            chosen.Add(t);
        }
        return chosen;
    }

    /// <summary>
    /// Comparison questions quoting <paramref name="info"/>: with one other user, "who else spoke of T?"; with more,
    /// "which speakers spoke of T? (several)". The wrong options are speakers whose speeches never contain T.
    /// </summary>
    private IEnumerable<Draft> ComparisonQuestions(Corpus corpus, SpeechInfo info, List<SharedTerm> shared)
    {
        var made = 0;
        foreach (var t in shared.Where(t => t.Users[0] == info))
        {
            if (made == ComparisonsPerSpeech) yield break;
            if (FirstSentenceWith(info, t.Word) is not { } quote) continue;
            var speaker = info.Speech!.Speaker;
            var others = t.Users.Skip(1).ToList();
            if (others.Count == 1 && t.Others.Count >= 3)
            {
                var other = others[0].Speech!.Speaker;
                var explanation = FirstSentenceWith(others[0], t.Word) is { } theirs
                    ? $"{other}也谈到了“{t.Word}”：“{theirs}”" : $"{other}也谈到了“{t.Word}”。";
                made++;
                yield return Question(QuestionKinds.Comparison, $"{speaker}在讲话中谈到了“{t.Word}”。摘登中还有哪位发言人也谈到了“{t.Word}”？",
                    [other, .. Pick(t.Others.Select(o => o.Speech!.Speaker), 3)], 0,
                    Fit(explanation, BankRules.MaxExplanationLength), quote,
                    $"comparison: {t.Word} is in exactly two speeches; the wrong options' speeches never contain it");
            }
            else if (t.Users.Count >= 2 && t.Users.Count <= 4 && t.Others.Count >= 2)
            {
                var wrong = Pick(t.Others, Math.Min(t.Others.Count, 6 - t.Users.Count)).Select(o => o.Speech!.Speaker).ToList();
                var right = t.Users.Select(u => u.Speech!.Speaker).ToList();
                made++;
                yield return Question(QuestionKinds.Comparison, $"以下哪些发言人在讲话中谈到了“{t.Word}”？（多选）",
                    [.. right, .. wrong], [.. Enumerable.Range(0, right.Count)],
                    Fit($"谈到“{t.Word}”的是{string.Join("、", right)}；{string.Join("、", wrong)}的讲话中没有这一提法。", BankRules.MaxExplanationLength),
                    quote, $"comparison (several right): the speeches containing {t.Word}, and speakers whose speeches never do");
            }
        }
    }

    [GeneratedRegex(@"分管(?<area>(?:(?!的)\p{IsCJKUnifiedIdeographs}){2,10}?)工作")]
    private static partial Regex InCharge();

    /// <summary>
    /// Speaker ↔ area of work: the area a speaker says is theirs (我分管权益保障工作), and the term a speech keeps coming
    /// back to that no other speech contains (its topic). The wrong options are the other speakers.
    /// </summary>
    private IEnumerable<Draft> ResponsibilityQuestions(Corpus corpus, SpeechInfo info)
    {
        var speech = info.Speech!;
        var others = corpus.Speeches.Where(s => s != info).ToList();
        if (others.Count < 3) yield break;
        var texts = others.Select(s => string.Concat(s.Paragraphs)).ToList();
        var own = string.Concat(info.Paragraphs);
        var names = others.Select(o => o.Speech!.Speaker).ToList();

        if (InCharge().Match(own) is { Success: true } m && texts.All(t => !t.Contains("分管" + m.Groups["area"].Value, StringComparison.Ordinal))
            && FirstSentenceWith(info, m.Value) is { } charge)
        {
            var area = m.Groups["area"].Value;
            yield return Question(QuestionKinds.Responsibility, $"摘登中，哪位发言人谈到自己分管{area}工作？",
                [speech.Speaker, .. Pick(names, 3)], 0, Fit($"{speech.Speaker}说：“{charge}”", BankRules.MaxExplanationLength), charge,
                "responsibility: the area the speaker says is theirs (分管…工作)");
        }

        var posts = string.Concat(corpus.Digest.Speeches.Select(s => s.Posts));
        var ownNames = OwnNames(corpus);
        var topic = info.Keywords.OrderByDescending(k => k.Value).Select(k => k.Key)
            .FirstOrDefault(w => w.Length >= 4 && !ownNames.Any(o => w.Contains(o, StringComparison.Ordinal)) && Chinese.IsAllHan(w) && CountOf(own, w) >= 2
                && texts.All(t => !t.Contains(w, StringComparison.Ordinal))
                && !corpus.Intro.Paragraphs.Any(p => p.Contains(w, StringComparison.Ordinal))
                && !posts.Contains(w, StringComparison.Ordinal) && !stock.Contains(w) && !Distractors.IsGeneric(nlp, w)
                && nlp.Tag(w) is [var only] && TermFlags.Contains(only.Flag));
        if (topic is not null && FirstSentenceWith(info, topic) is { } quote)
        {
            yield return Question(QuestionKinds.Responsibility, $"摘登中，哪位发言人在讲话中重点谈了“{topic}”？",
                [speech.Speaker, .. Pick(names, 3)], 0,
                Fit($"{speech.Speaker}的讲话多次谈到“{topic}”，其他发言人的讲话中没有这一提法：“{quote}”", BankRules.MaxExplanationLength), quote,
                $"responsibility: {topic} is said at least twice in this speech and in no other");
        }
    }

    /// <summary>
    /// Several right answers: three members of a numbered list among two members of other speeches' lists that read like
    /// none of this list's members (it takes the place of "which is not among them?" for that list).
    /// </summary>
    private Draft Several(SpeechText speech, SpeechInfo info, NumberedList list, string label, List<(string Lead, string Speaker)> foreign)
    {
        var members = Pick(list.Items.Select(i => i.Lead), 3);
        var explanation = Fit($"{speech.Speaker}所说的是：{string.Join("；", list.Items.Select(i => i.Lead))}。"
            + string.Concat(foreign.Select(f => $"“{f.Lead}”出自{f.Speaker}的讲话。")), BankRules.MaxExplanationLength);
        return Question(QuestionKinds.Multiple, $"{label}，以下哪些在其中？（多选）",
            [.. members, .. foreign.Select(f => f.Lead)], [.. Enumerable.Range(0, members.Count)], explanation, ListQuote(info, list),
            "multiple: three members of the list and two members of other speakers' lists, none alike");
    }

    /// <summary>
    /// The digest's own subject, its three most frequent two-character nouns (工会, 职工 in a union digest): a term built on
    /// one (工会组织, 基层工会) is a word every speech of the digest could use, not a point two speakers share.
    /// </summary>
    private static List<string> OwnNames(Corpus corpus) =>
        corpus.Vocabulary.Where(v => v.Word.Length == 2 && v.Flag == "n").OrderByDescending(v => v.Count).ThenBy(v => v.Word, StringComparer.Ordinal)
            .Take(3).Select(v => v.Word).ToList();

    /// <summary>The first sentence of a speech holding <paramref name="word"/>, cut to whole clauses around it.</summary>
    private static string? FirstSentenceWith(SpeechInfo info, string word)
    {
        foreach (var s in info.Sentences.Where(s => s.Unusable is null))
        {
            var paragraph = info.Paragraphs[s.Paragraph];
            var at = paragraph.IndexOf(word, s.Span.Start, s.Span.Length, StringComparison.Ordinal);
            if (at < 0) continue;
            if (Clauses.Window(paragraph, s.Span, new Span(at, word.Length), MaxPassage) is { } w)
                return Clauses.TrimEndMark(paragraph.Substring(w.Start, w.Length));
        }
        return null;
    }
}
