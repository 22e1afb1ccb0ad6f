using QuizBot.Core.Quizzes;

namespace QuizBot.Storage;

// Rows crossing the storage seam. Properties with init (not positional records) because SQLite hands Dapper Int64 for
// every INTEGER and Dapper matches a positional record's constructor by exact parameter types, so an `int` parameter
// fails to materialize (https://www.sqlite.org/datatype3.html: INTEGER values are up to 8 bytes). Instants are unix
// milliseconds: DateTimeOffset would need a Dapper type handler, registered before first use.

internal sealed record RoundRecord
{
    public long RoundId { get; init; }
    public long ChatId { get; init; }
    public string Mode { get; init; } = "";
    public long StartedBy { get; init; }
    public string QuestionIds { get; init; } = "";
    public long Position { get; init; }
    public long QuestionSeconds { get; init; }
    public string Scoring { get; init; } = "";
    public long? Members { get; init; }
    public string Status { get; init; } = "";
    public long StartedAt { get; init; }
    public long? EndedAt { get; init; }

    public IReadOnlyList<string> Questions => QuestionIds.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The round's kind, stored as its code in <see cref="Mode"/> (Core's RoundLife has the rules).</summary>
    public RoundKind Kind => RoundLife.ParseKind(Mode);

    /// <summary>The round's state, stored as its code in <see cref="Status"/>.</summary>
    public RoundState State => RoundLife.ParseState(Status);

    public bool IsRunning => State == RoundState.Running;
}

internal sealed record PollRecord
{
    public string PollId { get; init; } = "";
    public long RoundId { get; init; }
    public long Seq { get; init; }
    public long ChatId { get; init; }
    public long MessageId { get; init; }
    public string QuestionId { get; init; } = "";
    public string OptionOrder { get; init; } = "";
    public long SentAt { get; init; }
    public long? ClosesAt { get; init; }
    public long Closed { get; init; }

    public IReadOnlyList<int> Order => Ints.Parse(OptionOrder);
}

/// <summary>A poll being sent whose id Telegram has not confirmed yet.</summary>
internal sealed record PendingPollRecord
{
    public long RoundId { get; init; }
    public long Seq { get; init; }
    public long ChatId { get; init; }
    public string QuestionId { get; init; } = "";
    public string OptionOrder { get; init; } = "";
    public long CreatedAt { get; init; }
    public long? OpenSeconds { get; init; }
    public string Mode { get; init; } = "";

    /// <summary>The poll this attempt became, under the id Telegram gave it (an orphan adopted by its first answer).</summary>
    public PollRecord AsPoll(string pollId) => new()
    {
        PollId = pollId,
        RoundId = RoundId,
        Seq = Seq,
        ChatId = ChatId,
        QuestionId = QuestionId,
        OptionOrder = OptionOrder,
        SentAt = CreatedAt,
        ClosesAt = OpenSeconds is { } s ? CreatedAt + s * 1000 : null,
    };
}

internal sealed record AnswerRecord
{
    public string PollId { get; init; } = "";
    public long UserId { get; init; }
    public long ChatId { get; init; }
    public long RoundId { get; init; }
    public string QuestionId { get; init; } = "";
    public string Chosen { get; init; } = "";
    public bool IsCorrect { get; init; }
    public long Points { get; init; }
    public long ElapsedMs { get; init; }
    public long AnsweredAt { get; init; }
}

/// <summary>A row of a leaderboard or a personal record.</summary>
internal sealed record ScoreRow
{
    public long UserId { get; init; }
    public string DisplayName { get; init; } = "";
    public long Answered { get; init; }
    public long Correct { get; init; }
    public long Points { get; init; }
    public long Rank { get; init; }
}

internal static class Ints
{
    public static IReadOnlyList<int> Parse(string csv) =>
        csv.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    public static string Join(IEnumerable<int> values) => string.Join(',', values);
}
