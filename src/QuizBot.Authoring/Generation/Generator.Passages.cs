using QuizBot.Authoring.Nlp;
using QuizBot.Authoring.Text;
using QuizBot.Core.Questions;

namespace QuizBot.Authoring.Generation;

/// <summary>Kinds asked about a passage of a speech: attribution, cloze and judgement.</summary>
internal sealed partial class Generator
{
    private sealed record ClozeCandidate(SpeechInfo Info, Sentence Sentence, Token Term, Span Window, double Score);

    /// <summary>
    /// "Who said this?": sentences no other speech says in near-identical words (shared slogans would have several right
    /// answers), without any speaker's name, ranked by the weight of words only this speech uses.
    /// </summary>
    private IEnumerable<Draft> AttributionQuestions(Corpus corpus, SpeechInfo info)
    {
        var speech = info.Speech!;
        var names = corpus.Digest.Speeches.Select(s => s.Speaker).ToList();
        if (names.Count < 2) yield break;
        var others = corpus.Speeches.Where(s => s != info)
            .SelectMany(s => s.Sentences.Select(x => Similarity.Normalize(x.Text))).ToList();

        var candidates = new List<(Sentence Sentence, Span Window, double Score)>();
        // A list member is shown as an option by the list's enumeration questions: who said it is told there.
        foreach (var sentence in info.Sentences.Where(x => x.Unusable is null && x.List is null))
        {
            var paragraph = info.Paragraphs[sentence.Paragraph];
            var first = Clauses.Of(sentence.Text).FirstOrDefault();
            if (Clauses.Window(paragraph, sentence.Span, new Span(sentence.Span.Start, first.Length), MaxPassage) is not { } window)
                continue;
            var text = paragraph.Substring(window.Start, window.Length);
            if (text.Length < 16 || names.Any(n => text.Contains(n, StringComparison.Ordinal))) continue;
            // "今年，我们将从三个方面发力": announcing a list says nothing of its own; its count is asked by enumeration.
            if (CountWord().IsMatch(text) && text.Length < 30) continue;
            var normalized = Similarity.Normalize(text);
            if (others.Any(o => Similarity.Dice(normalized, o) >= 0.5)) continue;
            var score = info.TokensIn(sentence.Paragraph, window)
                .Where(t => corpus.SpeechFrequency.GetValueOrDefault(t.Word) == 1 && Corpus.ContentFlags.Contains(t.Flag))
                .Sum(t => info.Keywords.GetValueOrDefault(t.Word, 0.01));
            candidates.Add((sentence, window, score));
        }

        var count = 0;
        foreach (var (sentence, window, _) in candidates.OrderByDescending(c => c.Score))
        {
            if (count == AttributionPerSpeech) yield break;
            if (!info.UsedSentences.Add((sentence.Paragraph, sentence.Span.Start))) continue;
            var paragraph = info.Paragraphs[sentence.Paragraph];
            var quote = paragraph.Substring(window.Start, window.Length);
            var options = new List<string> { speech.Speaker };
            options.AddRange(Pick(names.Where(n => n != speech.Speaker), 3));
            count++;
            yield return Question(QuestionKinds.Attribution,
                $"{Quoted(Display(paragraph, sentence.Span, window))}这段话出自哪位同志的讲话？",
                options, 0,
                Fit($"出自{speech.Speaker}（{speech.Posts}）的讲话《{speech.Title}》。", BankRules.MaxExplanationLength),
                quote,
                "attribution: a passage no other speech says in near-identical words; options are other speakers of the digest");
        }
    }

    /// <summary>
    /// Blanks a term the speech argues about (a TF-IDF keyword of the speech or a user-dictionary phrase; never a set
    /// phrase of the genre, a very common word, or a word one speaker uses everywhere); the three wrong options are terms
    /// of the same kind (<see cref="Distractors"/>). A passage with fewer than three such terms is not asked about.
    /// </summary>
    private IEnumerable<Draft> ClozeQuestions(Corpus corpus, SpeechInfo info, int max)
    {
        var count = 0;
        var distractors = new Distractors(corpus, nlp);
        foreach (var c in ClozeCandidates(corpus, info))
        {
            if (count == max) yield break;
            if (info.UsedSentences.Contains((c.Sentence.Paragraph, c.Sentence.Span.Start)) || info.UsedTerms.Contains(c.Term.Word)) continue;
            var wrong = distractors.For(info, c.Sentence, c.Term, 3);
            // Two wrong options of the right kind make a better question than three with one anybody can rule out.
            if (wrong.Count < MinDistractors)
            {
                _dropped["cloze: fewer than two distractors of the same kind"] = _dropped.GetValueOrDefault("cloze: fewer than two distractors of the same kind") + 1;
                continue;
            }
            var paragraph = info.Paragraphs[c.Sentence.Paragraph];
            var shown = Display(paragraph, c.Sentence.Span, c.Window);
            var blanked = shown.Replace(c.Term.Word, "____", StringComparison.Ordinal);
            var quote = paragraph.Substring(c.Window.Start, c.Window.Length);
            var who = info.Speech is null ? "会议综述提到" : $"{info.Speech.Speaker}在讲话中提出";
            var options = new List<string> { c.Term.Word };
            options.AddRange(wrong.Select(d => d.Word));
            info.UsedSentences.Add((c.Sentence.Paragraph, c.Sentence.Span.Start));
            info.UsedTerms.Add(c.Term.Word);
            count++;
            yield return InFamily(Question(QuestionKinds.Cloze, $"{who}：{Quoted(blanked)}", options, 0,
                Fit($"原文：“{quote}”", BankRules.MaxExplanationLength), quote,
                $"cloze: blank {c.Term.Word} ({c.Term.Flag}); distractors: " + string.Join("; ", wrong.Select(d => $"{d.Word}, {d.Source}")),
                Enumerable.Repeat(c.Term.Flag, options.Count).ToList()), ListFamily(info, c.Sentence.List));
        }
    }

    /// <summary>
    /// Judgement: one passage with a key term swapped for a term of the same kind from the digest (false) and one as said
    /// (true). The swapped word is another list member's or another speaker's term, so the false sentence reads as
    /// fluently as the true one: only a reader of the speech tells them apart.
    /// </summary>
    private IEnumerable<Draft> JudgementQuestions(Corpus corpus, SpeechInfo info)
    {
        var speech = info.Speech!;
        var (madeFalse, madeTrue) = (false, false);
        var distractors = new Distractors(corpus, nlp);
        foreach (var c in ClozeCandidates(corpus, info))
        {
            if (madeFalse && madeTrue) yield break;
            if (info.UsedSentences.Contains((c.Sentence.Paragraph, c.Sentence.Span.Start)) || info.UsedTerms.Contains(c.Term.Word)) continue;
            var paragraph = info.Paragraphs[c.Sentence.Paragraph];
            var quote = paragraph.Substring(c.Window.Start, c.Window.Length);
            var shown = Display(paragraph, c.Sentence.Span, c.Window);
            string? stem = null, explanation = null, comment = null;
            var answer = 0;
            if (!madeFalse && distractors.For(info, c.Sentence, c.Term, 1, forSwap: true) is [var swap]
                && shown.Replace(c.Term.Word, swap.Word, StringComparison.Ordinal) is var swapped
                // A swap that makes a sentence the digest says elsewhere would be true.
                && !corpus.Text.Contains(Chinese.RemoveWhitespace(swapped).Trim('…'), StringComparison.Ordinal))
            {
                stem = $"判断正误：{speech.Speaker}在讲话中提出{Quoted(swapped)}";
                explanation = Fit($"错误。原文是“{c.Term.Word}”而非“{swap.Word}”：“{quote}”", BankRules.MaxExplanationLength);
                comment = $"judgement (false): {c.Term.Word} swapped for {swap.Word}, {swap.Source}";
                answer = 1;
                madeFalse = true;
            }
            else if (!madeTrue)
            {
                // Without a swap that reads as well as the original, the passage is asked as said.
                stem = $"判断正误：{speech.Speaker}在讲话中提出{Quoted(shown)}";
                explanation = Fit($"正确。原文：“{quote}”", BankRules.MaxExplanationLength);
                comment = "judgement (true): the passage as said";
                madeTrue = true;
            }
            if (stem is null) continue;
            info.UsedSentences.Add((c.Sentence.Paragraph, c.Sentence.Span.Start));
            info.UsedTerms.Add(c.Term.Word);
            yield return InFamily(Question(QuestionKinds.Judgement, stem, ["正确", "错误"], answer, explanation!, quote, comment!),
                ListFamily(info, c.Sentence.List));
        }
    }

    private IEnumerable<ClozeCandidate> ClozeCandidates(Corpus corpus, SpeechInfo info)
    {
        var speeches = corpus.Speeches.Count;
        var speechText = string.Concat(info.Paragraphs);
        var posts = string.Concat(corpus.Digest.Speeches.Select(s => s.Posts));
        var candidates = new List<ClozeCandidate>();
        foreach (var sentence in info.Sentences.Where(x => x.Unusable is null))
        {
            var paragraph = info.Paragraphs[sentence.Paragraph];
            var tokens = info.TokensIn(sentence.Paragraph, sentence.Span).ToList();
            ClozeCandidate? best = null;
            for (var k = 0; k < tokens.Count; k++)
            {
                var t = tokens[k];
                if (!IsBlankable(t)) continue;
                var isUserWord = nlp.UserWords.Contains(t.Word);
                if (!info.Keywords.TryGetValue(t.Word, out var weight) && !isUserWord) continue;
                // A word most speeches use is guessable from any of them; only with a handful of speeches is that no signal.
                if (speeches >= 4 && corpus.SpeechFrequency.GetValueOrDefault(t.Word) > speeches / 2) continue;
                if (Guessable(tokens, k, paragraph, posts) is not null) continue;
                if (Clauses.Window(paragraph, sentence.Span, new Span(t.Start, t.Word.Length), MaxPassage) is not { } window) continue;
                var text = paragraph.Substring(window.Start, window.Length);
                // A window squeezed to one clause by a long neighbour ("党的二十大报告指出：") says too little to ask about.
                if (text.Length < Corpus.MinSentence || text.EndsWith('：') || CountOf(text, t.Word) != 1) continue;
                // What a speech argues about it comes back to: a term said again, or named in its title, weighs more.
                var score = Math.Max(weight, 0.05) * (isUserWord ? 1.5 : 1)
                    * (CountOf(speechText, t.Word) >= 2 ? 1.5 : 1)
                    * (info.Speech?.Title.Contains(t.Word, StringComparison.Ordinal) == true ? 1.3 : 1);
                if (best is null || score > best.Score) best = new ClozeCandidate(info, sentence, t, window, score);
            }
            if (best is not null) candidates.Add(best);
        }
        return candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Sentence.Paragraph).ThenBy(c => c.Sentence.Span.Start);
    }

    /// <summary>
    /// Why a blank on <paramref name="tokens"/>[<paramref name="k"/>] could be filled without reading the speech, or null:
    /// it lies in a set phrase of the genre (伟大复兴, 党的领导), it is a very common word, it forms with a neighbour a word
    /// jieba's dictionary knows (职工 + 群众), or it names a speaker's post (纪检监察).
    /// </summary>
    private string? Guessable(List<Token> tokens, int k, string paragraph, string posts)
    {
        var t = tokens[k];
        if (stock.GivesAway(paragraph, t.Start, t.Word) is { } phrase) return "set phrase " + phrase;
        if (Distractors.IsGeneric(nlp, t.Word)) return "very common word";
        if (k > 0 && tokens[k - 1].End == t.Start && nlp.Frequency(tokens[k - 1].Word + t.Word) > 0) return "collocation " + tokens[k - 1].Word + t.Word;
        if (k + 1 < tokens.Count && tokens[k + 1].Start == t.End && nlp.Frequency(t.Word + tokens[k + 1].Word) > 0) return "collocation " + t.Word + tokens[k + 1].Word;
        if (posts.Contains(t.Word, StringComparison.Ordinal)) return "a post";
        return null;
    }

    /// <summary>Blanks are terms (nouns, verbal nouns, set phrases): a blanked verb is told by its object, not by the speech.</summary>
    private static readonly string[] TermFlags = ["n", "nz", "vn", "l", "nl", "i"];

    private const int MinDistractors = 2;

    private bool IsBlankable(Token t) =>
        TermFlags.Contains(t.Flag) && t.Word.Length is >= 2 and <= 8 && Chinese.IsAllHan(t.Word) && !nlp.IsStopWord(t.Word);

    private static int CountOf(string text, string word)
    {
        var n = 0;
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + word.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
