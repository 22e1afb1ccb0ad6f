using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Core.Daily;
using QuizBot.Core.Learning;
using QuizBot.Core.Questions;
using QuizBot.Core.Quizzes;
using QuizBot.Storage;

namespace QuizBot.Quizzes;

/// <summary>A person's progress: mastery per speech and over the bank, reviews due now and the next due day.</summary>
internal sealed record LearningProgress(IReadOnlyList<SpeechMastery> Speeches, int Mastered, int Total, int Due, DateOnly? NextDue);

/// <summary>
/// Learning that adapts to each person (issue 14; docs/learning.md), without Telegram: FSRS cards moved by every counted
/// answer, the next right questions for a private quiz, /review and the private daily push, and mastery for /me.
/// </summary>
internal sealed class LearningService(LearningStore store, QuestionBank bank, QuizPlanner planner, TimeProvider time,
    IOptions<QuizOptions> quiz, IOptions<LearningOptions> learning)
{
    public CardSchedule Schedule { get; } = new(new Fsrs(learning.Value.TargetRetention));

    public LearningOptions Options => learning.Value;

    private NextQuestions Chooser => new(Schedule);

    public DateOnly Today => LocalClock.Day(time.GetUtcNow().ToUnixTimeMilliseconds(), quiz.Value.Zone);

    /// <summary>
    /// The card after a counted answer at <paramref name="now"/> (docs/learning.md, "Answers as ratings"). The answer time
    /// counts only where the question was sent to be read at once: not a daily push's polls.
    /// </summary>
    public Card Learn(Card? card, bool correct, TimeSpan? answerTime, long now)
    {
        var fast = TimeSpan.FromSeconds(learning.Value.FastAnswerSeconds);
        var rating = Ratings.FromAnswer(correct, answerTime, card is not null, fast);
        return Schedule.Review(card, rating, LocalClock.Day(now, quiz.Value.Zone));
    }

    /// <summary>The questions of a private quiz (or the terminal's): due reviews, then the weakest speeches' unseen questions…</summary>
    public async Task<IReadOnlyList<Question>> PickAsync(long userId, int count)
    {
        var cards = await store.GetCardsAsync(userId);
        return PickLocked(cards, Today, count, null);
    }

    /// <summary>A private daily push's questions: as a quiz, with the day's passage's unseen questions after the reviews.</summary>
    public IReadOnlyList<Question> PickForPush(IReadOnlyDictionary<string, Card> cards, DateOnly day, int count, IReadOnlyCollection<Question> passage) =>
        PickLocked(cards, day, count, passage);

    /// <summary>System.Random is not thread-safe, and chat lanes and the daily pusher pick at the same time.</summary>
    private IReadOnlyList<Question> PickLocked(IReadOnlyDictionary<string, Card> cards, DateOnly day, int count, IReadOnlyCollection<Question>? passage)
    {
        lock (planner.Random) return Chooser.Pick(bank, count, cards, day, planner.Random, passage);
    }

    /// <summary>/review: the due questions (lowest retrievability first, one per family), how many are due, the next due day.</summary>
    public async Task<(IReadOnlyList<Question> Questions, int DueCount, DateOnly? NextDue)> DueAsync(long userId, int max)
    {
        var cards = await store.GetCardsAsync(userId);
        var today = Today;
        var due = DueCount(cards, today);
        return (Chooser.Due(bank, cards, today, max), due, NextDue(cards, today));
    }

    public async Task<LearningProgress> ProgressAsync(long userId)
    {
        var cards = await store.GetCardsAsync(userId);
        var today = Today;
        var speeches = Mastery.PerSpeech(bank, cards, Schedule, today);
        return new LearningProgress(speeches, speeches.Sum(s => s.Mastered), speeches.Sum(s => s.Total), DueCount(cards, today), NextDue(cards, today));
    }

    private int DueCount(IReadOnlyDictionary<string, Card> cards, DateOnly today) =>
        cards.Count(p => p.Value.IsDue(today) && bank.Find(p.Key) is not null);

    private DateOnly? NextDue(IReadOnlyDictionary<string, Card> cards, DateOnly today) =>
        cards.Where(p => !p.Value.IsDue(today) && bank.Find(p.Key) is not null).Select(p => (DateOnly?)p.Value.Due).Min();

    /// <summary>Turns what is left of the Leitner schedule into cards (docs/learning.md, "From Leitner"); at start, once.</summary>
    public Task<int> ConvertLeitnerAsync() =>
        store.ConvertLeitnerAsync(Schedule.FromLeitner, time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>/daily remind on|off: the evening reminder, a personal setting (docs/learning.md).</summary>
    public Task SetRemindersAsync(long userId, bool on) =>
        store.SetRemindersOnAsync(userId, on, time.GetUtcNow().ToUnixTimeMilliseconds());
}
