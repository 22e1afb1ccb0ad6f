using System.Data.Common;
using Dapper;
using QuizBot.Core.Daily;

namespace QuizBot.Storage;

/// <summary>
/// Spaced review (docs/daily.md; review_schedule in 002_daily.sql): each person's mistakes with their place in the Leitner
/// schedule. Moved in each answer's own transaction (<see cref="MoveAsync"/>, called by <see cref="AnswerStore"/>); read by
/// the daily push and /review. The one place the schedule's rows are written and read, so another scheduler can replace it.
/// </summary>
internal sealed class ReviewStore(IDatabase db, GroupCommit writes)
{
    private const string ReviewColumns = "user_id AS UserId, question_id AS QuestionId, box AS Box, due_day AS DueDay";

    private const string Upsert = """
        INSERT INTO review_schedule (user_id, question_id, box, due_day, updated_at) VALUES (@user, @question, @box, @due, @now)
        ON CONFLICT (user_id, question_id) DO UPDATE SET box = excluded.box, due_day = excluded.due_day, updated_at = excluded.updated_at
        """;

    private const string Delete = "DELETE FROM review_schedule WHERE user_id = @user AND question_id = @question";

    /// <summary>The question's place in the person's review schedule, moved by <paramref name="next"/>; written only when it changes.</summary>
    internal async Task MoveAsync(DbConnection c, DbTransaction tx, long userId, string questionId,
        Func<ReviewState?, ReviewState?> next, long now)
    {
        var read = writes.Prepared(c, tx, "SELECT box, due_day FROM review_schedule WHERE user_id = @user AND question_id = @question",
            "@user", "@question");
        (read.Parameters[0].Value, read.Parameters[1].Value) = (userId, questionId);
        ReviewState? current = null;
        await using (var row = await read.ExecuteReaderAsync())
        {
            if (await row.ReadAsync()) current = new ReviewState((int)row.GetInt64(0), LocalClock.ParseKey(row.GetString(1)));
        }
        var moved = next(current);
        if (moved == current) return;
        if (moved is null)
        {
            var delete = writes.Prepared(c, tx, Delete, "@user", "@question");
            (delete.Parameters[0].Value, delete.Parameters[1].Value) = (userId, questionId);
            await delete.ExecuteNonQueryAsync();
            return;
        }
        var set = writes.Prepared(c, tx, Upsert, "@user", "@question", "@box", "@due", "@now");
        var p = set.Parameters;
        (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (userId, questionId, moved.Box, LocalClock.Key(moved.Due), now);
        await set.ExecuteNonQueryAsync();
    }

    public async Task<ReviewRecord?> GetReviewAsync(long userId, string questionId)
    {
        await using var c = db.Connect();
        return await c.QuerySingleOrDefaultAsync<ReviewRecord>(
            $"SELECT {ReviewColumns} FROM review_schedule WHERE user_id = @userId AND question_id = @questionId", new { userId, questionId });
    }

    /// <summary>Stores a question's place in the review schedule; null removes it (learned, or never missed).</summary>
    public Task SetReviewAsync(long userId, string questionId, ReviewState? state, long now) =>
        writes.WriteAsync((c, tx) => state is null
            ? c.ExecuteAsync(Delete, new { user = userId, question = questionId }, tx)
            : c.ExecuteAsync(Upsert, new { user = userId, question = questionId, box = state.Box, due = LocalClock.Key(state.Due), now }, tx));

    /// <summary>Mistakes due on or before <paramref name="day"/>, the longest overdue first.</summary>
    public async Task<IReadOnlyList<ReviewRecord>> GetDueReviewsAsync(long userId, string day, int limit)
    {
        await using var c = db.Connect();
        return (await c.QueryAsync<ReviewRecord>($"""
            SELECT {ReviewColumns} FROM review_schedule WHERE user_id = @userId AND due_day <= @day
            ORDER BY due_day, box, updated_at, question_id LIMIT @limit
            """, new { userId, day, limit })).AsList();
    }

    /// <summary>For many people at once (claiming a broadcast): their mistakes due on or before <paramref name="day"/>, per person.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<ReviewRecord>>> GetDueReviewsAsync(IReadOnlyCollection<long> userIds, string day)
    {
        if (userIds.Count == 0) return new Dictionary<long, IReadOnlyList<ReviewRecord>>();
        await using var c = db.Connect();
        var rows = await c.QueryAsync<ReviewRecord>($"""
            SELECT {ReviewColumns} FROM review_schedule WHERE {db.InList("user_id", "@userIds")} AND due_day <= @day
            ORDER BY user_id, due_day, box, updated_at, question_id
            """, new { userIds = userIds.ToArray(), day });
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => (IReadOnlyList<ReviewRecord>)g.ToList());
    }

    /// <summary>The mistake due next after <paramref name="day"/>, if any.</summary>
    public async Task<ReviewRecord?> GetNextReviewAsync(long userId, string day)
    {
        await using var c = db.Connect();
        return await c.QueryFirstOrDefaultAsync<ReviewRecord>($"""
            SELECT {ReviewColumns} FROM review_schedule WHERE user_id = @userId AND due_day > @day ORDER BY due_day, box LIMIT 1
            """, new { userId, day });
    }
}
