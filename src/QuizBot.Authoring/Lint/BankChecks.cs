using System.Globalization;
using QuizBot.Authoring.Text;
using QuizBot.Core.Questions;

namespace QuizBot.Authoring.Lint;

/// <summary>One question of the linted folder with what the bank-wide rules need to know about it.</summary>
internal sealed record BankItem(string File, string SpeechId, string Speaker, QuestionFile.QuestionEntry Entry, IReadOnlyList<int> Answer)
{
    public string FamilyKey => string.IsNullOrEmpty(Entry.Family) ? Entry.Id : Entry.Family;

    public IReadOnlyList<string> RightTexts => Answer.Where(i => i >= 0 && i < Entry.Options.Count).Select(i => Entry.Options[i]).ToList();
}

/// <summary>
/// The rules that look at the bank as a whole (docs/question-bank.md), over approved questions only: no question gives
/// another's answer away unless both are in one family; questions on one quote share a family; no right answer wins by
/// being the usual one; and, with <c>--goals</c>, the bank's targets (size, every speech, the kinds that make people think,
/// the share of wording checks).
/// </summary>
internal static class BankChecks
{
    /// <summary>A right answer text used by more questions of one kind than this is a pattern a learner can bet on.</summary>
    public const int MaxAnswerReuse = 3;

    public const int GoalApproved = 300;
    public const int GoalPerSpeech = 25;
    public const int GoalPerKind = 20;
    public const int GoalSeveralRight = 20;
    public const double MaxWordingShare = 0.40;

    /// <summary>Short answers (a two-character term, a count) collide by chance across speeches; longer ones do not.</summary>
    public const int MinLengthAcrossSpeeches = 4;

    /// <summary>The kinds the bank must hold at least <see cref="GoalPerKind"/> of each.</summary>
    public static readonly IReadOnlyList<string> KindsThatMakePeopleThink =
        [QuestionKinds.Comparison, QuestionKinds.Responsibility, QuestionKinds.Multiple, QuestionKinds.Reasoning, QuestionKinds.Timeline];

    public static IEnumerable<BankProblem> Check(IReadOnlyList<BankItem> items, IReadOnlySet<string> speakers)
    {
        var approved = items.Where(i => i.Entry.Status == QuestionStatus.Approved).ToList();
        return Leaks(approved, speakers).Concat(SharedQuotes(approved)).Concat(AnswerReuse(approved));
    }

    /// <summary>
    /// A question's right answer must not appear in another question's text or explanation (or, in the same speech, its
    /// options) unless both are in one family. A cloze answer counts with its neighbouring characters in the stem (统筹 alone
    /// is everywhere; 在统筹中推进 is the fact). Speaker names and 正确/错误 are not checked: they are the options of whole kinds.
    /// Another speech's question gives an answer away only when it also names the answer's speaker (many phrases are shared
    /// by several speeches: seeing 刘晓光 say 团结奋斗的时代要求 does not tell that 张良 said it too), and only when the answer
    /// has at least <see cref="MinLengthAcrossSpeeches"/> characters.
    /// </summary>
    public static IEnumerable<BankProblem> Leaks(IReadOnlyList<BankItem> approved, IReadOnlySet<string> speakers)
    {
        foreach (var a in approved.Where(a => a.Entry.Kind != QuestionKinds.Judgement))
        {
            foreach (var right in a.RightTexts)
            {
                if (speakers.Contains(right.Trim())) continue;
                var acrossSpeeches = Similarity.Normalize(right).Length >= MinLengthAcrossSpeeches;
                foreach (var key in AnswerKeys(a.Entry, right))
                {
                    foreach (var b in approved)
                    {
                        if (ReferenceEquals(a, b) || a.FamilyKey == b.FamilyKey) continue;
                        var sameSpeech = a.SpeechId == b.SpeechId;
                        if (!sameSpeech && !(acrossSpeeches && NamesSpeaker(b.Entry, a.Speaker))) continue;
                        var where = Where(b.Entry, key, sameSpeech);
                        if (where is not null)
                            yield return new(b.File, b.Entry.Id,
                                $"its {where} gives away the answer '{right.Trim()}' of {a.Entry.Id} ({a.File}); share a family or reword");
                    }
                }
            }
        }
    }

    private static bool NamesSpeaker(QuestionFile.QuestionEntry b, string speaker) =>
        speaker.Length == 0 || $"{b.Question}\n{b.Explanation}\n{string.Join("\n", b.Options)}".Contains(speaker, StringComparison.Ordinal);

    private static string? Where(QuestionFile.QuestionEntry b, string key, bool sameSpeech)
    {
        if (Shows(b.Question, key)) return "question";
        if (Shows(b.Explanation, key)) return "explanation";
        if (sameSpeech && b.Options.Any(o => Shows(o ?? "", key))) return "options";
        return null;
    }

    /// <summary>Whether the text shows the key; 第三点 (an ordinal) does not show the count 三点.</summary>
    private static bool Shows(string text, string key)
    {
        var normalized = Similarity.Normalize(text);
        for (var at = normalized.IndexOf(key, StringComparison.Ordinal); at >= 0; at = normalized.IndexOf(key, at + 1, StringComparison.Ordinal))
        {
            if (at == 0 || normalized[at - 1] != '第') return true;
        }
        return false;
    }

    private const char Blank = '\u0001';

    /// <summary>The normalised texts that would give <paramref name="right"/> away. A key shorter than two characters says nothing.</summary>
    public static IReadOnlyList<string> AnswerKeys(QuestionFile.QuestionEntry q, string right)
    {
        var answer = Similarity.Normalize(right);
        if (answer.Length == 0) return [];
        if (q.Kind == QuestionKinds.Cloze && q.Question.Contains("__", StringComparison.Ordinal))
        {
            // Normalize drops '_' but keeps a control character: mark the blank with one.
            var stem = Similarity.Normalize(System.Text.RegularExpressions.Regex.Replace(q.Question, "_+", Blank.ToString()));
            var at = stem.IndexOf(Blank, StringComparison.Ordinal);
            var left = stem[Math.Max(0, at - 2)..at].Replace(Blank.ToString(), "", StringComparison.Ordinal);
            var rest = stem[(at + 1)..];
            var rightContext = rest[..Math.Min(2, rest.Length)].Replace(Blank.ToString(), "", StringComparison.Ordinal);
            List<string> keys = [];
            if (left.Length > 0) keys.Add(left + answer);
            if (rightContext.Length > 0) keys.Add(answer + rightContext);
            if (keys.Count == 0 && answer.Length >= 2) keys.Add(answer);
            return keys;
        }
        return answer.Length >= 2 ? [answer] : [];
    }

    /// <summary>Questions quoting the same passage ask about the same fact: they must share a family.</summary>
    public static IEnumerable<BankProblem> SharedQuotes(IReadOnlyList<BankItem> approved)
    {
        var byQuote = new Dictionary<string, BankItem>();
        foreach (var q in approved)
        {
            var quote = Similarity.Normalize(q.Entry.Quote);
            if (quote.Length == 0) continue;
            if (byQuote.TryGetValue(quote, out var first))
            {
                if (first.FamilyKey != q.FamilyKey)
                    yield return new(q.File, q.Entry.Id, $"quotes the same passage as {first.Entry.Id} ({first.File}); questions on one fact share a family");
            }
            else byQuote[quote] = q;
        }
    }

    /// <summary>No right answer text serves more than <see cref="MaxAnswerReuse"/> questions of one kind (judgements excepted: 正确/错误).</summary>
    public static IEnumerable<BankProblem> AnswerReuse(IReadOnlyList<BankItem> approved)
    {
        foreach (var group in approved.Where(q => q.Entry.Kind != QuestionKinds.Judgement)
                     .GroupBy(q => (q.Entry.Kind, Answer: AnswerText(q))).Where(g => g.Count() > MaxAnswerReuse))
        {
            var first = group.First();
            yield return new(first.File, null, $"kind {group.Key.Kind}: the right answer '{group.Key.Answer}' serves {group.Count()} questions "
                + $"({string.Join(", ", group.Select(q => q.Entry.Id))}); at most {MaxAnswerReuse}");
        }
    }

    private static string AnswerText(BankItem q) => string.Join("；", q.RightTexts.Select(t => t.Trim()).Order(StringComparer.Ordinal));

    /// <summary>The bank's targets, checked with <c>lint --goals</c> (CI): a small test bank or drafts folder is not held to them.</summary>
    public static IEnumerable<BankProblem> Goals(string dir, IReadOnlyList<BankItem> items)
    {
        var approved = items.Where(i => i.Entry.Status == QuestionStatus.Approved).ToList();
        if (approved.Count < GoalApproved)
            yield return new(dir, null, $"goal: at least {GoalApproved} approved questions (has {approved.Count})");
        foreach (var speech in approved.Where(q => q.SpeechId != Speech.MeetingId).GroupBy(q => q.SpeechId).Where(g => g.Count() < GoalPerSpeech))
            yield return new(speech.First().File, null, $"goal: at least {GoalPerSpeech} approved questions per speech (has {speech.Count()})");
        foreach (var kind in KindsThatMakePeopleThink)
        {
            var n = approved.Count(q => q.Entry.Kind == kind);
            if (n < GoalPerKind) yield return new(dir, null, $"goal: at least {GoalPerKind} approved {kind} questions (has {n})");
        }
        var several = approved.Count(q => q.Answer.Count > 1);
        if (several < GoalSeveralRight)
            yield return new(dir, null, $"goal: at least {GoalSeveralRight} questions with several right answers (has {several})");
        if (approved.Count > 0 && WordingShare(approved) > MaxWordingShare)
            yield return new(dir, null, $"goal: wording checks (cloze, judgement) at most {Percent(MaxWordingShare)} of the bank (has {Percent(WordingShare(approved))})");
    }

    private static double WordingShare(IReadOnlyList<BankItem> approved) =>
        (double)approved.Count(q => QuestionKinds.WordingChecks.Contains(q.Entry.Kind)) / approved.Count;

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>The figures an editor needs to see patterns: counts per speech and kind, the wording share, and per kind the most
    /// frequent right answer and right position (options as written; the bot shuffles all but judgements).</summary>
    public static void Report(IReadOnlyList<BankItem> items, TextWriter output)
    {
        var approved = items.Where(i => i.Entry.Status == QuestionStatus.Approved).ToList();
        if (approved.Count == 0) return;
        output.WriteLine($"bank: {approved.Count} approved, {approved.Select(q => q.FamilyKey).Distinct().Count()} families, "
            + $"{approved.Count(q => q.Answer.Count > 1)} with several right answers, wording checks {Percent(WordingShare(approved))}");
        output.WriteLine("  per speech: " + string.Join(", ", approved.GroupBy(q => q.SpeechId).Select(g => $"{g.Key} {g.Count()}")));
        foreach (var kind in QuestionKinds.All)
        {
            var qs = approved.Where(q => q.Entry.Kind == kind).ToList();
            if (qs.Count == 0) continue;
            var answer = qs.GroupBy(AnswerText).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
            var position = qs.Where(q => q.Answer.Count == 1).GroupBy(q => q.Answer[0]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).FirstOrDefault();
            var positionText = position is null ? "" : $"; most frequent right position {position.Key} ×{position.Count()}";
            output.WriteLine($"  {kind,-15} {qs.Count,4}  most frequent right answer '{answer.Key}' ×{answer.Count()}{positionText}");
        }
    }
}
