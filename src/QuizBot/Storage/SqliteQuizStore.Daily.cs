using System.Data.Common;
using Dapper;
using QuizBot.Core.Daily;

namespace QuizBot.Storage;

// The daily push on SQLite (002_daily.sql; docs/daily.md).
internal sealed partial class SqliteQuizStore
{
    /// <summary>
    /// The push's writes (claims, one per message sent) wait their turn here, asynchronously. SQLite has one writer at a
    /// time and Microsoft.Data.Sqlite waits for the lock by blocking its thread (busy_timeout): 66 workers doing that while
    /// a claim transaction runs starved the thread pool and stalled the whole process for seconds in the benchmark.
    /// </summary>
    private readonly SemaphoreSlim _dailyWrites = new(1, 1);

    private async Task<T> DailyWriteAsync<T>(Func<Task<T>> write)
    {
        await _dailyWrites.WaitAsync();
        try { return await write(); }
        finally { _dailyWrites.Release(); }
    }

    private const string SubscriptionColumns = """
        chat_id AS ChatId, kind AS Kind, push_minute AS Minute, active AS Active, next_at AS NextAt,
        passage_cursor AS Cursor, created_by AS CreatedBy
        """;

    private const string PushColumns = """
        chat_id AS ChatId, local_day AS Day, kind AS Kind, due_at AS DueAt, passage_cursor AS Cursor, question_ids AS QuestionIds,
        round_id AS RoundId, step AS Step, status AS Status, closes_at AS ClosesAt, summarized AS Summarized, created_at AS CreatedAt
        """;

    public async Task<DailySubscription?> GetSubscriptionAsync(long chatId)
    {
        await using var c = db.Open();
        return await c.QuerySingleOrDefaultAsync<DailySubscription>(
            $"SELECT {SubscriptionColumns} FROM daily_subscriptions WHERE chat_id = @chatId", new { chatId });
    }

    public async Task SaveSubscriptionAsync(long chatId, string kind, long minute, long nextAt, long createdBy, long now)
    {
        await using var c = db.Open();
        await c.ExecuteAsync("""
            INSERT INTO daily_subscriptions (chat_id, kind, push_minute, active, next_at, created_by, created_at, updated_at)
            VALUES (@chatId, @kind, @minute, 1, @nextAt, @createdBy, @now, @now)
            ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind, push_minute = excluded.push_minute, active = 1,
                next_at = excluded.next_at, created_by = excluded.created_by, updated_at = excluded.updated_at
            """, new { chatId, kind, minute, nextAt, createdBy, now });
    }

    public async Task<bool> StopSubscriptionAsync(long chatId, long now)
    {
        await using var c = db.Open();
        return await c.ExecuteAsync(
            "UPDATE daily_subscriptions SET active = 0, updated_at = @now WHERE chat_id = @chatId AND active = 1",
            new { chatId, now }) == 1;
    }

    public async Task<IReadOnlyList<DailySubscription>> GetDueSubscriptionsAsync(long now, int limit)
    {
        await using var c = db.Open();
        return (await c.QueryAsync<DailySubscription>($"""
            SELECT {SubscriptionColumns} FROM daily_subscriptions
            WHERE active = 1 AND next_at <= @now ORDER BY next_at, chat_id LIMIT @limit
            """, new { now, limit })).AsList();
    }

    public Task<IReadOnlyList<DailyPush>> ClaimPushesAsync(IReadOnlyList<DailyClaim> claims) => DailyWriteAsync(() => ClaimAsync(claims));

    private async Task<IReadOnlyList<DailyPush>> ClaimAsync(IReadOnlyList<DailyClaim> claims)
    {
        var pushes = new List<DailyPush>();
        await using var c = db.Open();
        await using var tx = await c.BeginTransactionAsync(); // one transaction per batch: claiming 10,000 chats takes seconds, not minutes
        foreach (var claim in claims)
        {
            var s = claim.Subscription;
            // The primary key (chat_id, local_day) is the exactly-once rule: a day that has a record is never pushed again,
            // e.g. after /daily moved the time to later on a day that was already pushed.
            var exists = await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM daily_pushes WHERE chat_id = @ChatId AND local_day = @Day", new { s.ChatId, claim.Day }, tx) > 0;
            var sending = !exists && claim.Send;
            var moved = await c.ExecuteAsync("""
                UPDATE daily_subscriptions SET next_at = @NextAt, updated_at = @Now, passage_cursor = passage_cursor + @step
                WHERE chat_id = @ChatId AND active = 1 AND next_at = @Expected
                """, new { claim.NextAt, claim.Now, step = sending ? 1 : 0, s.ChatId, Expected = s.NextAt }, tx);
            if (moved != 1 || exists) continue; // stopped or changed meanwhile: the next read sees its new state

            var push = new DailyPush
            {
                ChatId = s.ChatId,
                Day = claim.Day,
                Kind = s.Kind,
                DueAt = claim.DueAt,
                Cursor = s.Cursor,
                QuestionIds = sending ? claim.QuestionIds : "",
                Status = sending ? DailyStatus.Sending : DailyStatus.Skipped,
                ClosesAt = sending ? claim.ClosesAt : null,
                CreatedAt = claim.Now,
            };
            long? roundId = null;
            if (sending)
            {
                roundId = await c.ExecuteScalarAsync<long>("""
                    INSERT INTO rounds (chat_id, mode, started_by, question_ids, position, question_seconds, scoring, members, status, started_at)
                    VALUES (@ChatId, @Mode, @StartedBy, @QuestionIds, 0, 0, 'accuracy', NULL, @Status, @Now)
                    RETURNING round_id
                    """, new { s.ChatId, DailyRounds.Mode, StartedBy = s.CreatedBy, push.QuestionIds, Status = DailyRounds.Open, claim.Now }, tx);
            }
            push = push with { RoundId = roundId };
            await c.ExecuteAsync("""
                INSERT INTO daily_pushes (chat_id, local_day, kind, due_at, passage_cursor, question_ids, round_id, step, status, closes_at,
                                          created_at, finished_at)
                VALUES (@ChatId, @Day, @Kind, @DueAt, @Cursor, @QuestionIds, @RoundId, 0, @Status, @ClosesAt, @CreatedAt,
                        CASE WHEN @Status = 'skipped' THEN @CreatedAt END)
                """, push, tx);
            if (sending) pushes.Add(push);
        }
        await tx.CommitAsync();
        return pushes;
    }

    public async Task<DailyPush?> GetPushAsync(long chatId, string day)
    {
        await using var c = db.Open();
        return await c.QuerySingleOrDefaultAsync<DailyPush>(
            $"SELECT {PushColumns} FROM daily_pushes WHERE chat_id = @chatId AND local_day = @day", new { chatId, day });
    }

    public async Task<DailyPush?> GetPushByRoundAsync(long roundId)
    {
        await using var c = db.Open();
        return await c.QuerySingleOrDefaultAsync<DailyPush>($"SELECT {PushColumns} FROM daily_pushes WHERE round_id = @roundId", new { roundId });
    }

    public async Task<IReadOnlyList<DailyPush>> GetUnfinishedPushesAsync()
    {
        await using var c = db.Open();
        return (await c.QueryAsync<DailyPush>(
            $"SELECT {PushColumns} FROM daily_pushes WHERE status = 'sending' ORDER BY due_at, chat_id")).AsList();
    }

    public Task<bool> AdvancePushAsync(long chatId, string day, long fromStep, PollRecord? poll, bool keepPending = false) =>
        DailyWriteAsync(() => AdvanceAsync(chatId, day, fromStep, poll, keepPending));

    private async Task<bool> AdvanceAsync(long chatId, string day, long fromStep, PollRecord? poll, bool keepPending)
    {
        await using var c = db.Open();
        await using var tx = await c.BeginTransactionAsync();
        if (poll is not null)
        {
            // Either key: the same poll seen twice, or a question whose orphaned twin an answer adopted meanwhile (this copy's
            // answers then find the twin through the pending row, which is kept for that).
            await c.ExecuteAsync("""
                INSERT INTO polls (poll_id, round_id, seq, chat_id, message_id, question_id, option_order, sent_at, closes_at, closed)
                VALUES (@PollId, @RoundId, @Seq, @ChatId, @MessageId, @QuestionId, @OptionOrder, @SentAt, @ClosesAt, @Closed)
                ON CONFLICT DO NOTHING
                """, poll, tx);
        }
        if (fromStep > 0 && !keepPending)
        {
            await c.ExecuteAsync("""
                DELETE FROM pending_polls
                WHERE round_id = (SELECT round_id FROM daily_pushes WHERE chat_id = @chatId AND local_day = @day) AND seq = @seq
                """, new { chatId, day, seq = fromStep - 1 }, tx);
        }
        var moved = await c.ExecuteAsync("""
            UPDATE daily_pushes SET step = step + 1 WHERE chat_id = @chatId AND local_day = @day AND step = @fromStep AND status = 'sending'
            """, new { chatId, day, fromStep }, tx);
        await tx.CommitAsync();
        return moved == 1;
    }

    public Task<DailyPollAttempt> PrepareDailyPollAsync(PendingPollRecord pending) => DailyWriteAsync(() => PrepareAsync(pending));

    private async Task<DailyPollAttempt> PrepareAsync(PendingPollRecord pending)
    {
        await using var c = db.Open();
        await using var tx = await c.BeginTransactionAsync();
        var key = new { pending.RoundId, pending.Seq };
        var stored = await c.QuerySingleOrDefaultAsync<PollRecord>(
            $"SELECT {PollColumns} FROM polls WHERE round_id = @RoundId AND seq = @Seq", key, tx);
        var earlier = stored is not null ? null : await c.QuerySingleOrDefaultAsync<PendingPollRecord>("""
            SELECT round_id AS RoundId, seq AS Seq, chat_id AS ChatId, question_id AS QuestionId, option_order AS OptionOrder,
                   created_at AS CreatedAt, open_seconds AS OpenSeconds
            FROM pending_polls WHERE round_id = @RoundId AND seq = @Seq
            """, key, tx);
        if (stored is null && earlier is null)
        {
            await c.ExecuteAsync("""
                INSERT INTO pending_polls (round_id, seq, chat_id, question_id, option_order, created_at, open_seconds)
                VALUES (@RoundId, @Seq, @ChatId, @QuestionId, @OptionOrder, @CreatedAt, @OpenSeconds)
                """, pending, tx);
        }
        await tx.CommitAsync();
        return new DailyPollAttempt(stored, earlier ?? pending, earlier is not null);
    }

    public async Task<IReadOnlyList<PendingPollRecord>> GetAdoptableDailyPollsAsync(long userId)
    {
        await using var c = db.Open();
        // A private chat's id is its person's id. Only the person's latest private push: an older day's orphan would make
        // the answer ambiguous, and yesterday's polls have been answered or let go by then. Never a group's push (issue 10).
        return (await c.QueryAsync<PendingPollRecord>("""
            SELECT p.round_id AS RoundId, p.seq AS Seq, p.chat_id AS ChatId, p.question_id AS QuestionId, p.option_order AS OptionOrder,
                   p.created_at AS CreatedAt, p.open_seconds AS OpenSeconds, r.mode AS Mode
            FROM pending_polls p JOIN rounds r ON r.round_id = p.round_id
            WHERE r.mode = 'daily'
              AND r.chat_id = @userId
              AND r.round_id = (SELECT MAX(round_id) FROM rounds WHERE chat_id = @userId AND mode = 'daily')
              AND NOT EXISTS (SELECT 1 FROM answers a
                              WHERE a.round_id = p.round_id AND a.user_id = @userId AND a.question_id = p.question_id)
            ORDER BY p.round_id, p.seq
            """, new { userId })).AsList();
    }

    public Task AdoptDailyPollAsync(PollRecord poll) => DailyWriteAsync(async () =>
    {
        await using var c = db.Open();
        return await c.ExecuteAsync("""
            INSERT INTO polls (poll_id, round_id, seq, chat_id, message_id, question_id, option_order, sent_at, closes_at, closed)
            VALUES (@PollId, @RoundId, @Seq, @ChatId, @MessageId, @QuestionId, @OptionOrder, @SentAt, @ClosesAt, @Closed)
            ON CONFLICT DO NOTHING
            """, poll);
    });

    public Task FinishPushAsync(long chatId, string day, string status, long now) =>
        DailyWriteAsync(() => FinishAsync(chatId, day, status, now));

    private async Task<bool> FinishAsync(long chatId, string day, string status, long now)
    {
        await using var c = db.Open();
        await using var tx = await c.BeginTransactionAsync();
        var p = new { chatId, day, status, now };
        await c.ExecuteAsync("""
            UPDATE daily_pushes SET status = @status, finished_at = @now WHERE chat_id = @chatId AND local_day = @day AND status = 'sending'
            """, p, tx);
        if (status == DailyStatus.Gone)
            await c.ExecuteAsync("UPDATE daily_subscriptions SET active = 0, updated_at = @now WHERE chat_id = @chatId", p, tx);
        // A private push's polls stay answerable; its round is over once everything is sent. A group's ends at its summary.
        await c.ExecuteAsync("""
            UPDATE rounds SET status = 'finished', ended_at = @now
            WHERE round_id = (SELECT round_id FROM daily_pushes WHERE chat_id = @chatId AND local_day = @day)
              AND status = 'open' AND (@status <> 'done' OR @chatId > 0)
            """, p, tx);
        await tx.CommitAsync();
        return true;
    }

    public async Task<IReadOnlyList<DailyPush>> GetPushesToSummarizeAsync(long now)
    {
        await using var c = db.Open();
        return (await c.QueryAsync<DailyPush>($"""
            SELECT {PushColumns} FROM daily_pushes
            WHERE status = 'done' AND kind = 'group' AND summarized = 0 AND closes_at <= @now ORDER BY closes_at, chat_id
            """, new { now })).AsList();
    }

    public async Task<bool> MarkSummarizedAsync(long chatId, string day, long now)
    {
        await using var c = db.Open();
        await using var tx = await c.BeginTransactionAsync();
        var p = new { chatId, day, now };
        var marked = await c.ExecuteAsync(
            "UPDATE daily_pushes SET summarized = 1 WHERE chat_id = @chatId AND local_day = @day AND summarized = 0", p, tx);
        await c.ExecuteAsync("""
            UPDATE rounds SET status = 'finished', ended_at = @now
            WHERE round_id = (SELECT round_id FROM daily_pushes WHERE chat_id = @chatId AND local_day = @day) AND status = 'open'
            """, p, tx);
        await tx.CommitAsync();
        return marked == 1;
    }

    public async Task<IReadOnlySet<string>> GetDailyQuestionIdsAsync(long chatId)
    {
        await using var c = db.Open();
        var lists = await c.QueryAsync<string>("SELECT question_ids FROM daily_pushes WHERE chat_id = @chatId", new { chatId });
        return lists.SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
    }

    private const string ReviewColumns = "user_id AS UserId, question_id AS QuestionId, box AS Box, due_day AS DueDay";

    public async Task<ReviewRecord?> GetReviewAsync(long userId, string questionId)
    {
        await using var c = db.Open();
        return await c.QuerySingleOrDefaultAsync<ReviewRecord>(
            $"SELECT {ReviewColumns} FROM review_schedule WHERE user_id = @userId AND question_id = @questionId", new { userId, questionId });
    }

    // On the answer path: group-committed with the answers (SqliteQuizStore.GroupCommit.cs).
    public Task SetReviewAsync(long userId, string questionId, ReviewState? state, long now) =>
        WriteAsync((c, tx) => state is null
            ? c.ExecuteAsync("DELETE FROM review_schedule WHERE user_id = @userId AND question_id = @questionId", new { userId, questionId }, tx)
            : c.ExecuteAsync("""
                INSERT INTO review_schedule (user_id, question_id, box, due_day, updated_at) VALUES (@userId, @questionId, @box, @due, @now)
                ON CONFLICT (user_id, question_id) DO UPDATE SET box = excluded.box, due_day = excluded.due_day, updated_at = excluded.updated_at
                """, new { userId, questionId, box = state.Box, due = LocalClock.Key(state.Due), now }, tx));

    public async Task<IReadOnlyList<ReviewRecord>> GetDueReviewsAsync(long userId, string day, int limit)
    {
        await using var c = db.Open();
        return (await c.QueryAsync<ReviewRecord>($"""
            SELECT {ReviewColumns} FROM review_schedule WHERE user_id = @userId AND due_day <= @day
            ORDER BY due_day, box, updated_at, question_id LIMIT @limit
            """, new { userId, day, limit })).AsList();
    }

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<ReviewRecord>>> GetDueReviewsAsync(IReadOnlyCollection<long> userIds, string day)
    {
        if (userIds.Count == 0) return new Dictionary<long, IReadOnlyList<ReviewRecord>>();
        await using var c = db.Open();
        var rows = await c.QueryAsync<ReviewRecord>($"""
            SELECT {ReviewColumns} FROM review_schedule WHERE user_id IN @userIds AND due_day <= @day
            ORDER BY user_id, due_day, box, updated_at, question_id
            """, new { userIds, day });
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => (IReadOnlyList<ReviewRecord>)g.ToList());
    }

    public async Task<IReadOnlyDictionary<long, IReadOnlySet<string>>> GetAnsweredQuestionIdsAsync(IReadOnlyCollection<long> userIds)
    {
        if (userIds.Count == 0) return new Dictionary<long, IReadOnlySet<string>>();
        await using var c = db.Open();
        var rows = await c.QueryAsync<(long UserId, string QuestionId)>(
            "SELECT DISTINCT user_id, question_id FROM answers WHERE user_id IN @userIds", new { userIds });
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(r => r.QuestionId).ToHashSet());
    }

    public async Task<ReviewRecord?> GetNextReviewAsync(long userId, string day)
    {
        await using var c = db.Open();
        return await c.QueryFirstOrDefaultAsync<ReviewRecord>($"""
            SELECT {ReviewColumns} FROM review_schedule WHERE user_id = @userId AND due_day > @day ORDER BY due_day, box LIMIT 1
            """, new { userId, day });
    }

    public async Task<long> GetPointsSinceAsync(long userId, long since)
    {
        await using var c = db.Open();
        return await c.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(points), 0) FROM answers WHERE user_id = @userId AND answered_at >= @since", new { userId, since });
    }

    public async Task<IReadOnlyList<DailyAnswerRow>> GetDailyAnswersAsync(long userId)
    {
        await using var c = db.Open();
        return (await c.QueryAsync<DailyAnswerRow>("""
            SELECT a.round_id AS RoundId, d.local_day AS Day,
                   (SELECT COUNT(*) FROM polls p WHERE p.round_id = a.round_id) AS Asked, a.answered_at AS AnsweredAt
            FROM answers a JOIN daily_pushes d ON d.round_id = a.round_id
            WHERE a.user_id = @userId
            ORDER BY a.answered_at
            """, new { userId })).AsList();
    }

    public async Task<DailyStreak> GetDailyStreakAsync(long userId, TimeZoneInfo zone, long now)
    {
        var rows = await GetDailyAnswersAsync(userId);
        var attempts = rows.GroupBy(r => r.RoundId).Select(g => new DailyAttempt(LocalClock.ParseKey(g.First().Day), (int)g.First().Asked,
            g.Select(r => LocalClock.Day(r.AnsweredAt, zone)).ToList()));
        return DailyStreaks.Compute(attempts, LocalClock.Day(now, zone));
    }

    /// <summary>
    /// Part of <see cref="MigrateChatAsync"/>: a group's subscription and push records follow it to its supergroup id,
    /// unless the supergroup already has its own.
    /// </summary>
    private static async Task MigrateDailyAsync(DbConnection c, DbTransaction tx, object p)
    {
        await c.ExecuteAsync("""
            UPDATE daily_subscriptions SET chat_id = @toChatId
            WHERE chat_id = @fromChatId AND NOT EXISTS (SELECT 1 FROM daily_subscriptions WHERE chat_id = @toChatId)
            """, p, tx);
        await c.ExecuteAsync("UPDATE daily_subscriptions SET active = 0 WHERE chat_id = @fromChatId", p, tx);
        await c.ExecuteAsync("""
            UPDATE daily_pushes SET chat_id = @toChatId
            WHERE chat_id = @fromChatId
              AND NOT EXISTS (SELECT 1 FROM daily_pushes o WHERE o.chat_id = @toChatId AND o.local_day = daily_pushes.local_day)
            """, p, tx);
    }
}
