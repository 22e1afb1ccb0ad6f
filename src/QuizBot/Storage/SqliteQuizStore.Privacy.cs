using Dapper;

namespace QuizBot.Storage;

internal sealed partial class SqliteQuizStore
{
    /// <summary>Who started a group round or subscribed a group, once that person asked to be forgotten (no Telegram id is 0).</summary>
    public const long ForgottenPerson = 0;

    public async Task ForgetUserAsync(long userId, long now = 0)
    {
        ForgetChatWritten(userId); // the private chat's row goes too
        await using var c = db.Open();
        await using var tx = await c.BeginTransactionAsync();
        var p = new { userId, now, nobody = ForgottenPerson };
        await c.ExecuteAsync("DELETE FROM answers WHERE user_id = @userId", p, tx);
        // The private chat's id is the user's id: its rounds and polls are this person's alone. The polls stay open in the
        // chat, so their ids are kept as forgotten: a late answer to one is ignored, never adopted by another question.
        await c.ExecuteAsync("""
            INSERT INTO forgotten_polls (poll_id, forgotten_at)
            SELECT poll_id, @now FROM polls WHERE round_id IN (SELECT round_id FROM rounds WHERE chat_id = @userId)
            ON CONFLICT (poll_id) DO NOTHING
            """, p, tx);
        await c.ExecuteAsync("DELETE FROM polls WHERE round_id IN (SELECT round_id FROM rounds WHERE chat_id = @userId)", p, tx);
        await c.ExecuteAsync("""
            DELETE FROM pending_polls WHERE chat_id = @userId OR round_id IN (SELECT round_id FROM rounds WHERE chat_id = @userId)
            """, p, tx);
        await c.ExecuteAsync("DELETE FROM rounds WHERE chat_id = @userId", p, tx);
        // Group rounds and group subscriptions belong to their group; only the person's id leaves them.
        await c.ExecuteAsync("UPDATE rounds SET started_by = @nobody WHERE started_by = @userId", p, tx);
        await c.ExecuteAsync("UPDATE daily_subscriptions SET created_by = @nobody WHERE created_by = @userId", p, tx);
        foreach (var sql in ForgetStatements) await c.ExecuteAsync(sql, p, tx);
        await c.ExecuteAsync("DELETE FROM chats WHERE chat_id = @userId", p, tx);
        await c.ExecuteAsync("DELETE FROM users WHERE user_id = @userId", p, tx);
        await tx.CommitAsync();
        ForgetUserWritten(userId); // the next poll answer writes the person again
        ForgetChatWritten(userId);
    }

    /// <summary>
    /// Per-person rows of later features (daily subscriptions, review schedules…): each feature adds its DELETE here, with
    /// @userId as the parameter, so /forget stays complete.
    /// </summary>
    private static readonly string[] ForgetStatements =
    [
        // Leaderboard totals (003_scores.sql): the person leaves the points counts of the everyone-boards, then the totals.
        """
        UPDATE score_counts SET people = people - 1
        WHERE (scope, period, start, points) IN (SELECT scope, period, start, points FROM score_totals WHERE user_id = @userId AND scope = 0)
        """,
        "DELETE FROM score_totals WHERE user_id = @userId",
        "DELETE FROM user_tallies WHERE user_id = @userId", // /me's day and question tallies (004_user_tallies.sql)
        // Daily push (002_daily.sql): the person's review schedule, and their private chat's subscription and push record.
        "DELETE FROM review_schedule WHERE user_id = @userId",
        "DELETE FROM daily_subscriptions WHERE chat_id = @userId",
        "DELETE FROM daily_pushes WHERE chat_id = @userId",
        "DELETE FROM reports WHERE user_id = @userId", // reports of problems in questions (007_reports.sql)
        // Learning (008_learning.sql): the person's FSRS cards, settings and reminders.
        "DELETE FROM learning_cards WHERE user_id = @userId",
        "DELETE FROM learning_settings WHERE user_id = @userId",
        "DELETE FROM learning_reminders WHERE user_id = @userId",
    ];

    public async Task<bool> IsPollForgottenAsync(string pollId)
    {
        await using var c = db.Open();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM forgotten_polls WHERE poll_id = @pollId", new { pollId }) > 0;
    }
}
