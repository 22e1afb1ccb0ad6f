using Dapper;

namespace QuizBot.Storage;

internal sealed partial class SqliteQuizStore
{
    public async Task ForgetUserAsync(long userId)
    {
        ForgetChatWritten(userId); // the private chat's row goes too
        await using var c = db.Open();
        await using var tx = await c.BeginTransactionAsync();
        var p = new { userId };
        await c.ExecuteAsync("DELETE FROM answers WHERE user_id = @userId", p, tx);
        // The private chat's id is the user's id: its rounds and polls are this person's alone.
        await c.ExecuteAsync("DELETE FROM polls WHERE round_id IN (SELECT round_id FROM rounds WHERE chat_id = @userId)", p, tx);
        await c.ExecuteAsync("DELETE FROM rounds WHERE chat_id = @userId", p, tx);
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
    ];
}
