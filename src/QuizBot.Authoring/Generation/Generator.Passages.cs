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
        foreach (var sentence in info.Sentences.Where(x => x.Unusable is null))
        {
            var paragraph = info.Paragraphs[sentence.Paragraph];
            var first = Clauses.Of(sentence.Text).FirstOrDefault();
            if (Clauses.Window(paragraph, sentence.Span, new Span(sentence.Span.Start, first.Length), MaxPassage) is not { } window)
                continue;
            var text = paragraph.Substring(window.Start, window.Length);
            if (text.Length < 16 || names.Any(n => text.Contains(n, StringComparison.Ordinal))) continue;
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
    /// Blanks a key term of a passage (a TF-IDF keyword of the speech or a user-dictionary phrase, not one every speech
    /// uses); distractors share its part of speech and length and come from the digest itself.
    /// </summary>
    private IEnumerable<Draft> ClozeQuestions(Corpus corpus, SpeechInfo info, int max)
    {
        var count = 0;
        foreach (var c in ClozeCandidates(corpus, info))
        {
            if (count == max) yield break;
            if (info.UsedSentences.Contains((c.Sentence.Paragraph, c.Sentence.Span.Start)) || info.UsedTerms.Contains(c.Term.Word)) continue;
            var distractors = Distractors(corpus, info, c, 3);
            if (distractors.Count < 3) continue;
            var paragraph = info.Paragraphs[c.Sentence.Paragraph];
            var shown = Display(paragraph, c.Sentence.Span, c.Window);
            var blanked = shown.Replace(c.Term.Word, "____", StringComparison.Ordinal);
            var quote = paragraph.Substring(c.Window.Start, c.Window.Length);
            var who = info.Speech is null ? "会议综述提到" : $"{info.Speech.Speaker}在讲话中提出";
            var options = new List<string> { c.Term.Word };
            options.AddRange(distractors);
            info.UsedSentences.Add((c.Sentence.Paragraph, c.Sentence.Span.Start));
            info.UsedTerms.Add(c.Term.Word);
            count++;
            yield return Question(QuestionKinds.Cloze, $"{who}：{Quoted(blanked)}", options, 0,
                Fit($"原文：“{quote}”", BankRules.MaxExplanationLength), quote,
                $"cloze: blank {c.Term.Word} ({c.Term.Flag}); distractors: same part of speech and length, from this digest, not synonyms",
                Enumerable.Repeat(c.Term.Flag, options.Count).ToList());
        }
    }

    /// <summary>Judgement: a passage as said (true) or with one key term swapped for a distractor (false), alternately.</summary>
    private IEnumerable<Draft> JudgementQuestions(Corpus corpus, SpeechInfo info)
    {
        var speech = info.Speech!;
        var made = 0;
        foreach (var c in ClozeCandidates(corpus, info))
        {
            if (made == 2) yield break;
            if (info.UsedSentences.Contains((c.Sentence.Paragraph, c.Sentence.Span.Start)) || info.UsedTerms.Contains(c.Term.Word)) continue;
            var paragraph = info.Paragraphs[c.Sentence.Paragraph];
            var quote = paragraph.Substring(c.Window.Start, c.Window.Length);
            var shown = Display(paragraph, c.Sentence.Span, c.Window);
            var makeFalse = made == 0;
            string stem, explanation, comment;
            int answer;
            if (makeFalse)
            {
                var swap = Distractors(corpus, info, c, 1);
                if (swap.Count == 0) continue;
                stem = $"判断正误：{speech.Speaker}在讲话中提出{Quoted(shown.Replace(c.Term.Word, swap[0], StringComparison.Ordinal))}";
                explanation = Fit($"错误。原文是“{c.Term.Word}”而非“{swap[0]}”：“{quote}”", BankRules.MaxExplanationLength);
                comment = $"judgement (false): {c.Term.Word} swapped for {swap[0]}, same part of speech and length";
                answer = 1;
            }
            else
            {
                stem = $"判断正误：{speech.Speaker}在讲话中提出{Quoted(shown)}";
                explanation = Fit($"正确。原文：“{quote}”", BankRules.MaxExplanationLength);
                comment = "judgement (true): the passage as said";
                answer = 0;
            }
            info.UsedSentences.Add((c.Sentence.Paragraph, c.Sentence.Span.Start));
            info.UsedTerms.Add(c.Term.Word);
            made++;
            yield return Question(QuestionKinds.Judgement, stem, ["正确", "错误"], answer, explanation, quote, comment);
        }
    }

    private IEnumerable<ClozeCandidate> ClozeCandidates(Corpus corpus, SpeechInfo info)
    {
        var speeches = corpus.Speeches.Count;
        var candidates = new List<ClozeCandidate>();
        foreach (var sentence in info.Sentences.Where(x => x.Unusable is null))
        {
            var paragraph = info.Paragraphs[sentence.Paragraph];
            ClozeCandidate? best = null;
            foreach (var t in info.TokensIn(sentence.Paragraph, sentence.Span))
            {
                if (!IsBlankable(t)) continue;
                var isUserWord = nlp.UserWords.Contains(t.Word);
                if (!info.Keywords.TryGetValue(t.Word, out var weight) && !isUserWord) continue;
                // A word most speeches use is guessable from any of them; only with a handful of speeches is that no signal.
                if (speeches >= 4 && corpus.SpeechFrequency.GetValueOrDefault(t.Word) > speeches / 2) continue;
                if (Clauses.Window(paragraph, sentence.Span, new Span(t.Start, t.Word.Length), MaxPassage) is not { } window) continue;
                var text = paragraph.Substring(window.Start, window.Length);
                // A window squeezed to one clause by a long neighbour ("党的二十大报告指出：") says too little to ask about.
                if (text.Length < Corpus.MinSentence || text.EndsWith('：') || CountOf(text, t.Word) != 1) continue;
                var score = Math.Max(weight, 0.05) * (isUserWord ? 1.5 : 1);
                if (best is null || score > best.Score) best = new ClozeCandidate(info, sentence, t, window, score);
            }
            if (best is not null) candidates.Add(best);
        }
        return candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Sentence.Paragraph).ThenBy(c => c.Sentence.Span.Start);
    }

    private bool IsBlankable(Token t) =>
        Corpus.ContentFlags.Contains(t.Flag) && t.Word.Length is >= 2 and <= 8 && Chinese.IsAllHan(t.Word) && !nlp.IsStopWord(t.Word);

    /// <summary>
    /// Words of the digest with the answer's part of speech and length that would be wrong here: not in the passage,
    /// not a 同义词词林 synonym of the answer, and not forming with the answer's neighbours a phrase the digest contains
    /// (which would make them right somewhere). The most frequent eligible words are preferred, then picked by the seed.
    /// </summary>
    private List<string> Distractors(Corpus corpus, SpeechInfo info, ClozeCandidate c, int count)
    {
        if (!corpus.Pool.TryGetValue((c.Term.Flag, c.Term.Word.Length), out var pool)) return [];
        var paragraph = info.Paragraphs[c.Sentence.Paragraph];
        var sentence = paragraph.Substring(c.Sentence.Span.Start, c.Sentence.Span.Length);
        var left = paragraph[Math.Max(0, c.Term.Start - 2)..c.Term.Start];
        var right = paragraph[c.Term.End..Math.Min(paragraph.Length, c.Term.End + 2)];
        var eligible = pool
            .Where(d => d != c.Term.Word && !nlp.IsStopWord(d))
            .Where(d => !sentence.Contains(d, StringComparison.Ordinal))
            .Where(d => !nlp.AreSynonyms(d, c.Term.Word))
            .Where(d => !corpus.Siblings.TryGetValue(c.Term.Word, out var siblings) || !siblings.Contains(d))
            .Where(d => !corpus.Text.Contains(left + d + right, StringComparison.Ordinal))
            // Plausible first: a word the digest uses next to one of the blank's neighbours reads naturally in the gap,
            // while the two-sided check above keeps it from being what the digest actually says.
            .OrderByDescending(d => (left.Length > 0 && corpus.Text.Contains(left[^1] + d, StringComparison.Ordinal))
                || (right.Length > 0 && corpus.Text.Contains(d + right[0], StringComparison.Ordinal)))
            .Take(15)
            .ToList();
        return Pick(eligible, count);
    }

    private static int CountOf(string text, string word)
    {
        var n = 0;
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + word.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
