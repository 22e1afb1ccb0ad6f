namespace QuizBot.Storage;

// Rows crossing the storage seam for leaderboards and study records (issue 6). Same rules as Records.cs: init properties,
// Int64 for every INTEGER, instants in unix milliseconds.

/// <summary>How often one question was answered, and answered right, in some scope.</summary>
internal sealed record QuestionTally
{
    public string QuestionId { get; init; } = "";
    public long Answered { get; init; }
    public long Correct { get; init; }
}

/// <summary>One person's answers on one local day (in the zone the tallies are kept in: Quiz:TimeZone).</summary>
internal readonly record struct DayTally(DateOnly Day, long Answered, long Correct, long Points);

/// <summary>
/// What /me reads of one person (004_user_tallies.sql): every local day they answered on, oldest first, and every question
/// they answered, all time: at most one row per active day and per question, however many answers.
/// </summary>
internal sealed record UserTallies(IReadOnlyList<DayTally> Days, IReadOnlyList<QuestionTally> Questions);

/// <summary>The names a person is shown under.</summary>
internal sealed record UserName
{
    public long UserId { get; init; }
    public string DisplayName { get; init; } = "";
    public string? Username { get; init; }
}

/// <summary>Where a leaderboard counts answers: everyone, or the answers given in one group.</summary>
internal static class ScoreScopes
{
    public const long Everyone = 0;

    /// <summary>A group's own board; private chats (and the terminal) rank against everyone.</summary>
    public static long Of(long chatId, bool isGroup) => isGroup ? chatId : Everyone;
}
