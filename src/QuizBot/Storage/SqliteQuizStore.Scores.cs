using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using QuizBot.Core.Questions;
using QuizBot.Core.Quizzes;
using QuizBot.Core.Scores;

namespace QuizBot.Storage;

// Leaderboards and study records (issue 6). Boards are read from score_totals, which is kept here, in the answer's own
// transaction; /me's own history from user_tallies (SqliteQuizStore.UserTallies.cs); group records from the answer log
// through answers_by_chat.
internal sealed partial class SqliteQuizStore
{
    private const string ScoreZoneKey = "scores.zone";

    /// <summary>The zone the totals are kept in: read once from bot_state; the default until a start has set one.</summary>
    private TimeZoneInfo? _scoreZone;

    private static string PeriodCode(ScorePeriod p) => p switch { ScorePeriod.Week => "w", ScorePeriod.Month => "m", _ => "a" };

    /// <summary>
    /// Adds one newly recorded answer to its week, month and all-time totals, for everyone and for its group, and moves the
    /// person between points totals in score_counts (everyone-boards): the upsert returns each row's new total and count.
    /// </summary>
    private async Task AddToScoreTotalsAsync(SqliteConnection c, SqliteTransaction tx, AnswerRecord a)
    {
        var zone = _scoreZone ??= await ReadScoreZoneAsync(c, tx);
        var (week, month) = StudyCalendar.Keys(a.AnsweredAt, zone);
        var add = Prepared(c, tx, a.ChatId < 0 ? AddToEveryoneAndGroup : AddToEveryone, "$user", "$chat", "$correct", "$points", "$week", "$month");
        var p = add.Parameters;
        (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value, p[5].Value) = (a.UserId, a.ChatId, a.IsCorrect ? 1 : 0, a.Points, week, month);
        var moves = new List<(string Period, long Start, long Points, long People)>(6);
        await using (var rows = await add.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                if (rows.GetInt64(0) != ScoreScopes.Everyone) continue;
                var (period, start, points, answered) = (rows.GetString(1), rows.GetInt64(2), rows.GetInt64(3), rows.GetInt64(4));
                if (answered == 1) moves.Add((period, start, points, 1)); // new on this board
                else if (a.Points != 0) moves.AddRange([(period, start, points - a.Points, -1), (period, start, points, 1)]);
            }
        }
        if (moves.Count == 0) return;
        var count = Prepared(c, tx, """
            INSERT INTO score_counts (scope, period, start, points, people) VALUES (0, $period, $start, $points, $people)
            ON CONFLICT (scope, period, start, points) DO UPDATE SET people = people + excluded.people
            """, "$period", "$start", "$points", "$people");
        foreach (var (period, start, points, people) in moves)
        {
            (count.Parameters[0].Value, count.Parameters[1].Value, count.Parameters[2].Value, count.Parameters[3].Value) = (period, start, points, people);
            await count.ExecuteNonQueryAsync();
        }
    }

    private const string AddTotalsConflict = """
        ON CONFLICT (scope, period, start, user_id) DO UPDATE SET
            answered = answered + excluded.answered, correct = correct + excluded.correct, points = points + excluded.points
        """;

    // $chat is bound in both statements (unused in the first) so both take the same parameter list.
    private const string AddToEveryone = $"""
        INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points) VALUES
            (0, 'a', 0, $user, 1, $correct, $points), (0, 'w', $week, $user, 1, $correct, $points),
            (0, 'm', $month, $user, 1, $correct, $points)
        {AddTotalsConflict}
        RETURNING scope, period, start, points, answered
        """;

    private const string AddToEveryoneAndGroup = $"""
        INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points) VALUES
            (0, 'a', 0, $user, 1, $correct, $points), (0, 'w', $week, $user, 1, $correct, $points),
            (0, 'm', $month, $user, 1, $correct, $points),
            ($chat, 'a', 0, $user, 1, $correct, $points), ($chat, 'w', $week, $user, 1, $correct, $points),
            ($chat, 'm', $month, $user, 1, $correct, $points)
        {AddTotalsConflict}
        RETURNING scope, period, start, points, answered
        """;

    /// <summary>A group that became a supergroup takes its board along (called from MigrateChatAsync, in its transaction).</summary>
    private static async Task MoveScoreTotalsAsync(SqliteConnection c, IDbTransaction tx, long fromChatId, long toChatId)
    {
        // WHERE true: SQLite needs it to tell an upsert's ON from a join's when the rows come from a SELECT.
        await c.ExecuteAsync($"""
            INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points)
            SELECT @toChatId, period, start, user_id, answered, correct, points FROM score_totals WHERE scope = @fromChatId AND true
            {AddTotalsConflict}
            """, new { fromChatId, toChatId }, tx);
        await c.ExecuteAsync("DELETE FROM score_totals WHERE scope = @fromChatId", new { fromChatId }, tx);
    }

    private static async Task<TimeZoneInfo> ReadScoreZoneAsync(SqliteConnection c, IDbTransaction? tx)
    {
        var id = await c.ExecuteScalarAsync<string?>("SELECT value FROM bot_state WHERE key = @ScoreZoneKey", new { ScoreZoneKey }, tx);
        return TimeZoneInfo.FindSystemTimeZoneById(id ?? new Configuration.QuizOptions().TimeZone);
    }

    public async Task<bool> EnsureScoreTotalsAsync(TimeZoneInfo zone)
    {
        await using var c = db.Open();
        var kept = await c.ExecuteScalarAsync<string?>("SELECT value FROM bot_state WHERE key = @ScoreZoneKey", new { ScoreZoneKey });
        if (kept == zone.Id)
        {
            _scoreZone = zone;
            return false;
        }
        // Week and month of every answer in the new zone, computed in .NET: SQLite knows no time zones.
        c.CreateFunction("quizbot_week", (long ms) => StudyCalendar.Keys(ms, zone).Week, isDeterministic: true);
        c.CreateFunction("quizbot_month", (long ms) => StudyCalendar.Keys(ms, zone).Month, isDeterministic: true);
        await using var tx = await c.BeginTransactionAsync();
        await c.ExecuteAsync("""
            DELETE FROM score_totals;
            CREATE TEMP TABLE keyed AS
                SELECT user_id, chat_id, is_correct, points, quizbot_week(answered_at) AS week, quizbot_month(answered_at) AS month
                FROM answers;
            INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points)
                SELECT 0, 'a', 0, user_id, COUNT(*), SUM(is_correct), SUM(points) FROM keyed GROUP BY user_id;
            INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points)
                SELECT 0, 'w', week, user_id, COUNT(*), SUM(is_correct), SUM(points) FROM keyed GROUP BY week, user_id;
            INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points)
                SELECT 0, 'm', month, user_id, COUNT(*), SUM(is_correct), SUM(points) FROM keyed GROUP BY month, user_id;
            INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points)
                SELECT chat_id, 'a', 0, user_id, COUNT(*), SUM(is_correct), SUM(points) FROM keyed WHERE chat_id < 0 GROUP BY chat_id, user_id;
            INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points)
                SELECT chat_id, 'w', week, user_id, COUNT(*), SUM(is_correct), SUM(points) FROM keyed WHERE chat_id < 0 GROUP BY chat_id, week, user_id;
            INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points)
                SELECT chat_id, 'm', month, user_id, COUNT(*), SUM(is_correct), SUM(points) FROM keyed WHERE chat_id < 0 GROUP BY chat_id, month, user_id;
            DROP TABLE keyed;
            DELETE FROM score_counts;
            INSERT INTO score_counts (scope, period, start, points, people)
                SELECT scope, period, start, points, COUNT(*) FROM score_totals WHERE scope = 0 GROUP BY scope, period, start, points;
            INSERT INTO bot_state (key, value) VALUES (@ScoreZoneKey, @Id) ON CONFLICT (key) DO UPDATE SET value = excluded.value;
            """, new { ScoreZoneKey, zone.Id }, tx);
        await tx.CommitAsync();
        _scoreZone = zone;
        return true;
    }

    private const string TotalsColumns = """
        t.user_id AS UserId, COALESCE(u.display_name, '') AS DisplayName, t.answered AS Answered, t.correct AS Correct,
        t.points AS Points
        """;

    public async Task<IReadOnlyList<ScoreRow>> GetTopAsync(long scope, PeriodWindow window, int limit)
    {
        await using var c = db.Open();
        var rows = (await c.QueryAsync<ScoreRow>($"""
            SELECT {TotalsColumns}
            FROM score_totals t LEFT JOIN users u ON u.user_id = t.user_id
            WHERE t.scope = @scope AND t.period = @period AND t.start = @Key
            ORDER BY t.points DESC, t.correct DESC, t.user_id
            LIMIT @limit
            """, new { scope, period = PeriodCode(window.Period), window.Key, limit })).AsList();
        // These are the board's first rows, so competition ranks follow from their order alone (1, 2, 2, 4).
        var ranks = Scoring.Ranks(rows, r => r.Points);
        return rows.Select((r, i) => r with { Rank = ranks[i] }).ToList();
    }

    // Everyone-boards: summed over the distinct points totals above (score_counts); a group's board is small enough to count.
    private const string PeopleAbove = """
        COALESCE((SELECT SUM(k.people) FROM score_counts k
                  WHERE k.scope = t.scope AND k.period = t.period AND k.start = t.start AND k.points > t.points), 0)
        """;

    private const string EntriesAbove = """
        (SELECT COUNT(*) FROM score_totals o WHERE o.scope = t.scope AND o.period = t.period AND o.start = t.start AND o.points > t.points)
        """;

    public async Task<IReadOnlyList<ScoreRow?>> GetStandingsAsync(long userId, long scope, IReadOnlyList<PeriodWindow> windows)
    {
        await using var c = db.Open();
        var result = new List<ScoreRow?>(windows.Count);
        foreach (var window in windows)
        {
            result.Add(await c.QuerySingleOrDefaultAsync<ScoreRow>($"""
                SELECT {TotalsColumns}, 1 + {(scope == ScoreScopes.Everyone ? PeopleAbove : EntriesAbove)} AS Rank
                FROM score_totals t LEFT JOIN users u ON u.user_id = t.user_id
                WHERE t.scope = @scope AND t.period = @period AND t.start = @Key AND t.user_id = @userId
                """, new { userId, scope, period = PeriodCode(window.Period), window.Key }));
        }
        return result;
    }

    public async Task<ScoreRow?> GetTotalsAsync(long userId, long scope, PeriodWindow window)
    {
        await using var c = db.Open();
        return await c.QuerySingleOrDefaultAsync<ScoreRow>($"""
            SELECT {TotalsColumns} FROM score_totals t LEFT JOIN users u ON u.user_id = t.user_id
            WHERE t.scope = @scope AND t.period = @period AND t.start = @Key AND t.user_id = @userId
            """, new { userId, scope, period = PeriodCode(window.Period), window.Key });
    }

    // The one place streaks are read (the rule itself is Core's Streaks), from the day tallies.
    public async Task<Streak> GetStreakAsync(long userId, DateOnly today) =>
        Streaks.From((await GetUserTalliesAsync(userId)).Days.Select(d => d.Day), today);

    private const string FactColumns = "user_id AS UserId, answered_at AS AnsweredAtMs, is_correct AS IsCorrect, points AS Points";

    public async Task<IReadOnlyList<AnswerFact>> GetChatAnswersAsync(long chatId, long fromMs, long toMs)
    {
        await using var c = db.Open();
        return await ReadFactsAsync(c, $"""
            SELECT {FactColumns} FROM answers WHERE chat_id = @chatId AND answered_at >= @fromMs AND answered_at < @toMs ORDER BY answered_at
            """, new { chatId, fromMs, toMs });
    }

    public async Task<IReadOnlyList<QuestionTally>> GetChatQuestionTalliesAsync(long chatId, long fromMs, long toMs)
    {
        await using var c = db.Open();
        return (await c.QueryAsync<QuestionTally>("""
            SELECT question_id AS QuestionId, COUNT(*) AS Answered, SUM(is_correct) AS Correct
            FROM answers WHERE chat_id = @chatId AND answered_at >= @fromMs AND answered_at < @toMs GROUP BY question_id
            """, new { chatId, fromMs, toMs })).AsList();
    }

    public async Task<IReadOnlyList<LoggedAnswer>> GetChatAnswerLogAsync(long chatId)
    {
        await using var c = db.Open();
        await using var reader = await c.ExecuteReaderAsync("""
            SELECT user_id, question_id, chosen, is_correct FROM answers WHERE chat_id = @chatId
            """, new { chatId });
        var log = new List<LoggedAnswer>();
        while (await reader.ReadAsync())
            log.Add(new LoggedAnswer(reader.GetInt64(0), reader.GetString(1), ItemAnalysis.ParseChosen(reader.GetString(2)), reader.GetInt64(3) != 0));
        return log;
    }

    public async Task<IReadOnlyDictionary<long, UserName>> GetUserNamesAsync(IReadOnlyCollection<long> userIds)
    {
        await using var c = db.Open();
        var names = new Dictionary<long, UserName>(userIds.Count);
        // Chunks below SQLite's 32,766 host parameters (a big group's monthly export can name thousands of people).
        foreach (var chunk in userIds.Distinct().Chunk(5000))
        {
            foreach (var n in await c.QueryAsync<UserName>(
                "SELECT user_id AS UserId, display_name AS DisplayName, username AS Username FROM users WHERE user_id IN @chunk", new { chunk }))
                names[n.UserId] = n;
        }
        return names;
    }

    // AnswerFact is a positional struct: read by hand rather than through Dapper's constructor matching on Int64 columns.
    private static async Task<IReadOnlyList<AnswerFact>> ReadFactsAsync(SqliteConnection c, string sql, object args)
    {
        var facts = new List<AnswerFact>();
        await using var reader = await c.ExecuteReaderAsync(sql, args);
        while (await reader.ReadAsync())
            facts.Add(new AnswerFact(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2) != 0, reader.GetInt64(3)));
        return facts;
    }
}
