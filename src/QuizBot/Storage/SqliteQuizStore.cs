using Dapper;
using Microsoft.Data.Sqlite;

namespace QuizBot.Storage;

/// <summary>IQuizStore on SQLite through Dapper. One short-lived pooled connection per call.</summary>
internal sealed partial class SqliteQuizStore(Database db) : IQuizStore
{
    private const int SqliteConstraintUnique = 2067;

    // Every poll answer upserts its person: skipped when this process already wrote the same names, otherwise
    // group-committed with the answers (SqliteQuizStore.GroupCommit.cs).
    public async Task UpsertUserAsync(long userId, string displayName, string? username, long now)
    {
        if (UserUnchanged(userId, displayName, username)) return;
        await WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO users (user_id, display_name, username, updated_at) VALUES (@userId, @displayName, @username, @now)
            ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, username = excluded.username,
                                                updated_at = excluded.updated_at
            """, new { userId, displayName, username, now }, tx));
        UserWritten(userId, displayName, username);
    }

    // Every command upserts its chat: skipped when this process already wrote the same kind and title and nothing has
    // marked the chat since, so a command that only reads (/top, /me, /help) writes nothing and is answered while another
    // process holds the write lock (docs/operations.md, "The database is unavailable").
    public async Task UpsertChatAsync(long chatId, string kind, string? title, long now)
    {
        if (_chatsWritten.TryGetValue(chatId, out var written) && written == (kind, title)) return;
        var marks = Volatile.Read(ref _chatMarks);
        await using var c = db.Open();
        await c.ExecuteAsync("""
            INSERT INTO chats (chat_id, kind, title, created_at, updated_at) VALUES (@chatId, @kind, @title, @now, @now)
            ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind, title = excluded.title, state = 'active',
                                                updated_at = excluded.updated_at
            """, new { chatId, kind, title, now });
        // Remembered only if no chat was marked (left, migrated, forgotten) meanwhile: that mark may have come after this
        // write, and the next command must then make the chat active again.
        if (Volatile.Read(ref _chatMarks) != marks) return;
        if (_chatsWritten.Count >= UsersRemembered) _chatsWritten.Clear();
        _chatsWritten[chatId] = (kind, title);
    }

    /// <summary>What this process last wrote for each active chat, so a command from an unchanged chat writes nothing.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, (string Kind, string? Title)> _chatsWritten = new();

    /// <summary>Counts marks of chats (<see cref="ForgetChatWritten"/>); an upsert that saw one meanwhile remembers nothing.</summary>
    private int _chatMarks;

    /// <summary>Called before a chat's state changes other than by <see cref="UpsertChatAsync"/>, and after it.</summary>
    private void ForgetChatWritten(long chatId)
    {
        Interlocked.Increment(ref _chatMarks);
        _chatsWritten.TryRemove(chatId, out _);
    }

    public async Task<bool> IsChatActiveAsync(long chatId)
    {
        await using var c = db.Open();
        var state = await c.ExecuteScalarAsync<string?>("SELECT state FROM chats WHERE chat_id = @chatId", new { chatId });
        return state is null or "active";
    }

    public async Task SetChatStateAsync(long chatId, string state, long now)
    {
        ForgetChatWritten(chatId); // an upsert in flight now will not remember the chat as active
        try
        {
            await using var c = db.Open();
            await c.ExecuteAsync("""
                INSERT INTO chats (chat_id, kind, state, created_at, updated_at) VALUES (@chatId, 'unknown', @state, @now, @now)
                ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
                """, new { chatId, state, now });
        }
        finally
        {
            ForgetChatWritten(chatId); // nor one that remembered it while this write ran
        }
    }

    public async Task<string> GetChatScoringAsync(long chatId)
    {
        await using var c = db.Open();
        return await c.ExecuteScalarAsync<string?>("SELECT scoring FROM chats WHERE chat_id = @chatId", new { chatId }) ?? "speed";
    }

    public async Task SetChatScoringAsync(long chatId, string scoring, long now)
    {
        await using var c = db.Open();
        await c.ExecuteAsync("UPDATE chats SET scoring = @scoring, updated_at = @now WHERE chat_id = @chatId", new { chatId, scoring, now });
    }

    public async Task MigrateChatAsync(long fromChatId, long toChatId, long now)
    {
        ForgetChatWritten(fromChatId);
        ForgetChatWritten(toChatId);
        await using var c = db.Open();
        await using var tx = await c.BeginTransactionAsync();
        var p = new { fromChatId, toChatId, now };
        await c.ExecuteAsync("""
            INSERT INTO chats (chat_id, kind, title, state, scoring, created_at, updated_at)
            SELECT @toChatId, 'supergroup', title, 'active', scoring, created_at, @now FROM chats WHERE chat_id = @fromChatId
            ON CONFLICT (chat_id) DO UPDATE SET scoring = excluded.scoring, state = 'active', updated_at = excluded.updated_at
            """, p, tx);
        await c.ExecuteAsync("UPDATE chats SET state = 'migrated', updated_at = @now WHERE chat_id = @fromChatId", p, tx);
        await c.ExecuteAsync("UPDATE rounds SET chat_id = @toChatId WHERE chat_id = @fromChatId", p, tx);
        await c.ExecuteAsync("UPDATE polls SET chat_id = @toChatId WHERE chat_id = @fromChatId", p, tx);
        await c.ExecuteAsync("UPDATE answers SET chat_id = @toChatId WHERE chat_id = @fromChatId", p, tx);
        await MoveScoreTotalsAsync(c, tx, fromChatId, toChatId);
        await MigrateDailyAsync(c, tx, p); // daily subscription and push records (SqliteQuizStore.Daily.cs)
        await tx.CommitAsync();
        ForgetGroupPolls(); // remembered with the old chat id (SqliteQuizStore.AnswerPath.cs)
        ForgetChatWritten(fromChatId);
        ForgetChatWritten(toChatId);
    }

    private const string RoundColumns = """
        round_id AS RoundId, chat_id AS ChatId, mode AS Mode, started_by AS StartedBy, question_ids AS QuestionIds,
        position AS Position, question_seconds AS QuestionSeconds, scoring AS Scoring, members AS Members, status AS Status,
        started_at AS StartedAt, ended_at AS EndedAt
        """;

    public async Task<RoundRecord?> TryStartRoundAsync(RoundRecord round)
    {
        await using var c = db.Open();
        try
        {
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO rounds (chat_id, mode, started_by, question_ids, position, question_seconds, scoring, members, status, started_at)
                VALUES (@ChatId, @Mode, @StartedBy, @QuestionIds, 0, @QuestionSeconds, @Scoring, @Members, 'running', @StartedAt)
                RETURNING round_id
                """, round);
            return round with { RoundId = id, Position = 0, Status = RoundStatus.Running };
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintUnique)
        {
            return null; // rounds_one_running_per_chat: a round is already running here
        }
    }

    public async Task<RoundRecord?> GetRunningRoundAsync(long chatId)
    {
        await using var c = db.Open();
        return await c.QuerySingleOrDefaultAsync<RoundRecord>(
            $"SELECT {RoundColumns} FROM rounds WHERE chat_id = @chatId AND status = 'running'", new { chatId });
    }

    public async Task<RoundRecord?> GetRoundAsync(long roundId)
    {
        await using var c = db.Open();
        return await c.QuerySingleOrDefaultAsync<RoundRecord>($"SELECT {RoundColumns} FROM rounds WHERE round_id = @roundId", new { roundId });
    }

    public async Task<IReadOnlyList<RoundRecord>> GetRunningRoundsAsync()
    {
        await using var c = db.Open();
        return (await c.QueryAsync<RoundRecord>($"SELECT {RoundColumns} FROM rounds WHERE status = 'running' ORDER BY round_id")).AsList();
    }

    public async Task<bool> AdvanceRoundAsync(long roundId, long fromPosition)
    {
        await using var c = db.Open();
        return await c.ExecuteAsync(
            "UPDATE rounds SET position = position + 1 WHERE round_id = @roundId AND position = @fromPosition AND status = 'running'",
            new { roundId, fromPosition }) == 1;
    }

    public async Task<bool> EndRoundAsync(long roundId, string status, long now)
    {
        await using var c = db.Open();
        return await c.ExecuteAsync(
            "UPDATE rounds SET status = @status, ended_at = @now WHERE round_id = @roundId AND status = 'running'",
            new { roundId, status, now }) == 1;
    }

    private const string PollColumns = """
        poll_id AS PollId, round_id AS RoundId, seq AS Seq, chat_id AS ChatId, message_id AS MessageId, question_id AS QuestionId,
        option_order AS OptionOrder, sent_at AS SentAt, closes_at AS ClosesAt, closed AS Closed
        """;

    public async Task SavePendingPollAsync(PendingPollRecord pending)
    {
        await using var c = db.Open();
        await c.ExecuteAsync("""
            INSERT INTO pending_polls (round_id, seq, chat_id, question_id, option_order, created_at, open_seconds)
            VALUES (@RoundId, @Seq, @ChatId, @QuestionId, @OptionOrder, @CreatedAt, @OpenSeconds)
            ON CONFLICT (round_id, seq) DO UPDATE SET option_order = excluded.option_order, created_at = excluded.created_at
            """, pending);
    }

    public async Task SavePollAsync(PollRecord poll)
    {
        await using var c = db.Open();
        await using var tx = await c.BeginTransactionAsync();
        await c.ExecuteAsync("""
            INSERT INTO polls (poll_id, round_id, seq, chat_id, message_id, question_id, option_order, sent_at, closes_at, closed)
            VALUES (@PollId, @RoundId, @Seq, @ChatId, @MessageId, @QuestionId, @OptionOrder, @SentAt, @ClosesAt, @Closed)
            ON CONFLICT DO NOTHING -- either key: a poll seen twice, or a second poll for a question that already has one
            """, poll, tx);
        await c.ExecuteAsync("DELETE FROM pending_polls WHERE round_id = @RoundId AND seq = @Seq", poll, tx);
        await tx.CommitAsync();
    }

    public async Task<PendingPollRecord?> GetPendingPollAsync(long roundId, long seq)
    {
        await using var c = db.Open();
        return await c.QuerySingleOrDefaultAsync<PendingPollRecord>("""
            SELECT round_id AS RoundId, seq AS Seq, chat_id AS ChatId, question_id AS QuestionId, option_order AS OptionOrder,
                   created_at AS CreatedAt, open_seconds AS OpenSeconds
            FROM pending_polls WHERE round_id = @roundId AND seq = @seq
            """, new { roundId, seq });
    }

    public async Task<IReadOnlyList<PendingPollRecord>> GetAdoptablePollsAsync(long userId)
    {
        await using var c = db.Open();
        return (await c.QueryAsync<PendingPollRecord>("""
            SELECT p.round_id AS RoundId, p.seq AS Seq, p.chat_id AS ChatId, p.question_id AS QuestionId, p.option_order AS OptionOrder,
                   p.created_at AS CreatedAt, p.open_seconds AS OpenSeconds, r.mode AS Mode
            FROM pending_polls p JOIN rounds r ON r.round_id = p.round_id
            WHERE r.status = 'running' AND p.seq = r.position AND r.mode = 'private' AND r.chat_id = @userId
            """, new { userId })).AsList();
    }

    public async Task<PollRecord?> GetPollAsync(string pollId)
    {
        await using var c = db.Open();
        return await c.QuerySingleOrDefaultAsync<PollRecord>($"SELECT {PollColumns} FROM polls WHERE poll_id = @pollId", new { pollId });
    }

    public async Task<PollRecord?> GetPollAsync(long roundId, long seq)
    {
        await using var c = db.Open();
        return await c.QuerySingleOrDefaultAsync<PollRecord>(
            $"SELECT {PollColumns} FROM polls WHERE round_id = @roundId AND seq = @seq", new { roundId, seq });
    }

    public async Task<IReadOnlyList<PollRecord>> GetPollsAsync(long roundId)
    {
        await using var c = db.Open();
        return (await c.QueryAsync<PollRecord>($"SELECT {PollColumns} FROM polls WHERE round_id = @roundId ORDER BY seq", new { roundId })).AsList();
    }

    public async Task<bool> ClosePollAsync(string pollId)
    {
        await using var c = db.Open();
        return await c.ExecuteAsync("UPDATE polls SET closed = 1 WHERE poll_id = @pollId AND closed = 0", new { pollId }) == 1;
    }

    // TryRecordAnswerAsync is group-committed (SqliteQuizStore.AnswerPath.cs): true only once the answer, its score totals
    // and its review schedule are committed. The INSERT … ON CONFLICT (poll_id, user_id) DO NOTHING is in InsertAnswerAsync.

    public async Task<IReadOnlyList<AnswerRecord>> GetAnswersAsync(long roundId)
    {
        await using var c = db.Open();
        return (await c.QueryAsync<AnswerRecord>("""
            SELECT poll_id AS PollId, user_id AS UserId, chat_id AS ChatId, round_id AS RoundId, question_id AS QuestionId,
                   chosen AS Chosen, is_correct AS IsCorrect, points AS Points, elapsed_ms AS ElapsedMs, answered_at AS AnsweredAt
            FROM answers WHERE round_id = @roundId ORDER BY answer_id
            """, new { roundId })).AsList();
    }

    public async Task<long> CountAnswersAsync(string pollId)
    {
        await using var c = db.Open();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM answers WHERE poll_id = @pollId", new { pollId });
    }

    public async Task<IReadOnlySet<string>> GetAnsweredQuestionIdsAsync(long userId)
    {
        await using var c = db.Open();
        return (await c.QueryAsync<string>("SELECT DISTINCT question_id FROM answers WHERE user_id = @userId", new { userId })).ToHashSet();
    }

    // Totals per person in a scope, ranked by points with ties sharing a rank (RANK(), as in Scoring.Ranks).
    private const string RankedTotals = """
        WITH totals AS (
            SELECT user_id, COUNT(*) AS answered, SUM(is_correct) AS correct, SUM(points) AS points
            FROM answers
            WHERE (@chatId IS NULL OR chat_id = @chatId) AND answered_at >= @since
            GROUP BY user_id
        ), ranked AS (
            SELECT totals.*, RANK() OVER (ORDER BY points DESC) AS rnk FROM totals
        )
        SELECT r.user_id AS UserId, COALESCE(u.display_name, '') AS DisplayName, r.answered AS Answered,
               r.correct AS Correct, r.points AS Points, r.rnk AS Rank
        FROM ranked r LEFT JOIN users u ON u.user_id = r.user_id
        """;

    public async Task<IReadOnlyList<ScoreRow>> GetLeaderboardAsync(long? chatId, long since, int limit)
    {
        await using var c = db.Open();
        return (await c.QueryAsync<ScoreRow>($"{RankedTotals} ORDER BY r.rnk, r.correct DESC, r.user_id LIMIT @limit",
            new { chatId, since, limit })).AsList();
    }

    public async Task<ScoreRow?> GetPersonalAsync(long userId, long? chatId, long since)
    {
        await using var c = db.Open();
        return await c.QuerySingleOrDefaultAsync<ScoreRow>($"{RankedTotals} WHERE r.user_id = @userId", new { userId, chatId, since });
    }

    public async Task<IReadOnlyDictionary<long, string>> GetDisplayNamesAsync(IReadOnlyList<long> userIds)
    {
        await using var c = db.Open();
        var rows = await c.QueryAsync<(long UserId, string DisplayName)>(
            "SELECT user_id, display_name FROM users WHERE user_id IN @userIds", new { userIds });
        return rows.ToDictionary(r => r.UserId, r => r.DisplayName);
    }

    public async Task<string?> GetStateAsync(string key)
    {
        await using var c = db.Open();
        return await c.ExecuteScalarAsync<string?>("SELECT value FROM bot_state WHERE key = @key", new { key });
    }

    // The getUpdates offset after every batch: group-committed (SqliteQuizStore.GroupCommit.cs).
    public Task SetStateAsync(string key, string value) =>
        WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO bot_state (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, new { key, value }, tx));
}
