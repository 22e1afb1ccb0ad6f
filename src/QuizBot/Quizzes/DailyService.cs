using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Core.Daily;
using QuizBot.Core.Questions;
using QuizBot.Core.Quizzes;
using QuizBot.Storage;

namespace QuizBot.Quizzes;

/// <summary>
/// The daily push without Telegram (docs/daily.md): subscriptions, the schedule (which pushes are due, sent late or
/// skipped), the day's passage and questions, reviews and streaks. The sending is in DailyBroadcast.cs.
/// </summary>
internal sealed class DailyService(
    DailyStore pushes, LearningStore cards, AnswerStore answers, RoundStore rounds, QuestionBank bank, PassageBook book,
    TimeProvider time, IOptions<QuizOptions> options, LearningService learning, ILogger<DailyService> log)
{
    /// <summary>Due subscriptions are read this many at a time, and claimed in transactions of <see cref="ClaimBatch"/>.</summary>
    private const int ClaimPage = 1000;
    private const int ClaimBatch = 50;

    public const int MaxReviewQuestions = QuizPlanner.MaxQuestions;

    public PassageBook Book => book;
    public QuestionBank Bank => bank;
    public QuizOptions Options => options.Value;
    public TimeZoneInfo Zone => options.Value.Zone;
    public long Now => time.GetUtcNow().ToUnixTimeMilliseconds();
    public DateOnly Today => LocalClock.Day(Now, Zone);

    public DateTime ToLocal(long unixMs) => LocalClock.Local(unixMs, Zone);

    public Task<DailySubscription?> GetSubscriptionAsync(long chatId) => pushes.GetSubscriptionAsync(chatId);

    /// <summary>Subscribes (or moves) a chat to a daily time; the first push is the next occurrence of that time.</summary>
    public async Task<DailySubscription> SubscribeAsync(long chatId, bool group, TimeOnly at, long by)
    {
        var kind = group ? DailyKinds.Group : DailyKinds.Private;
        var minute = at.Hour * 60 + at.Minute;
        // The same time again changes nothing: after a crash Telegram delivers the command again, and moving next_at past
        // now would skip a push that is due.
        if (await pushes.GetSubscriptionAsync(chatId) is { Active: true } same && same.Minute == minute && same.Kind == kind) return same;
        var now = Now;
        var next = LocalClock.Next(at, now, Zone);
        await pushes.SaveSubscriptionAsync(chatId, kind, minute, next, by, now);
        log.LogInformation("Chat {ChatId} subscribed to the daily push at {Time}", chatId, LocalClock.Format(at));
        return (await pushes.GetSubscriptionAsync(chatId))!;
    }

    public Task<bool> UnsubscribeAsync(long chatId) => pushes.StopSubscriptionAsync(chatId, Now);

    /// <summary>
    /// Handles every subscription whose time has come: writes the day's durable push record (to send, or skipped when older
    /// than the grace period) and moves the subscription to its next day, in one transaction each. Yields the pushes to send.
    /// </summary>
    public async IAsyncEnumerable<DailyPush> ClaimDueAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var grace = TimeSpan.FromMinutes(options.Value.DailyGraceMinutes);
        for (var page = 0; page < 10_000; page++)
        {
            var now = Now;
            var due = await pushes.GetDueSubscriptionsAsync(now, ClaimPage);
            foreach (var chunk in due.Chunk(ClaimBatch))
            {
                ct.ThrowIfCancellationRequested();
                var claims = new List<DailyClaim>();
                // The FSRS cards of the chunk's private chats in one query, not one per chat.
                var people = chunk.Where(s => s.Kind == DailyKinds.Private).Select(s => s.ChatId).ToList();
                var peopleCards = await cards.GetCardsAsync(people);
                foreach (var s in chunk)
                {
                    var decision = DailySchedule.Decide(s.NextAt, s.Time, now, grace, Zone);
                    if (decision is null) continue;
                    if (!decision.Send)
                        log.LogInformation("Daily push to chat {ChatId} for {Day} skipped: {Minutes} min late, past the grace period",
                            s.ChatId, decision.Day, (now - decision.DueAt) / 60_000);
                    var questions = !decision.Send ? []
                        : s.Kind == DailyKinds.Group ? await PickForGroupAsync(s)
                        : PickForPerson(s, decision.Day, peopleCards.GetValueOrDefault(s.ChatId) ?? new Dictionary<string, Core.Learning.Card>());
                    claims.Add(new DailyClaim
                    {
                        Subscription = s,
                        Day = LocalClock.Key(decision.Day),
                        DueAt = decision.DueAt,
                        NextAt = decision.NextAt,
                        Send = decision.Send && questions.Count > 0,
                        QuestionIds = string.Join(',', questions.Select(q => q.Id)),
                        ClosesAt = s.Kind == DailyKinds.Group
                            ? DailySchedule.GroupClosesAt(Math.Max(now, decision.DueAt), options.Value.GroupCloseTime, Zone)
                            : null,
                        Now = now,
                    });
                }
                foreach (var push in await pushes.ClaimPushesAsync(claims)) yield return push;
            }
            if (due.Count < ClaimPage) yield break;
        }
    }

    /// <summary>A group's questions: the passage's first, none asked in the group's earlier pushes where possible.</summary>
    private async Task<IReadOnlyList<Question>> PickForGroupAsync(DailySubscription s) =>
        DailyQuestions.Pick(options.Value.DailyQuestions, [], book.At(s.Cursor), book, bank, await pushes.GetDailyQuestionIdsAsync(s.ChatId), s.Cursor);

    /// <summary>
    /// A person's questions (in a private chat the chat id is the user id), chosen by the learning chooser
    /// (docs/learning.md): reviews due on the push's day first, lowest retrievability first, then the day's passage's
    /// unseen questions, then unseen questions of the speeches where the person is weakest, one per family.
    /// </summary>
    private IReadOnlyList<Question> PickForPerson(DailySubscription s, DateOnly day, IReadOnlyDictionary<string, Core.Learning.Card> cards) =>
        learning.PickForPush(cards, day, options.Value.DailyQuestions, book.QuestionsIn(book.At(s.Cursor)).ToList());

    /// <summary>
    /// /review: a person's questions due now (at most <paramref name="max"/>, one per family: docs/question-bank.md,
    /// Families), how many are due in all, and the next due day after today. A due question left out for its family stays
    /// due for the next /review.
    /// </summary>
    public Task<(IReadOnlyList<Question> Questions, int DueCount, DateOnly? NextDue)> DueReviewsAsync(long userId, int max) =>
        learning.DueAsync(userId, max);

    public Task<DailyStreak> GetStreakAsync(long userId) => pushes.GetDailyStreakAsync(userId, Zone, Now);

    /// <summary>
    /// /review: starts a self-paced private round of the person's questions due now, unless a quiz is running in their chat
    /// or nothing is due; <see cref="ReviewStart.NextDue"/> says when the next question not due today will be.
    /// </summary>
    public async Task<ReviewStart> StartReviewAsync(long userId)
    {
        if (await rounds.GetRunningRoundAsync(userId) is not null) return new(null, 0, 0, null, AlreadyRunning: true);
        var (questions, dueCount, next) = await DueReviewsAsync(userId, MaxReviewQuestions);
        if (questions.Count == 0) return new(null, 0, 0, next, AlreadyRunning: false);
        var round = await rounds.TryStartRoundAsync(new RoundRecord
        {
            ChatId = userId, // a private chat's id is its person's
            Mode = RoundLife.Code(RoundKind.Private),
            StartedBy = userId,
            QuestionIds = string.Join(',', questions.Select(q => q.Id)),
            QuestionSeconds = 0,
            Scoring = ScoringModes.Accuracy,
            StartedAt = Now,
        });
        return new(round, questions.Count, dueCount, next, AlreadyRunning: round is null);
    }

    /// <summary>
    /// After a counted answer to a daily poll in a private chat: the person's right answers and answers when it was the last
    /// of the day's questions (every poll of the push sent and answered), else null. Each answer counts once, so this is
    /// non-null once.
    /// </summary>
    public async Task<(int Correct, int Answered)?> FinishedTheDayAsync(RoundRecord round, PollRecord poll, long userId)
    {
        if (poll.ChatId != userId || await pushes.GetPushByRoundAsync(round.RoundId) is not { } push) return null;
        var given = (await answers.GetAnswersAsync(round.RoundId)).Where(a => a.UserId == userId).ToList();
        if (push.Status != DailyStatus.Done || given.Count != (await rounds.GetPollsAsync(round.RoundId)).Count) return null;
        return (given.Count(a => a.IsCorrect), given.Count);
    }
}

/// <summary>What /review started: a round of <see cref="Count"/> of the <see cref="DueCount"/> questions due, or why not.</summary>
internal sealed record ReviewStart(RoundRecord? Round, int Count, int DueCount, DateOnly? NextDue, bool AlreadyRunning);
