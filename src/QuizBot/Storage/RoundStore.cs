using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using QuizBot.Core.Quizzes;

namespace QuizBot.Storage;

/// <summary>
/// Rounds and their polls (001_initial.sql, 005_forgotten_polls.sql): a round's row and position, the polls sent for it,
/// and the pending row written before each poll is sent (so an orphaned poll can be adopted). Daily rounds are created by
/// <see cref="DailyStore"/> in its claim, and read here like any other.
/// </summary>
internal sealed class RoundStore(IDatabase db, GroupCommit writes)
{
    private const string RoundColumns = """
        round_id AS RoundId, chat_id AS ChatId, mode AS Mode, started_by AS StartedBy, question_ids AS QuestionIds,
        position AS Position, question_seconds AS QuestionSeconds, scoring AS Scoring, members AS Members, status AS Status,
        started_at AS StartedAt, ended_at AS EndedAt
        """;

    internal const string PollColumns = """
        poll_id AS PollId, round_id AS RoundId, seq AS Seq, chat_id AS ChatId, message_id AS MessageId, question_id AS QuestionId,
        option_order AS OptionOrder, sent_at AS SentAt, closes_at AS ClosesAt, closed AS Closed
        """;

    internal const string PendingColumns = """
        p.round_id AS RoundId, p.seq AS Seq, p.chat_id AS ChatId, p.question_id AS QuestionId, p.option_order AS OptionOrder,
        p.created_at AS CreatedAt, p.open_seconds AS OpenSeconds
        """;

    /// <summary>Starts a round unless one is running in that chat; returns null then.</summary>
    public async Task<RoundRecord?> TryStartRoundAsync(RoundRecord round)
    {
        // rounds_one_running_per_chat: the database, not a check-then-insert, keeps one running round per chat.
        var id = await writes.WriteAsync((c, tx) => c.ExecuteScalarAsync<long?>("""
            INSERT INTO rounds (chat_id, mode, started_by, question_ids, position, question_seconds, scoring, members, status, started_at)
            VALUES (@ChatId, @Mode, @StartedBy, @QuestionIds, 0, @QuestionSeconds, @Scoring, @Members, 'running', @StartedAt)
            ON CONFLICT DO NOTHING
            RETURNING round_id
            """, round, tx));
        return id is { } roundId ? round with { RoundId = roundId, Position = 0, Status = RoundLife.Code(RoundState.Running) } : null;
    }

    public async Task<RoundRecord?> GetRunningRoundAsync(long chatId)
    {
        await using var c = await db.ConnectAsync();
        return await c.QuerySingleOrDefaultAsync<RoundRecord>(
            $"SELECT {RoundColumns} FROM rounds WHERE chat_id = @chatId AND status = 'running'", new { chatId });
    }

    public async Task<RoundRecord?> GetRoundAsync(long roundId)
    {
        await using var c = await db.ConnectAsync();
        return await c.QuerySingleOrDefaultAsync<RoundRecord>($"SELECT {RoundColumns} FROM rounds WHERE round_id = @roundId", new { roundId });
    }

    public async Task<IReadOnlyList<RoundRecord>> GetRunningRoundsAsync()
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<RoundRecord>($"SELECT {RoundColumns} FROM rounds WHERE status = 'running' ORDER BY round_id")).AsList();
    }

    /// <summary>Moves a running round from <paramref name="fromPosition"/> to the next; false if another update already did.</summary>
    public Task<bool> AdvanceRoundAsync(long roundId, long fromPosition) =>
        writes.WriteAsync(async (c, tx) => await c.ExecuteAsync(
            "UPDATE rounds SET position = position + 1 WHERE round_id = @roundId AND position = @fromPosition AND status = 'running'",
            new { roundId, fromPosition }, tx) == 1);

    /// <summary>Ends a running round; false if it had already ended, so only one caller posts the results.</summary>
    public Task<bool> EndRoundAsync(long roundId, string status, long now) =>
        writes.WriteAsync(async (c, tx) => await c.ExecuteAsync(
            "UPDATE rounds SET status = @status, ended_at = @now WHERE round_id = @roundId AND status = 'running'",
            new { roundId, status, now }, tx) == 1);

    /// <summary>Records a poll about to be sent (replacing an earlier attempt for the same question).</summary>
    public Task SavePendingPollAsync(PendingPollRecord pending) =>
        writes.WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO pending_polls (round_id, seq, chat_id, question_id, option_order, created_at, open_seconds)
            VALUES (@RoundId, @Seq, @ChatId, @QuestionId, @OptionOrder, @CreatedAt, @OpenSeconds)
            ON CONFLICT (round_id, seq) DO UPDATE SET option_order = excluded.option_order, created_at = excluded.created_at
            """, pending, tx));

    /// <summary>Stores a sent poll and clears its pending row, in one transaction.</summary>
    public Task SavePollAsync(PollRecord poll) =>
        writes.WriteAsync(async (c, tx) =>
        {
            await InsertPollAsync(c, tx, poll);
            await c.ExecuteAsync("DELETE FROM pending_polls WHERE round_id = @RoundId AND seq = @Seq", poll, tx);
        });

    /// <summary>
    /// Stores a poll unless it is already stored. Either key may conflict: the same poll seen twice, or a second poll for a
    /// question that already has one (an orphaned twin adopted meanwhile).
    /// </summary>
    internal static Task InsertPollAsync(DbConnection c, DbTransaction tx, PollRecord poll) =>
        c.ExecuteAsync("""
            INSERT INTO polls (poll_id, round_id, seq, chat_id, message_id, question_id, option_order, sent_at, closes_at, closed)
            VALUES (@PollId, @RoundId, @Seq, @ChatId, @MessageId, @QuestionId, @OptionOrder, @SentAt, @ClosesAt, @Closed)
            ON CONFLICT DO NOTHING
            """, poll, tx);

    public async Task<PendingPollRecord?> GetPendingPollAsync(long roundId, long seq)
    {
        await using var c = await db.ConnectAsync();
        return await c.QuerySingleOrDefaultAsync<PendingPollRecord>(
            $"SELECT {PendingColumns} FROM pending_polls p WHERE p.round_id = @roundId AND p.seq = @seq", new { roundId, seq });
    }

    /// <summary>Pending polls an unknown poll answer from this person could belong to: their own private round's, nothing else.</summary>
    public async Task<IReadOnlyList<PendingPollRecord>> GetAdoptablePollsAsync(long userId)
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<PendingPollRecord>($"""
            SELECT {PendingColumns}, r.mode AS Mode
            FROM pending_polls p JOIN rounds r ON r.round_id = p.round_id
            WHERE r.status = 'running' AND p.seq = r.position AND r.mode = 'private' AND r.chat_id = @userId
            """, new { userId })).AsList();
    }

    public async Task<PollRecord?> GetPollAsync(string pollId)
    {
        await using var c = await db.ConnectAsync();
        return await c.QuerySingleOrDefaultAsync<PollRecord>($"SELECT {PollColumns} FROM polls WHERE poll_id = @pollId", new { pollId });
    }

    public async Task<PollRecord?> GetPollAsync(long roundId, long seq)
    {
        await using var c = await db.ConnectAsync();
        return await c.QuerySingleOrDefaultAsync<PollRecord>(
            $"SELECT {PollColumns} FROM polls WHERE round_id = @roundId AND seq = @seq", new { roundId, seq });
    }

    public async Task<IReadOnlyList<PollRecord>> GetPollsAsync(long roundId)
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<PollRecord>($"SELECT {PollColumns} FROM polls WHERE round_id = @roundId ORDER BY seq", new { roundId })).AsList();
    }

    /// <summary>Marks a poll closed; false if it already was.</summary>
    public Task<bool> ClosePollAsync(string pollId) =>
        writes.WriteAsync(async (c, tx) =>
            await c.ExecuteAsync("UPDATE polls SET closed = 1 WHERE poll_id = @pollId AND closed = 0", new { pollId }, tx) == 1);

    /// <summary>True for a poll whose records /forget deleted: an answer to it is ignored.</summary>
    public async Task<bool> IsPollForgottenAsync(string pollId)
    {
        await using var c = await db.ConnectAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM forgotten_polls WHERE poll_id = @pollId", new { pollId }) > 0;
    }

    // The answer path reads the poll an answer names and its round for every answer, cut down for bursts
    // (docs/benchmarks.md, "Answer ingestion"): a group round's are looked up in memory after the first answer.

    /// <summary>Bounds <see cref="_groupPolls"/> (a few hundred bytes an entry); past it the memory is simply started afresh.</summary>
    private const int GroupPollsRemembered = 20_000;

    /// <summary>Group rounds' polls with their rounds, as read when first answered.</summary>
    private readonly ConcurrentDictionary<string, (PollRecord Poll, RoundRecord Round)> _groupPolls = new(StringComparer.Ordinal);

    /// <summary>Moves on whenever a write changes what <see cref="_groupPolls"/> holds, so a read that raced it is not remembered.</summary>
    private long _groupPollsVersion;

    /// <summary>
    /// The poll an answer names and its round (null if the round is gone). A group round's poll and round may be remembered
    /// from an earlier answer: their ids, question, option order, mode, scoring and seconds are current, their position,
    /// status and closed flag may not be.
    /// </summary>
    public async Task<(PollRecord Poll, RoundRecord? Round)?> GetAnsweredPollAsync(string pollId)
    {
        if (_groupPolls.TryGetValue(pollId, out var known)) return known;
        var version = Interlocked.Read(ref _groupPollsVersion);
        if (await GetPollAsync(pollId) is not { } poll) return null;
        var round = await GetRoundAsync(poll.RoundId);
        // Only group rounds: what an answer uses of them (ids, question, option order, sent time, mode, scoring, seconds)
        // never changes but for the chat id on a migration, which forgets them all. A private or daily round's answer
        // moves the quiz on from the round's current position, so those are read afresh every time.
        if (round is { Kind: RoundKind.Group } && Interlocked.Read(ref _groupPollsVersion) == version)
        {
            if (_groupPolls.Count >= GroupPollsRemembered) _groupPolls.Clear();
            _groupPolls[pollId] = (poll, round);
        }
        return (poll, round);
    }

    /// <summary>Part of <see cref="ChatStore.MigrateChatAsync"/>: a group's rounds and polls follow it to its supergroup id.</summary>
    internal static async Task MigrateChatAsync(DbConnection c, DbTransaction tx, object p)
    {
        await c.ExecuteAsync("UPDATE rounds SET chat_id = @toChatId WHERE chat_id = @fromChatId", p, tx);
        await c.ExecuteAsync("UPDATE polls SET chat_id = @toChatId WHERE chat_id = @fromChatId", p, tx);
    }

    /// <summary>After a write that changes polls' or rounds' chat ids: the remembered group polls are read again.</summary>
    internal void ForgetGroupPolls()
    {
        Interlocked.Increment(ref _groupPollsVersion);
        _groupPolls.Clear();
    }
}
