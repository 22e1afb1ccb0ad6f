using QuizBot.Core.Daily;

namespace QuizBot.Storage;

/// <summary>
/// The one storage seam. SQLite (Dapper) is the embedded default; the SQL is kept portable so a PostgreSQL implementation
/// can follow for several instances.
/// </summary>
internal partial interface IQuizStore
{
    Task UpsertUserAsync(long userId, string displayName, string? username, long now);
    Task UpsertChatAsync(long chatId, string kind, string? title, long now);
    Task<bool> IsChatActiveAsync(long chatId);
    Task SetChatStateAsync(long chatId, string state, long now);
    Task<string> GetChatScoringAsync(long chatId);
    Task SetChatScoringAsync(long chatId, string scoring, long now);

    /// <summary>Moves a group's rounds, polls, answers and settings to its new supergroup id.</summary>
    Task MigrateChatAsync(long fromChatId, long toChatId, long now);

    /// <summary>Starts a round unless one is running in that chat; returns null then.</summary>
    Task<RoundRecord?> TryStartRoundAsync(RoundRecord round);
    Task<RoundRecord?> GetRunningRoundAsync(long chatId);
    Task<RoundRecord?> GetRoundAsync(long roundId);
    Task<IReadOnlyList<RoundRecord>> GetRunningRoundsAsync();

    /// <summary>Moves a running round from <paramref name="fromPosition"/> to the next; false if another update already did.</summary>
    Task<bool> AdvanceRoundAsync(long roundId, long fromPosition);

    /// <summary>Ends a running round; false if it had already ended, so only one caller posts the results.</summary>
    Task<bool> EndRoundAsync(long roundId, string status, long now);

    /// <summary>Records a poll about to be sent (replacing an earlier attempt for the same question).</summary>
    Task SavePendingPollAsync(PendingPollRecord pending);

    /// <summary>Stores a sent poll and clears its pending row, in one transaction.</summary>
    Task SavePollAsync(PollRecord poll);

    Task<PendingPollRecord?> GetPendingPollAsync(long roundId, long seq);

    /// <summary>Pending polls an unknown poll answer from this person could belong to: their own private round's, nothing else.</summary>
    Task<IReadOnlyList<PendingPollRecord>> GetAdoptablePollsAsync(long userId);
    Task<PollRecord?> GetPollAsync(string pollId);
    Task<PollRecord?> GetPollAsync(long roundId, long seq);
    Task<IReadOnlyList<PollRecord>> GetPollsAsync(long roundId);
    Task<bool> ClosePollAsync(string pollId);

    /// <summary>
    /// The poll an answer names and its round (null if the round is gone). A group round's poll and round may be remembered
    /// from an earlier answer: their ids, question, option order, mode, scoring and seconds are current, their position,
    /// status and closed flag may not be.
    /// </summary>
    Task<(PollRecord Poll, RoundRecord? Round)?> GetAnsweredPollAsync(string pollId);

    /// <summary>
    /// Records an answer; false when this person already answered this poll (a redelivered update). When recorded and
    /// <paramref name="review"/> is given, in the same transaction: the question's review state for this person (null when
    /// not scheduled) is replaced by what <paramref name="review"/> returns (null removes it).
    /// </summary>
    Task<bool> TryRecordAnswerAsync(AnswerRecord answer, Func<ReviewState?, ReviewState?>? review = null);
    Task<IReadOnlyList<AnswerRecord>> GetAnswersAsync(long roundId);
    Task<long> CountAnswersAsync(string pollId);
    Task<IReadOnlySet<string>> GetAnsweredQuestionIdsAsync(long userId);

    /// <summary>Top <paramref name="limit"/> by points since <paramref name="since"/>; in one chat, or everywhere when chatId is null.</summary>
    Task<IReadOnlyList<ScoreRow>> GetLeaderboardAsync(long? chatId, long since, int limit);

    /// <summary>One person's totals and rank in the same scope as <see cref="GetLeaderboardAsync"/>; null when they never answered.</summary>
    Task<ScoreRow?> GetPersonalAsync(long userId, long? chatId, long since);

    Task<IReadOnlyDictionary<long, string>> GetDisplayNamesAsync(IReadOnlyList<long> userIds);

    Task<string?> GetStateAsync(string key);
    Task SetStateAsync(string key, string value);
}
