using System.Data.Common;
using Dapper;
using QuizBot.Core.Scores;

namespace QuizBot.Storage;

/// <summary>
/// Per-person tallies for /me (004_user_tallies.sql): one row per local day a person answered on and one per question they
/// answered, kept in each answer's own transaction (<see cref="AddAnswerAsync"/>, called by <see cref="AnswerStore"/>);
/// rebuilt from the answer log when the time zone they were kept in changes.
/// </summary>
internal sealed class TallyStore(IDatabase db, GroupCommit writes)
{
    private const string TalliesZoneKey = "tallies.zone";

    /// <summary>The zone the tallies are kept in: read once from bot_state; the default until a start has set one.</summary>
    private TimeZoneInfo? _talliesZone;

    // One statement, two rows: the answer's local day (question '') and its question (day 0). Table-qualified on the
    // right so the same text runs on PostgreSQL, where a bare column there is ambiguous with excluded's.
    private const string AddToUserTallies = """
        INSERT INTO user_tallies (user_id, local_day, question_id, answered, correct, points)
        VALUES (@user, @day, '', 1, @correct, @points), (@user, 0, @question, 1, @correct, @points)
        ON CONFLICT (user_id, local_day, question_id) DO UPDATE SET
            answered = user_tallies.answered + excluded.answered, correct = user_tallies.correct + excluded.correct,
            points = user_tallies.points + excluded.points
        """;

    /// <summary>Adds one newly recorded answer to its person's day and question tallies.</summary>
    internal async Task AddAnswerAsync(DbConnection c, DbTransaction tx, AnswerRecord a)
    {
        var zone = _talliesZone ??= await ScoreStore.ReadZoneAsync(c, tx, TalliesZoneKey);
        var add = writes.Prepared(c, tx, AddToUserTallies, "@user", "@day", "@question", "@correct", "@points");
        var p = add.Parameters;
        (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) =
            (a.UserId, StudyCalendar.Key(StudyCalendar.LocalDay(a.AnsweredAt, zone)), a.QuestionId, a.IsCorrect ? 1 : 0, a.Points);
        await add.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Makes the maintained per-person tallies (answers per local day and per question) agree with the answer log for days in
    /// <paramref name="zone"/>: rebuilds them when they were kept in another zone or never built. True when it rebuilt.
    /// </summary>
    public async Task<bool> EnsureUserTalliesAsync(TimeZoneInfo zone)
    {
        var rebuilt = await writes.WriteAsync(async (c, tx) =>
        {
            var kept = await c.ExecuteScalarAsync<string?>("SELECT value FROM bot_state WHERE key = @TalliesZoneKey", new { TalliesZoneKey }, tx);
            if (kept == zone.Id) return false;
            // The local day of every answer in this zone, computed in .NET on both providers (LocalKeys).
            await LocalKeys.CreateAsync(c, tx, zone);
            await c.ExecuteAsync($"""
                DELETE FROM user_tallies;
                INSERT INTO user_tallies (user_id, local_day, question_id, answered, correct, points)
                    SELECT a.user_id, k.day, '', COUNT(*), SUM(a.is_correct), SUM(a.points)
                    FROM answers a {LocalKeys.JoinOnAnswers} GROUP BY a.user_id, k.day;
                DROP TABLE local_keys;
                INSERT INTO user_tallies (user_id, local_day, question_id, answered, correct, points)
                    SELECT user_id, 0, question_id, COUNT(*), SUM(is_correct), SUM(points)
                    FROM answers GROUP BY user_id, question_id;
                INSERT INTO bot_state (key, value) VALUES (@TalliesZoneKey, @Id) ON CONFLICT (key) DO UPDATE SET value = excluded.value;
                """, new { TalliesZoneKey, zone.Id }, tx);
            return true;
        });
        _talliesZone = zone;
        return rebuilt;
    }

    /// <summary>One person's answers per local day (oldest first) and per question, all chats, from the maintained tallies.</summary>
    public async Task<UserTallies> GetUserTalliesAsync(long userId)
    {
        await using var c = await db.ConnectAsync();
        await using var reader = await c.ExecuteReaderAsync(
            "SELECT local_day, question_id, answered, correct, points FROM user_tallies WHERE user_id = @userId ORDER BY local_day, question_id", new { userId });
        var days = new List<DayTally>();
        var questions = new List<QuestionTally>();
        while (await reader.ReadAsync())
        {
            var (day, answered, correct) = ((int)reader.GetInt64(0), reader.GetInt64(2), reader.GetInt64(3));
            if (day == 0) questions.Add(new QuestionTally { QuestionId = reader.GetString(1), Answered = answered, Correct = correct });
            else days.Add(new DayTally(StudyCalendar.FromKey(day), answered, correct, reader.GetInt64(4)));
        }
        return new UserTallies(days, questions);
    }

    // The one place streaks are read (the rule itself is Core's Streaks), from the day tallies.
    /// <summary>Current and best streak of local days with at least one answer (anywhere), as of <paramref name="today"/>.</summary>
    public async Task<Streak> GetStreakAsync(long userId, DateOnly today) =>
        Streaks.From((await GetUserTalliesAsync(userId)).Days.Select(d => d.Day), today);
}
