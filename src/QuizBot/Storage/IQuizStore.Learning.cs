using QuizBot.Core.Daily;
using QuizBot.Core.Learning;

namespace QuizBot.Storage;

// Learning that adapts to each person (issue 14; docs/learning.md): FSRS cards, the Leitner conversion, reminders.
internal partial interface IQuizStore
{
    /// <summary>
    /// Records an answer as <see cref="TryRecordAnswerAsync"/> does and, in the same transaction when it is recorded, replaces
    /// the person's card for the question by what <paramref name="learn"/> makes of it (null: never answered before).
    /// </summary>
    Task<bool> TryRecordLearnedAnswerAsync(AnswerRecord answer, Func<Card?, Card> learn);

    /// <summary>A person's cards, by question id.</summary>
    Task<IReadOnlyDictionary<string, Card>> GetCardsAsync(long userId);

    /// <summary>For many people at once (claiming a broadcast): their cards, by person and question id.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyDictionary<string, Card>>> GetCardsAsync(IReadOnlyCollection<long> userIds);

    /// <summary>
    /// Turns every Leitner box left in review_schedule into a card with <paramref name="map"/> (a card already there, from a
    /// newer answer, is kept) and empties review_schedule, in one transaction. Returns how many boxes were converted.
    /// </summary>
    Task<int> ConvertLeitnerAsync(Func<ReviewState, Card> map, long now);

    Task<bool> GetRemindersOnAsync(long userId);

    Task SetRemindersOnAsync(long userId, bool on, long now);

    /// <summary>
    /// People subscribed to the private daily push, with reminders on, not reminded on <paramref name="day"/> and with no
    /// answer since <paramref name="dayStart"/>: whom the evening reminder may concern (their streak is checked after).
    /// </summary>
    Task<IReadOnlyList<long>> GetReminderCandidatesAsync(string day, long dayStart);

    /// <summary>Records the day's reminder before it is sent; false when one was already recorded (at most one a day).</summary>
    Task<bool> TryRecordReminderAsync(long userId, string day, long now);
}
