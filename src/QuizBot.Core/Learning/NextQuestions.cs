using QuizBot.Core.Questions;

namespace QuizBot.Core.Learning;

/// <summary>
/// Chooses the next questions for one person (docs/learning.md, "The next right question"), for a private quiz and the
/// private daily push:
/// 1. due reviews, lowest retrievability first;
/// 2. (the daily push) unseen questions on the day's passage;
/// 3. unseen questions, from the speech where the person has mastered the smallest share first;
/// 4. only then questions seen before, lowest retrievability first;
/// never two of one family, and never a question answered right in the last <see cref="RecentDays"/> days unless it is due.
/// Deterministic for a given <see cref="Random"/>: ties are broken by a shuffle.
/// </summary>
public sealed class NextQuestions(CardSchedule schedule)
{
    /// <summary>A question answered right this many days ago or less is left alone unless due.</summary>
    public const int RecentDays = 3;

    public IReadOnlyList<Question> Pick(QuestionBank bank, int count, IReadOnlyDictionary<string, Card> cards, DateOnly today,
        Random random, IReadOnlyCollection<Question>? passage = null)
    {
        var all = bank.Approved.ToArray();
        random.Shuffle(all);
        Card? CardOf(Question q) => cards.GetValueOrDefault(q.Id);
        double R(Question q) => schedule.Retrievability(CardOf(q), today);
        var due = all.Where(q => CardOf(q) is { } c && c.IsDue(today)).OrderBy(R);
        var unseen = all.Where(q => CardOf(q) is null).ToList();
        var weakness = Weakness(bank, cards, today);
        var passageIds = passage?.Select(q => q.Id).ToHashSet(StringComparer.Ordinal) ?? [];
        var onPassage = unseen.Where(q => passageIds.Contains(q.Id));
        var byWeakSpeech = unseen.OrderBy(q => weakness.GetValueOrDefault(q.Speech.Id)); // stable: the shuffle breaks ties
        var seen = all.Where(q => CardOf(q) is { } c && !c.IsDue(today) && !RecentlyRight(c, today)).OrderBy(R);
        return due.Concat(onPassage).Concat(byWeakSpeech).Concat(seen).OnePerFamily().Take(count).ToList();
    }

    /// <summary>The person's due reviews, lowest retrievability first, one per family (/review).</summary>
    public IReadOnlyList<Question> Due(QuestionBank bank, IReadOnlyDictionary<string, Card> cards, DateOnly today, int max) =>
        bank.Approved.Where(q => cards.GetValueOrDefault(q.Id) is { } c && c.IsDue(today))
            .OrderBy(q => schedule.Retrievability(cards[q.Id], today)).ThenBy(q => q.Id, StringComparer.Ordinal)
            .OnePerFamily().Take(max).ToList();

    public static bool RecentlyRight(Card card, DateOnly today) => card.LastCorrect && today.DayNumber - card.LastReview.DayNumber <= RecentDays;

    /// <summary>Per speech, the share of its questions mastered: lower is weaker.</summary>
    private Dictionary<string, double> Weakness(QuestionBank bank, IReadOnlyDictionary<string, Card> cards, DateOnly today) =>
        bank.Approved.GroupBy(q => q.Speech.Id).ToDictionary(g => g.Key,
            g => g.Count(q => schedule.IsMastered(cards.GetValueOrDefault(q.Id), today)) / (double)g.Count(), StringComparer.Ordinal);
}

/// <summary>Mastery per speech and over the bank, as /me shows it (已掌握 x / N).</summary>
public sealed record SpeechMastery(Speech Speech, int Mastered, int Total);

public static class Mastery
{
    public static IReadOnlyList<SpeechMastery> PerSpeech(QuestionBank bank, IReadOnlyDictionary<string, Card> cards, CardSchedule schedule, DateOnly today) =>
        bank.Speeches.Select(s => new SpeechMastery(s,
            bank.Approved.Count(q => q.Speech.Id == s.Id && schedule.IsMastered(cards.GetValueOrDefault(q.Id), today)),
            bank.Approved.Count(q => q.Speech.Id == s.Id))).Where(m => m.Total > 0).ToList();
}
