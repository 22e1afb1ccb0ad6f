using Dapper;
using Microsoft.Data.Sqlite;
using QuizBot.Core.Scores;

namespace QuizBot.Storage;

// Per-person tallies (004_user_tallies.sql): for /me, one row per local day a person answered on and one per question
// they answered, kept with each answer; rebuilt from the answer log when the time zone they were kept in changes.
internal sealed partial class SqliteQuizStore
{
    private const string TalliesZoneKey = "tallies.zone";

    /// <summary>The zone the tallies are kept in: read once from bot_state; the default until a start has set one.</summary>
    private TimeZoneInfo? _talliesZone;

    // One statement, two rows: the answer's local day (question '') and its question (day 0). Table-qualified on the
    // right so the same text runs on PostgreSQL, where a bare column there is ambiguous with excluded's.
    private const string AddToUserTallies = """
        INSERT INTO user_tallies (user_id, local_day, question_id, answered, correct, points)
        VALUES ($user, $day, '', 1, $correct, $points), ($user, 0, $question, 1, $correct, $points)
        ON CONFLICT (user_id, local_day, question_id) DO UPDATE SET
            answered = user_tallies.answered + excluded.answered, correct = user_tallies.correct + excluded.correct,
            points = user_tallies.points + excluded.points
        """;

    /// <summary>Adds one newly recorded answer to its person's day and question tallies (InsertAnswerAsync, same transaction).</summary>
    private async Task AddToUserTalliesAsync(SqliteConnection c, SqliteTransaction tx, AnswerRecord a)
    {
        var zone = _talliesZone ??= TimeZoneInfo.FindSystemTimeZoneById(await c.ExecuteScalarAsync<string?>(
            "SELECT value FROM bot_state WHERE key = @TalliesZoneKey", new { TalliesZoneKey }, tx) ?? new Configuration.QuizOptions().TimeZone);
        var add = Prepared(c, tx, AddToUserTallies, "$user", "$day", "$question", "$correct", "$points");
        var p = add.Parameters;
        (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) =
            (a.UserId, StudyCalendar.Key(StudyCalendar.LocalDay(a.AnsweredAt, zone)), a.QuestionId, a.IsCorrect ? 1 : 0, a.Points);
        await add.ExecuteNonQueryAsync();
    }

    public async Task<bool> EnsureUserTalliesAsync(TimeZoneInfo zone)
    {
        await using var c = db.Open();
        var kept = await c.ExecuteScalarAsync<string?>("SELECT value FROM bot_state WHERE key = @TalliesZoneKey", new { TalliesZoneKey });
        if (kept == zone.Id)
        {
            _talliesZone = zone;
            return false;
        }
        // The local day of every answer in this zone, computed in .NET (SQLite knows no time zones), once per quarter hour:
        // every zone's offset is a whole number of quarter hours, so a quarter hour never straddles local midnight.
        var days = new Dictionary<long, int>();
        c.CreateFunction("quizbot_day", (long ms) =>
        {
            var quarter = Math.DivRem(ms, 900_000, out var rest) - (rest < 0 ? 1 : 0);
            if (!days.TryGetValue(quarter, out var day))
                days[quarter] = day = StudyCalendar.Key(StudyCalendar.LocalDay(quarter * 900_000, zone));
            return day;
        }, isDeterministic: true);
        await using var tx = await c.BeginTransactionAsync();
        await c.ExecuteAsync("""
            DELETE FROM user_tallies;
            INSERT INTO user_tallies (user_id, local_day, question_id, answered, correct, points)
                SELECT user_id, quizbot_day(answered_at), '', COUNT(*), SUM(is_correct), SUM(points)
                FROM answers GROUP BY user_id, quizbot_day(answered_at);
            INSERT INTO user_tallies (user_id, local_day, question_id, answered, correct, points)
                SELECT user_id, 0, question_id, COUNT(*), SUM(is_correct), SUM(points)
                FROM answers GROUP BY user_id, question_id;
            INSERT INTO bot_state (key, value) VALUES (@TalliesZoneKey, @Id) ON CONFLICT (key) DO UPDATE SET value = excluded.value;
            """, new { TalliesZoneKey, zone.Id }, tx);
        await tx.CommitAsync();
        _talliesZone = zone;
        return true;
    }

    public async Task<UserTallies> GetUserTalliesAsync(long userId)
    {
        await using var c = db.Open();
        await using var reader = await c.ExecuteReaderAsync(
            "SELECT local_day, question_id, answered, correct, points FROM user_tallies WHERE user_id = @userId ORDER BY local_day", new { userId });
        var days = new List<DayTally>();
        var questions = new List<QuestionTally>();
        while (await reader.ReadAsync())
        {
            var (day, answered, correct) = (reader.GetInt32(0), reader.GetInt64(2), reader.GetInt64(3));
            if (day == 0) questions.Add(new QuestionTally { QuestionId = reader.GetString(1), Answered = answered, Correct = correct });
            else days.Add(new DayTally(StudyCalendar.FromKey(day), answered, correct, reader.GetInt64(4)));
        }
        return new UserTallies(days, questions);
    }
}
