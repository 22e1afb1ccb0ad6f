using QuizBot.Core.Questions;
using QuizBot.Core.Scores;

namespace QuizBot.Storage;

// Leaderboards, personal records and group study records (issue 6): ranked from the maintained score totals, the rest read
// from the answer log through covering indexes (003_scores.sql).
internal partial interface IQuizStore
{
    /// <summary>
    /// Makes the maintained score totals agree with the answer log for weeks and months in <paramref name="zone"/>:
    /// rebuilds them when they were kept in another zone or never built. True when it rebuilt.
    /// </summary>
    Task<bool> EnsureScoreTotalsAsync(TimeZoneInfo zone);

    /// <summary>The first <paramref name="limit"/> of a board by points (then right answers, then id); equal points share a rank.</summary>
    Task<IReadOnlyList<ScoreRow>> GetTopAsync(long scope, PeriodWindow window, int limit);

    /// <summary>One person's totals and rank on each board; null where they have not answered in that period.</summary>
    Task<IReadOnlyList<ScoreRow?>> GetStandingsAsync(long userId, long scope, IReadOnlyList<PeriodWindow> windows);

    /// <summary>One person's totals on a board without their rank (Rank 0); null when they have not answered in that period.</summary>
    Task<ScoreRow?> GetTotalsAsync(long userId, long scope, PeriodWindow window);

    /// <summary>
    /// Makes the maintained per-person tallies (answers per local day and per question) agree with the answer log for days in
    /// <paramref name="zone"/>: rebuilds them when they were kept in another zone or never built. True when it rebuilt.
    /// </summary>
    Task<bool> EnsureUserTalliesAsync(TimeZoneInfo zone);

    /// <summary>Current and best streak of local days with at least one answer (anywhere), as of <paramref name="today"/>.</summary>
    Task<Streak> GetStreakAsync(long userId, DateOnly today);

    /// <summary>One person's answers per local day (oldest first) and per question, all chats, from the maintained tallies.</summary>
    Task<UserTallies> GetUserTalliesAsync(long userId);

    /// <summary>The answers given in one chat in [<paramref name="fromMs"/>, <paramref name="toMs"/>).</summary>
    Task<IReadOnlyList<AnswerFact>> GetChatAnswersAsync(long chatId, long fromMs, long toMs);

    /// <summary>Per question: answers and right answers in one chat in [<paramref name="fromMs"/>, <paramref name="toMs"/>).</summary>
    Task<IReadOnlyList<QuestionTally>> GetChatQuestionTalliesAsync(long chatId, long fromMs, long toMs);

    /// <summary>Every answer given in one chat, all time: who, which question, the bank's option indexes chosen, right or not (item analysis).</summary>
    Task<IReadOnlyList<LoggedAnswer>> GetChatAnswerLogAsync(long chatId);

    Task<IReadOnlyDictionary<long, UserName>> GetUserNamesAsync(IReadOnlyCollection<long> userIds);
}
