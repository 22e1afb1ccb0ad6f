using QuizBot.Authoring.Nlp;
using QuizBot.Authoring.Text;

namespace QuizBot.Authoring.Generation;

/// <summary>A wrong option for a blank and where it came from (written in the draft's comment for the editor).</summary>
internal sealed record Distractor(string Word, string Source)
{
    public const string ListMember = "a parallel member of the same list";
    public const string OtherSpeaker = "another speaker's term of the same kind";
    public const string SameSpeech = "a term of the same kind elsewhere in the speech";
    public const string ThesaurusSibling = "a 同义词词林 sibling";
}

/// <summary>
/// Chooses wrong options for a blanked term that only a reader of the speech can tell from the answer: terms of the
/// same semantic category and register, never merely of the same part of speech and length. In order of preference:
/// <list type="number">
/// <item>terms of the same kind from the other members of the numbered list the passage belongs to (一是…二是…);</item>
/// <item>other speakers' terms of the same kind (<see cref="SameKind(Jieba, string, string, bool)"/>: 政治监督 / 日常监督),
/// then such terms elsewhere in the same speech;</item>
/// <item>to add a third option to two from the digest, words on the answer's <c>#</c> lines of 同义词词林 that jieba's
/// dictionary knows as common words.</item>
/// </list>
/// Never offered: a synonym or near-synonym of the answer; a word the digest lists side by side with it; a word of the
/// passage; a word that with the answer's neighbours forms a phrase the digest says; a very common word (工作, 重点, 领导).
/// </summary>
internal sealed class Distractors(Corpus corpus, Jieba nlp)
{
    /// <summary>jieba counts 工作, 领导, 群众 above this: too general to be a term a speech argues about.</summary>
    public const long GenericFrequency = 8000;

    private static readonly HashSet<string> Nominal = ["n", "nz", "nl", "vn", "l", "i", "an"];

    public static bool Compatible(string flagA, string flagB) => flagA == flagB || (Nominal.Contains(flagA) && Nominal.Contains(flagB));

    /// <summary>The head of a compound: its last two characters (Chinese compounds put the head last: 政治<b>监督</b>).</summary>
    public static string Head(string word) => word.Length >= 3 ? word[^2..] : word;

    public static bool IsGeneric(Jieba nlp, string word) => nlp.Frequency(word) >= GenericFrequency && !nlp.UserWords.Contains(word);

    /// <summary>
    /// Of the same kind: siblings in 同义词词林, compounds whose heads are siblings there, or compounds with one head and
    /// different, non-synonymous modifiers (专项监督 / 日常监督). Synonyms are never of the same kind here: either would be right.
    /// </summary>
    public bool SameKind(string answer, string other, bool strict = false) => SameKind(nlp, answer, other, strict);

    public static bool SameKind(Jieba nlp, string answer, string other, bool strict = false)
    {
        var t = nlp.Thesaurus;
        if (answer == other || t.AreClose(answer, other)) return false;
        // Strict: only what the thesaurus lists as one kind (# lines) or one head; a level-3 class (全市 / 环节) is too loose
        // to swap into a sentence that must still read well.
        if (strict ? t.AreRelated(answer, other) : t.AreSiblings(answer, other)) return true;
        if (answer.Length >= 3 && other.Length >= 3 && Head(answer) == Head(other))
        {
            var (ma, mo) = (answer[..^2], other[..^2]);
            // 两个维护 is not a kind of 权益维护: a counted slogan is no modifier.
            if (Chinese.ParseNumeral(ma[..1]) is not null || Chinese.ParseNumeral(mo[..1]) is not null) return false;
            return ma != mo && !t.AreClose(ma, mo) && !ma.Contains(mo, StringComparison.Ordinal) && !mo.Contains(ma, StringComparison.Ordinal);
        }
        // Heads of one kind only when the thesaurus lists them together (its # lines): a looser class (制度 / 组织, 领会 /
        // 意识) gives swaps that break the sentence, which is what fluency alone would tell.
        var (ha, ho) = (Head(answer), Head(other));
        return (answer.Length >= 3 || other.Length >= 3) && ha != ho && t.AreRelated(ha, ho);
    }

    /// <summary>Up to <paramref name="count"/> distractors for <paramref name="term"/> in a sentence of <paramref name="info"/>, best first.</summary>
    /// <remarks>
    /// <paramref name="forSwap"/> asks for a word to swap into the passage (a false judgement): from the digest only, and of
    /// the same kind in the strict sense (<see cref="SameKind"/>), since the swapped sentence must read as well as the true one.
    /// </remarks>
    public List<Distractor> For(SpeechInfo info, Sentence sentence, Token term, int count, bool forSwap = false)
    {
        var paragraph = info.Paragraphs[sentence.Paragraph];
        var text = paragraph.Substring(sentence.Span.Start, sentence.Span.Length);
        var left = paragraph[Math.Max(0, term.Start - 2)..term.Start];
        var right = paragraph[term.End..Math.Min(paragraph.Length, term.End + 2)];

        bool Eligible(string d, string flag) =>
            d != term.Word && d.Length == term.Word.Length && Chinese.IsAllHan(d) && Compatible(term.Flag, flag)
            && !nlp.IsStopWord(d) && !IsGeneric(nlp, d)
            && !text.Contains(d, StringComparison.Ordinal)
            && !nlp.Thesaurus.AreClose(d, term.Word) && (Head(d) == Head(term.Word) || !nlp.Thesaurus.AreClose(Head(d), Head(term.Word)))
            && !(corpus.Siblings.TryGetValue(term.Word, out var listed) && listed.Contains(d))
            && !corpus.Text.Contains(left + d + right, StringComparison.Ordinal);

        // A swapped-in word must also read well in its slot: the digest uses it after the blank's left character or before
        // its right one (服务项目 → 比赛项目 fails: nothing is 配送 or 送 in a 比赛项目).
        bool FitsSlot(string d) => (left.Length > 0 && corpus.Text.Contains(left[^1] + d, StringComparison.Ordinal))
            || (right.Length > 0 && Chinese.IsAllHan(right[..1]) && corpus.Text.Contains(d + right[0], StringComparison.Ordinal));

        var chosen = new List<Distractor>();
        void Add(IEnumerable<(string Word, string Flag)> words, string source)
        {
            foreach (var (w, f) in words)
            {
                if (chosen.Count == count) return;
                if (chosen.All(c => c.Word != w) && Eligible(w, f) && (!forSwap || FitsSlot(w))) chosen.Add(new Distractor(w, source));
            }
        }

        // 1. The other members of this passage's numbered list: the same slot, said of another point.
        if (info.Speech is { } speech && speech.Lists.FirstOrDefault(l => l.Items.Any(i => Inside(i, sentence.Paragraph, term))) is { } list)
        {
            var others = list.Items.Where(i => !Inside(i, sentence.Paragraph, term))
                .SelectMany(i => info.TokensIn(i.Paragraph, i.Span)).Select(t => (t.Word, t.Flag));
            Add(others.Where(o => SameKind(term.Word, o.Word, forSwap)), Distractor.ListMember);
        }
        // 2. Terms of the same kind: other speakers' first, then this speech's other sentences.
        var vocabulary = corpus.Vocabulary.Where(v => SameKind(term.Word, v.Word, forSwap)).ToList();
        Add(vocabulary.Where(v => !v.Speeches.Contains(info.Index)).OrderByDescending(v => v.Count).Select(v => (v.Word, v.Flag)), Distractor.OtherSpeaker);
        Add(vocabulary.Where(v => v.Speeches.Contains(info.Index)).OrderByDescending(v => v.Count).Select(v => (v.Word, v.Flag)), Distractor.SameSpeech);
        // 3. The thesaurus's own lists of one kind (its # lines), for words common enough to be of the register — only to
        // add a third option to two from the digest: alone they are of the kind but rarely plausible (经费 / 军费 / 学费).
        if (!forSwap && chosen.Count >= 2)
        {
            var siblings = nlp.Thesaurus.Related(term.Word)
                .Where(w => nlp.Frequency(w) is >= 300 and < GenericFrequency)
                .OrderByDescending(nlp.Frequency)
                .Select(w => (w, nlp.Tag(w) is [var only] ? only.Flag : "x"));
            Add(siblings, Distractor.ThesaurusSibling);
        }
        return chosen;
    }

    private static bool Inside(Digests.ListItem item, int paragraph, Token term) =>
        item.Paragraph == paragraph && term.Start >= item.Span.Start && term.End <= item.Span.End;
}
