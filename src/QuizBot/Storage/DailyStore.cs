using System.Data.Common;
using Dapper;
using QuizBot.Core.Daily;
using QuizBot.Core.Quizzes;

namespace QuizBot.Storage;

/// <summary>
/// The daily push (issue 5; 002_daily.sql; docs/daily.md): subscriptions, the durable per-chat-per-day push record with its
/// round and its polls, and the daily streak. The FSRS cards it draws on are <see cref="LearningStore"/>'s.
/// </summary>
internal sealed class DailyStore(IDatabase db, GroupCommit writes)
{
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
        await using var c = await db.ConnectAsync();
        return await c.QuerySingleOrDefaultAsync<DailySubscription>(
            $"SELECT {SubscriptionColumns} FROM daily_subscriptions WHERE chat_id = @chatId", new { chatId });
    }

    /// <summary>Creates or changes a chat's subscription (active, at the given time); the passage cursor is kept.</summary>
    public Task SaveSubscriptionAsync(long chatId, string kind, long minute, long nextAt, long createdBy, long now) =>
        writes.WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO daily_subscriptions (chat_id, kind, push_minute, active, next_at, created_by, created_at, updated_at)
            VALUES (@chatId, @kind, @minute, 1, @nextAt, @createdBy, @now, @now)
            ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind, push_minute = excluded.push_minute, active = 1,
                next_at = excluded.next_at, created_by = excluded.created_by, updated_at = excluded.updated_at
            """, new { chatId, kind, minute, nextAt, createdBy, now }, tx));

    /// <summary>Stops a chat's subscription; false when there was no active one.</summary>
    public Task<bool> StopSubscriptionAsync(long chatId, long now) =>
        writes.WriteAsync(async (c, tx) => await c.ExecuteAsync(
            "UPDATE daily_subscriptions SET active = 0, updated_at = @now WHERE chat_id = @chatId AND active = 1",
            new { chatId, now }, tx) == 1);

    /// <summary>Active subscriptions whose next push is due, oldest first.</summary>
    public async Task<IReadOnlyList<DailySubscription>> GetDueSubscriptionsAsync(long now, int limit)
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<DailySubscription>($"""
            SELECT {SubscriptionColumns} FROM daily_subscriptions
            WHERE active = 1 AND next_at <= @now ORDER BY next_at, chat_id LIMIT @limit
            """, new { now, limit })).AsList();
    }

    /// <summary>
    /// In one transaction, for each claim: moves the subscription on to its next push (only if it is still at the instant
    /// it was read at) and writes the day's push record, with its round when it is to be sent; unless the chat already has
    /// a record for that day (a push is made at most once per chat and day). Returns the pushes to send.
    /// </summary>
    public Task<IReadOnlyList<DailyPush>> ClaimPushesAsync(IReadOnlyList<DailyClaim> claims) =>
        writes.WriteAsync<IReadOnlyList<DailyPush>>(async (c, tx) =>
        {
            var pushes = new List<DailyPush>();
            foreach (var claim in claims)
            {
                if (await ClaimAsync(c, tx, claim) is { } push) pushes.Add(push);
            }
            return pushes;
        });

    private static async Task<DailyPush?> ClaimAsync(DbConnection c, DbTransaction tx, DailyClaim claim)
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
        if (moved != 1 || exists) return null; // stopped or changed meanwhile: the next read sees its new state

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
        if (sending)
        {
            // A daily round starts open, never running, so it never blocks /quiz or a group round (RoundLife.Initial).
            var round = new
            {
                s.ChatId,
                Mode = RoundLife.Code(RoundKind.Daily),
                StartedBy = s.CreatedBy,
                push.QuestionIds,
                Status = RoundLife.Code(RoundLife.Initial(RoundKind.Daily)),
                claim.Now,
            };
            var roundId = await c.ExecuteScalarAsync<long>("""
                INSERT INTO rounds (chat_id, mode, started_by, question_ids, position, question_seconds, scoring, members, status, started_at)
                VALUES (@ChatId, @Mode, @StartedBy, @QuestionIds, 0, 0, 'accuracy', NULL, @Status, @Now)
                RETURNING round_id
                """, round, tx);
            push = push with { RoundId = roundId };
        }
        await c.ExecuteAsync("""
            INSERT INTO daily_pushes (chat_id, local_day, kind, due_at, passage_cursor, question_ids, round_id, step, status, closes_at,
                                      created_at, finished_at)
            VALUES (@ChatId, @Day, @Kind, @DueAt, @Cursor, @QuestionIds, @RoundId, 0, @Status, @ClosesAt, @CreatedAt,
                    CASE WHEN @Status = 'skipped' THEN @CreatedAt END)
            """, push, tx);
        return sending ? push : null;
    }

    public async Task<DailyPush?> GetPushAsync(long chatId, string day)
    {
        await using var c = await db.ConnectAsync();
        return await c.QuerySingleOrDefaultAsync<DailyPush>(
            $"SELECT {PushColumns} FROM daily_pushes WHERE chat_id = @chatId AND local_day = @day", new { chatId, day });
    }

    public async Task<DailyPush?> GetPushByRoundAsync(long roundId)
    {
        await using var c = await db.ConnectAsync();
        return await c.QuerySingleOrDefaultAsync<DailyPush>($"SELECT {PushColumns} FROM daily_pushes WHERE round_id = @roundId", new { roundId });
    }

    /// <summary>Pushes written but not finished: new ones, and those a crash or a stop interrupted.</summary>
    public async Task<IReadOnlyList<DailyPush>> GetUnfinishedPushesAsync()
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<DailyPush>(
            $"SELECT {PushColumns} FROM daily_pushes WHERE status = 'sending' ORDER BY due_at, chat_id")).AsList();
    }

    /// <summary>
    /// Records that the message at <paramref name="fromStep"/> was sent (with its poll, in the same transaction) and clears
    /// that poll's pending row, unless <paramref name="keepPending"/>: an earlier attempt may have left an orphaned twin.
    /// </summary>
    public Task<bool> AdvancePushAsync(long chatId, string day, long fromStep, PollRecord? poll, bool keepPending = false) =>
        writes.WriteAsync(async (c, tx) =>
        {
            // Either key may conflict: the same poll seen twice, or a question whose orphaned twin an answer adopted
            // meanwhile (this copy's answers then find the twin through the pending row, which is kept for that).
            if (poll is not null) await RoundStore.InsertPollAsync(c, tx, poll);
            if (fromStep > 0 && !keepPending)
            {
                await c.ExecuteAsync("""
                    DELETE FROM pending_polls
                    WHERE round_id = (SELECT round_id FROM daily_pushes WHERE chat_id = @chatId AND local_day = @day) AND seq = @seq
                    """, new { chatId, day, seq = fromStep - 1 }, tx);
            }
            return await c.ExecuteAsync("""
                UPDATE daily_pushes SET step = step + 1 WHERE chat_id = @chatId AND local_day = @day AND step = @fromStep AND status = 'sending'
                """, new { chatId, day, fromStep }, tx) == 1;
        });

    /// <summary>
    /// Before a daily poll is sent: the poll already stored for that question (an answer adopted an orphaned copy), or
    /// else the pending row of an earlier attempt (its option order is reused, so every copy reads the same), or else
    /// <paramref name="pending"/>, written now.
    /// </summary>
    public Task<DailyPollAttempt> PrepareDailyPollAsync(PendingPollRecord pending) =>
        writes.WriteAsync(async (c, tx) =>
        {
            var key = new { pending.RoundId, pending.Seq };
            var stored = await c.QuerySingleOrDefaultAsync<PollRecord>(
                $"SELECT {RoundStore.PollColumns} FROM polls WHERE round_id = @RoundId AND seq = @Seq", key, tx);
            var earlier = stored is not null ? null : await c.QuerySingleOrDefaultAsync<PendingPollRecord>(
                $"SELECT {RoundStore.PendingColumns} FROM pending_polls p WHERE p.round_id = @RoundId AND p.seq = @Seq", key, tx);
            if (stored is null && earlier is null)
            {
                await c.ExecuteAsync("""
                    INSERT INTO pending_polls (round_id, seq, chat_id, question_id, option_order, created_at, open_seconds)
                    VALUES (@RoundId, @Seq, @ChatId, @QuestionId, @OptionOrder, @CreatedAt, @OpenSeconds)
                    """, pending, tx);
            }
            return new DailyPollAttempt(stored, earlier ?? pending, earlier is not null);
        });

    /// <summary>
    /// Pending daily polls an unknown poll answer from this person could belong to (docs/daily.md): those of their latest
    /// private push, only questions they have not answered yet; never a group's (issue 10).
    /// </summary>
    public async Task<IReadOnlyList<PendingPollRecord>> GetAdoptableDailyPollsAsync(long userId)
    {
        await using var c = await db.ConnectAsync();
        // A private chat's id is its person's id. Only the person's latest private push: an older day's orphan would make
        // the answer ambiguous, and yesterday's polls have been answered or let go by then. Never a group's push (issue 10).
        return (await c.QueryAsync<PendingPollRecord>($"""
            SELECT {RoundStore.PendingColumns}, r.mode AS Mode
            FROM pending_polls p JOIN rounds r ON r.round_id = p.round_id
            WHERE r.mode = 'daily'
              AND r.chat_id = @userId
              AND r.round_id = (SELECT MAX(round_id) FROM rounds WHERE chat_id = @userId AND mode = 'daily')
              AND NOT EXISTS (SELECT 1 FROM answers a
                              WHERE a.round_id = p.round_id AND a.user_id = @userId AND a.question_id = p.question_id)
            ORDER BY p.round_id, p.seq
            """, new { userId })).AsList();
    }

    /// <summary>Stores an adopted daily poll unless its question already has one; pending rows are kept (twins may follow).</summary>
    public Task AdoptDailyPollAsync(PollRecord poll) => writes.WriteAsync((c, tx) => RoundStore.InsertPollAsync(c, tx, poll));

    /// <summary>Ends a push; 'gone' also ends the subscription. A private push's round is closed with it.</summary>
    public Task FinishPushAsync(long chatId, string day, string status, long now) =>
        writes.WriteAsync(async (c, tx) =>
        {
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
        });

    /// <summary>Group pushes whose polls have closed and whose summary is not posted yet.</summary>
    public async Task<IReadOnlyList<DailyPush>> GetPushesToSummarizeAsync(long now)
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<DailyPush>($"""
            SELECT {PushColumns} FROM daily_pushes
            WHERE status = 'done' AND kind = 'group' AND summarized = 0 AND closes_at <= @now ORDER BY closes_at, chat_id
            """, new { now })).AsList();
    }

    /// <summary>Marks a group push summarized and closes its round; false if that was already done.</summary>
    public Task<bool> MarkSummarizedAsync(long chatId, string day, long now) =>
        writes.WriteAsync(async (c, tx) =>
        {
            var p = new { chatId, day, now };
            var marked = await c.ExecuteAsync(
                "UPDATE daily_pushes SET summarized = 1 WHERE chat_id = @chatId AND local_day = @day AND summarized = 0", p, tx);
            await c.ExecuteAsync("""
                UPDATE rounds SET status = 'finished', ended_at = @now
                WHERE round_id = (SELECT round_id FROM daily_pushes WHERE chat_id = @chatId AND local_day = @day) AND status = 'open'
                """, p, tx);
            return marked == 1;
        });

    /// <summary>The questions of this chat's earlier daily pushes.</summary>
    public async Task<IReadOnlySet<string>> GetDailyQuestionIdsAsync(long chatId)
    {
        await using var c = await db.ConnectAsync();
        var lists = await c.QueryAsync<string>("SELECT question_ids FROM daily_pushes WHERE chat_id = @chatId", new { chatId });
        return lists.SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
    }

    /// <summary>A person's answers in daily rounds, with each round's day and size (for the daily streak).</summary>
    public async Task<IReadOnlyList<DailyAnswerRow>> GetDailyAnswersAsync(long userId)
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<DailyAnswerRow>("""
            SELECT a.round_id AS RoundId, d.local_day AS Day,
                   (SELECT COUNT(*) FROM polls p WHERE p.round_id = a.round_id) AS Asked, a.answered_at AS AnsweredAt
            FROM answers a JOIN daily_pushes d ON d.round_id = a.round_id
            WHERE a.user_id = @userId
            ORDER BY a.answered_at
            """, new { userId })).AsList();
    }

    /// <summary>
    /// The daily streak of docs/daily.md (days on which every question of a daily push was answered), as of the local day
    /// of <paramref name="now"/>. For /me.
    /// </summary>
    public async Task<DailyStreak> GetDailyStreakAsync(long userId, TimeZoneInfo zone, long now)
    {
        var rows = await GetDailyAnswersAsync(userId);
        var attempts = rows.GroupBy(r => r.RoundId).Select(g => new DailyAttempt(LocalClock.ParseKey(g.First().Day), (int)g.First().Asked,
            g.Select(r => LocalClock.Day(r.AnsweredAt, zone)).ToList()));
        return DailyStreaks.Compute(attempts, LocalClock.Day(now, zone));
    }

    /// <summary>
    /// Part of <see cref="ChatStore.MigrateChatAsync"/>: a group's subscription and push records follow it to its supergroup
    /// id, unless the supergroup already has its own.
    /// </summary>
    internal static async Task MigrateChatAsync(DbConnection c, DbTransaction tx, object p)
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
