using System.Data.Common;
using Dapper;
using QuizBot.Core.Questions;
using QuizBot.Core.Quizzes;
using QuizBot.Core.Scores;

namespace QuizBot.Storage;

/// <summary>
/// Leaderboards (issue 6; 003_scores.sql): the score totals per board (everyone or one group; week, month, all time), kept
/// in each answer's own transaction (<see cref="AddAnswerAsync"/>, called by <see cref="AnswerStore"/>), ranked with the
/// counts of people per points total, and rebuilt from the answer log when the time zone they are kept in changes.
/// </summary>
internal sealed class ScoreStore(IDatabase db, GroupCommit writes)
{
    private const string ScoreZoneKey = "scores.zone";

    /// <summary>The zone the totals are kept in: read once from bot_state; the default until a start has set one.</summary>
    private TimeZoneInfo? _scoreZone;

    private static string PeriodCode(ScorePeriod p) => p switch { ScorePeriod.Week => "w", ScorePeriod.Month => "m", _ => "a" };

    /// <summary>
    /// Adds one newly recorded answer to its week, month and all-time totals, for everyone and for its group, and moves the
    /// person between points totals in score_counts (everyone-boards): the upsert returns each row's new total and count.
    /// </summary>
    internal async Task AddAnswerAsync(DbConnection c, DbTransaction tx, AnswerRecord a)
    {
        var zone = _scoreZone ??= await ReadZoneAsync(c, tx, ScoreZoneKey);
        var (week, month) = StudyCalendar.Keys(a.AnsweredAt, zone);
        var add = writes.Prepared(c, tx, a.ChatId < 0 ? AddToEveryoneAndGroup : AddToEveryone, "@user", "@chat", "@correct", "@points", "@week", "@month");
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
        var count = writes.Prepared(c, tx, """
            INSERT INTO score_counts (scope, period, start, points, people) VALUES (0, @period, @start, @points, @people)
            ON CONFLICT (scope, period, start, points) DO UPDATE SET people = score_counts.people + excluded.people
            """, "@period", "@start", "@points", "@people");
        foreach (var (period, start, points, people) in moves)
        {
            (count.Parameters[0].Value, count.Parameters[1].Value, count.Parameters[2].Value, count.Parameters[3].Value) = (period, start, points, people);
            await count.ExecuteNonQueryAsync();
        }
    }

    // Table-qualified on the right so the same text runs on PostgreSQL, where a bare column there is ambiguous with excluded's.
    private const string AddTotalsConflict = """
        ON CONFLICT (scope, period, start, user_id) DO UPDATE SET
            answered = score_totals.answered + excluded.answered, correct = score_totals.correct + excluded.correct,
            points = score_totals.points + excluded.points
        """;

    // @chat is bound in both statements (unused in the first) so both take the same parameter list.
    private const string AddToEveryone = $"""
        INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points) VALUES
            (0, 'a', 0, @user, 1, @correct, @points), (0, 'w', @week, @user, 1, @correct, @points),
            (0, 'm', @month, @user, 1, @correct, @points)
        {AddTotalsConflict}
        RETURNING scope, period, start, points, answered
        """;

    private const string AddToEveryoneAndGroup = $"""
        INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points) VALUES
            (0, 'a', 0, @user, 1, @correct, @points), (0, 'w', @week, @user, 1, @correct, @points),
            (0, 'm', @month, @user, 1, @correct, @points),
            (@chat, 'a', 0, @user, 1, @correct, @points), (@chat, 'w', @week, @user, 1, @correct, @points),
            (@chat, 'm', @month, @user, 1, @correct, @points)
        {AddTotalsConflict}
        RETURNING scope, period, start, points, answered
        """;

    /// <summary>A group that became a supergroup takes its board along (part of <see cref="ChatStore.MigrateChatAsync"/>).</summary>
    internal static async Task MigrateChatAsync(DbConnection c, DbTransaction tx, object p)
    {
        // WHERE true: SQLite needs it to tell an upsert's ON from a join's when the rows come from a SELECT.
        await c.ExecuteAsync($"""
            INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points)
            SELECT @toChatId, period, start, user_id, answered, correct, points FROM score_totals WHERE scope = @fromChatId AND true
            {AddTotalsConflict}
            """, p, tx);
        await c.ExecuteAsync("DELETE FROM score_totals WHERE scope = @fromChatId", p, tx);
    }

    /// <summary>The zone a maintained table is kept in (bot_state), or the default zone before a start has set one.</summary>
    internal static async Task<TimeZoneInfo> ReadZoneAsync(DbConnection c, DbTransaction? tx, string key)
    {
        var id = await c.ExecuteScalarAsync<string?>("SELECT value FROM bot_state WHERE key = @key", new { key }, tx);
        return TimeZoneInfo.FindSystemTimeZoneById(id ?? new Configuration.QuizOptions().TimeZone);
    }

    /// <summary>
    /// Makes the maintained score totals agree with the answer log for weeks and months in <paramref name="zone"/>:
    /// rebuilds them when they were kept in another zone or never built. True when it rebuilt.
    /// </summary>
    public async Task<bool> EnsureScoreTotalsAsync(TimeZoneInfo zone)
    {
        var rebuilt = await writes.WriteAsync(async (c, tx) =>
        {
            var kept = await c.ExecuteScalarAsync<string?>("SELECT value FROM bot_state WHERE key = @ScoreZoneKey", new { ScoreZoneKey }, tx);
            if (kept == zone.Id) return false;
            // Week and month of every answer in the new zone, computed in .NET on both providers (LocalKeys).
            await LocalKeys.CreateAsync(c, tx, zone);
            await c.ExecuteAsync($"""
                DELETE FROM score_totals;
                CREATE TEMP TABLE keyed AS
                    SELECT a.user_id, a.chat_id, a.is_correct, a.points, k.week, k.month
                    FROM answers a {LocalKeys.JoinOnAnswers};
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
                DROP TABLE local_keys;
                DELETE FROM score_counts;
                INSERT INTO score_counts (scope, period, start, points, people)
                    SELECT scope, period, start, points, COUNT(*) FROM score_totals WHERE scope = 0 GROUP BY scope, period, start, points;
                INSERT INTO bot_state (key, value) VALUES (@ScoreZoneKey, @Id) ON CONFLICT (key) DO UPDATE SET value = excluded.value;
                """, new { ScoreZoneKey, zone.Id }, tx);
            return true;
        });
        _scoreZone = zone;
        return rebuilt;
    }

    private const string TotalsColumns = """
        t.user_id AS UserId, COALESCE(u.display_name, '') AS DisplayName, t.answered AS Answered, t.correct AS Correct,
        t.points AS Points
        """;

    /// <summary>The first <paramref name="limit"/> of a board by points (then right answers, then id); equal points share a rank.</summary>
    public async Task<IReadOnlyList<ScoreRow>> GetTopAsync(long scope, PeriodWindow window, int limit)
    {
        await using var c = await db.ConnectAsync();
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
        CAST(COALESCE((SELECT SUM(k.people) FROM score_counts k
                  WHERE k.scope = t.scope AND k.period = t.period AND k.start = t.start AND k.points > t.points), 0) AS bigint)
        """;

    private const string EntriesAbove = """
        (SELECT COUNT(*) FROM score_totals o WHERE o.scope = t.scope AND o.period = t.period AND o.start = t.start AND o.points > t.points)
        """;

    /// <summary>One person's totals and rank on each board; null where they have not answered in that period.</summary>
    public async Task<IReadOnlyList<ScoreRow?>> GetStandingsAsync(long userId, long scope, IReadOnlyList<PeriodWindow> windows)
    {
        await using var c = await db.ConnectAsync();
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

    /// <summary>One person's totals on a board without their rank (Rank 0); null when they have not answered in that period.</summary>
    public async Task<ScoreRow?> GetTotalsAsync(long userId, long scope, PeriodWindow window)
    {
        await using var c = await db.ConnectAsync();
        return await c.QuerySingleOrDefaultAsync<ScoreRow>($"""
            SELECT {TotalsColumns} FROM score_totals t LEFT JOIN users u ON u.user_id = t.user_id
            WHERE t.scope = @scope AND t.period = @period AND t.start = @Key AND t.user_id = @userId
            """, new { userId, scope, period = PeriodCode(window.Period), window.Key });
    }

    // The terminal's board: totals per person since an instant, from the answer log, ranked with ties sharing a rank
    // (RANK(), as in Scoring.Ranks).
    private const string RankedTotals = """
        WITH totals AS (
            SELECT user_id, COUNT(*) AS answered, CAST(SUM(is_correct) AS bigint) AS correct, CAST(SUM(points) AS bigint) AS points
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

    /// <summary>Top <paramref name="limit"/> by points since <paramref name="since"/>; in one chat, or everywhere when chatId is null.</summary>
    public async Task<IReadOnlyList<ScoreRow>> GetLeaderboardAsync(long? chatId, long since, int limit)
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<ScoreRow>($"{RankedTotals} ORDER BY r.rnk, r.correct DESC, r.user_id LIMIT @limit",
            new { chatId, since, limit })).AsList();
    }

    /// <summary>One person's totals and rank in the same scope as <see cref="GetLeaderboardAsync"/>; null when they never answered.</summary>
    public async Task<ScoreRow?> GetPersonalAsync(long userId, long? chatId, long since)
    {
        await using var c = await db.ConnectAsync();
        return await c.QuerySingleOrDefaultAsync<ScoreRow>($"{RankedTotals} WHERE r.user_id = @userId", new { userId, chatId, since });
    }
}
