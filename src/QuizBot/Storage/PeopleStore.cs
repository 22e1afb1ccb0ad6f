using System.Collections.Concurrent;
using Dapper;

namespace QuizBot.Storage;

/// <summary>
/// People and privacy (users in 001_initial.sql, forgotten_polls in 005): the names people are shown under, and /forget,
/// which deletes everything stored about a person in every subject, in one transaction.
/// </summary>
internal sealed class PeopleStore(IDatabase db, GroupCommit writes, ChatStore chats)
{
    /// <summary>Who started a group round or subscribed a group, once that person asked to be forgotten (no Telegram id is 0).</summary>
    public const long ForgottenPerson = 0;

    /// <summary>What this process last wrote for each person, so a poll answer from an unchanged name writes nothing.</summary>
    private readonly ConcurrentDictionary<long, (string DisplayName, string? Username)> _usersWritten = new();

    /// <summary>Bounds <see cref="_usersWritten"/> (about 100 bytes an entry); past it the memory is simply started afresh.</summary>
    private const int UsersRemembered = 200_000;

    // Every poll answer upserts its person: skipped when this process already wrote the same names.
    public async Task UpsertUserAsync(long userId, string displayName, string? username, long now)
    {
        if (_usersWritten.TryGetValue(userId, out var written) && written == (displayName, username)) return;
        await writes.WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO users (user_id, display_name, username, updated_at) VALUES (@userId, @displayName, @username, @now)
            ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, username = excluded.username,
                                                updated_at = excluded.updated_at
            """, new { userId, displayName, username, now }, tx));
        if (_usersWritten.Count >= UsersRemembered) _usersWritten.Clear();
        _usersWritten[userId] = (displayName, username);
    }

    public async Task<IReadOnlyDictionary<long, string>> GetDisplayNamesAsync(IReadOnlyList<long> userIds)
    {
        await using var c = await db.ConnectAsync();
        var rows = await c.QueryAsync<(long UserId, string DisplayName)>(
            $"SELECT user_id, display_name FROM users WHERE {db.InList("user_id", "@userIds")}", new { userIds = userIds.ToArray() });
        return rows.ToDictionary(r => r.UserId, r => r.DisplayName);
    }

    public async Task<IReadOnlyDictionary<long, UserName>> GetUserNamesAsync(IReadOnlyCollection<long> userIds)
    {
        await using var c = await db.ConnectAsync();
        var names = new Dictionary<long, UserName>(userIds.Count);
        // Chunks below SQLite's 32,766 host parameters (a big group's monthly export can name thousands of people).
        foreach (var chunk in userIds.Distinct().Chunk(5000))
        {
            foreach (var n in await c.QueryAsync<UserName>(
                $"SELECT user_id AS UserId, display_name AS DisplayName, username AS Username FROM users WHERE {db.InList("user_id", "@chunk")}", new { chunk }))
                names[n.UserId] = n;
        }
        return names;
    }

    /// <summary>
    /// Deletes everything stored about a person: their answers, name, private rounds, pending polls and private chat; their
    /// id is removed from the group rounds and daily subscriptions they started. Their private polls' ids are kept, alone,
    /// as forgotten (<see cref="RoundStore.IsPollForgottenAsync"/>).
    /// </summary>
    public async Task ForgetUserAsync(long userId, long now = 0)
    {
        chats.ForgetChatWritten(userId); // the private chat's row goes too
        var p = new { userId, now, nobody = ForgottenPerson };
        await writes.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("DELETE FROM answers WHERE user_id = @userId", p, tx);
            // The private chat's id is the user's id: its rounds and polls are this person's alone. The polls stay open in
            // the chat, so their ids are kept as forgotten: a late answer to one is ignored, never adopted by another question.
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
        });
        _usersWritten.TryRemove(userId, out _); // the next poll answer writes the person again
        chats.ForgetChatWritten(userId);
    }

    /// <summary>
    /// Per-person rows of the other subjects (boards, tallies, reviews, the daily push, reports): each feature adds its
    /// DELETE here, with @userId as the parameter, so /forget stays complete.
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
        "DELETE FROM review_schedule WHERE user_id = @userId", // Leitner boxes an upgrade has not converted yet
        "DELETE FROM daily_subscriptions WHERE chat_id = @userId",
        "DELETE FROM daily_pushes WHERE chat_id = @userId",
        // Learning (008_learning.sql): the person's FSRS cards, settings and reminders.
        "DELETE FROM learning_cards WHERE user_id = @userId",
        "DELETE FROM learning_settings WHERE user_id = @userId",
        "DELETE FROM learning_reminders WHERE user_id = @userId",
        "DELETE FROM reports WHERE user_id = @userId", // reports of problems in questions (007_reports.sql)
    ];
}
