using QuizBot.Core.Daily;

namespace QuizBot.Storage;

// The daily push (issue 5; docs/daily.md): subscriptions, the durable per-chat-per-day push record, the review schedule.
internal partial interface IQuizStore
{
    Task<DailySubscription?> GetSubscriptionAsync(long chatId);

    /// <summary>Creates or changes a chat's subscription (active, at the given time); the passage cursor is kept.</summary>
    Task SaveSubscriptionAsync(long chatId, string kind, long minute, long nextAt, long createdBy, long now);

    /// <summary>Stops a chat's subscription; false when there was no active one.</summary>
    Task<bool> StopSubscriptionAsync(long chatId, long now);

    /// <summary>Active subscriptions whose next push is due, oldest first.</summary>
    Task<IReadOnlyList<DailySubscription>> GetDueSubscriptionsAsync(long now, int limit);

    /// <summary>
    /// In one transaction, for each claim: moves the subscription on to its next push (only if it is still at the instant
    /// it was read at) and writes the day's push record, with its round when it is to be sent; unless the chat already has
    /// a record for that day (a push is made at most once per chat and day). Returns the pushes to send.
    /// </summary>
    Task<IReadOnlyList<DailyPush>> ClaimPushesAsync(IReadOnlyList<DailyClaim> claims);

    Task<DailyPush?> GetPushAsync(long chatId, string day);

    Task<DailyPush?> GetPushByRoundAsync(long roundId);

    /// <summary>Pushes written but not finished: new ones, and those a crash or a stop interrupted.</summary>
    Task<IReadOnlyList<DailyPush>> GetUnfinishedPushesAsync();

    /// <summary>
    /// Records that the message at <paramref name="fromStep"/> was sent (with its poll, in the same transaction) and clears
    /// that poll's pending row, unless <paramref name="keepPending"/>: an earlier attempt may have left an orphaned twin.
    /// </summary>
    Task<bool> AdvancePushAsync(long chatId, string day, long fromStep, PollRecord? poll, bool keepPending = false);

    /// <summary>
    /// Before a daily poll is sent: the poll already stored for that question (an answer adopted an orphaned copy), or
    /// else the pending row of an earlier attempt (its option order is reused, so every copy reads the same), or else
    /// <paramref name="pending"/>, written now.
    /// </summary>
    Task<DailyPollAttempt> PrepareDailyPollAsync(PendingPollRecord pending);

    /// <summary>
    /// Pending daily polls an unknown poll answer from this person could belong to (docs/daily.md): those of their latest
    /// private push, only questions they have not answered yet; never a group's (issue 10).
    /// </summary>
    Task<IReadOnlyList<PendingPollRecord>> GetAdoptableDailyPollsAsync(long userId);

    /// <summary>Stores an adopted daily poll unless its question already has one; pending rows are kept (twins may follow).</summary>
    Task AdoptDailyPollAsync(PollRecord poll);

    /// <summary>Ends a push; 'gone' also ends the subscription. A private push's round is closed with it.</summary>
    Task FinishPushAsync(long chatId, string day, string status, long now);

    /// <summary>Group pushes whose polls have closed and whose summary is not posted yet.</summary>
    Task<IReadOnlyList<DailyPush>> GetPushesToSummarizeAsync(long now);

    /// <summary>Marks a group push summarized and closes its round; false if that was already done.</summary>
    Task<bool> MarkSummarizedAsync(long chatId, string day, long now);

    /// <summary>The questions of this chat's earlier daily pushes.</summary>
    Task<IReadOnlySet<string>> GetDailyQuestionIdsAsync(long chatId);

    Task<ReviewRecord?> GetReviewAsync(long userId, string questionId);

    /// <summary>Stores a question's place in the review schedule; null removes it (learned, or never missed).</summary>
    Task SetReviewAsync(long userId, string questionId, ReviewState? state, long now);

    /// <summary>Mistakes due on or before <paramref name="day"/>, the longest overdue first.</summary>
    Task<IReadOnlyList<ReviewRecord>> GetDueReviewsAsync(long userId, string day, int limit);

    /// <summary>For many people at once (claiming a broadcast): their mistakes due on or before <paramref name="day"/>, per person.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<ReviewRecord>>> GetDueReviewsAsync(IReadOnlyCollection<long> userIds, string day);

    /// <summary>For many people at once: the questions each has answered.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlySet<string>>> GetAnsweredQuestionIdsAsync(IReadOnlyCollection<long> userIds);

    /// <summary>The mistake due next after <paramref name="day"/>, if any.</summary>
    Task<ReviewRecord?> GetNextReviewAsync(long userId, string day);

    /// <summary>Points a person earned from <paramref name="since"/> on (for the daily cap).</summary>
    Task<long> GetPointsSinceAsync(long userId, long since);

    /// <summary>A person's answers in daily rounds, with each round's day and size (for the daily streak).</summary>
    Task<IReadOnlyList<DailyAnswerRow>> GetDailyAnswersAsync(long userId);

    /// <summary>
    /// The daily streak of docs/daily.md (days on which every question of a daily push was answered), as of the local day
    /// of <paramref name="now"/>. For /me.
    /// </summary>
    Task<DailyStreak> GetDailyStreakAsync(long userId, TimeZoneInfo zone, long now);
}
