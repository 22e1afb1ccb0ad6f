namespace QuizBot.Storage;

// Rows of the daily push (002_daily.sql). Same rules as Records.cs: init properties, Int64 for every INTEGER, instants in
// unix milliseconds, local dates as 'yyyy-MM-dd'.

internal sealed record DailySubscription
{
    public long ChatId { get; init; }
    public string Kind { get; init; } = DailyKinds.Private;
    public long Minute { get; init; }
    public bool Active { get; init; }
    public long NextAt { get; init; }
    public long Cursor { get; init; }
    public long CreatedBy { get; init; }

    public TimeOnly Time => TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(Minute));
}

internal static class DailyKinds
{
    public const string Private = "private";
    public const string Group = "group";
}

internal static class DailyStatus
{
    public const string Sending = "sending";
    public const string Done = "done";
    public const string Skipped = "skipped";
    public const string Gone = "gone";
    public const string Expired = "expired";
}

/// <summary>One chat's push for one local day.</summary>
internal sealed record DailyPush
{
    public long ChatId { get; init; }
    public string Day { get; init; } = "";
    public string Kind { get; init; } = DailyKinds.Private;
    public long DueAt { get; init; }
    public long Cursor { get; init; }
    public string QuestionIds { get; init; } = "";
    public long? RoundId { get; init; }
    public long Step { get; init; }
    public string Status { get; init; } = DailyStatus.Sending;
    public long? ClosesAt { get; init; }
    public long Summarized { get; init; }
    public long CreatedAt { get; init; }

    public IReadOnlyList<string> Questions => QuestionIds.Split(',', StringSplitOptions.RemoveEmptyEntries);
    public bool IsGroup => Kind == DailyKinds.Group;
}

/// <summary>What the scheduler asks the store to record for a due subscription, in one transaction.</summary>
internal sealed record DailyClaim
{
    public required DailySubscription Subscription { get; init; }
    public required string Day { get; init; }
    public required long DueAt { get; init; }
    public required long NextAt { get; init; }
    /// <summary>False: past the grace period, record the day as skipped.</summary>
    public required bool Send { get; init; }
    public string QuestionIds { get; init; } = "";
    public long? ClosesAt { get; init; }
    public required long Now { get; init; }
}

/// <summary>One answer of a person in a daily round, with the round's day and how many polls it has.</summary>
internal sealed record DailyAnswerRow
{
    public long RoundId { get; init; }
    public string Day { get; init; } = "";
    public long Asked { get; init; }
    public long AnsweredAt { get; init; }
}

/// <summary>
/// What <see cref="DailyStore.PrepareDailyPollAsync"/> found: the poll already stored for the question, or the pending row
/// to send with (<see cref="Repeated"/> when an earlier attempt wrote it).
/// </summary>
internal sealed record DailyPollAttempt(PollRecord? Stored, PendingPollRecord Pending, bool Repeated);
