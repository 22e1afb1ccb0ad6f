using System.Data.Common;
using Dapper;
using QuizBot.Core.Daily;
using QuizBot.Core.Learning;

namespace QuizBot.Storage;

/// <summary>
/// Learning that adapts to each person (issue 14; docs/learning.md; 008_learning.sql): each person's FSRS card per question,
/// moved in each answer's own transaction (<see cref="MoveAsync"/>, called by <see cref="AnswerStore"/>); the conversion of
/// what the old Leitner review left in review_schedule; the evening reminder's setting and its once-a-day record.
/// </summary>
internal sealed class LearningStore(IDatabase db, GroupCommit writes)
{
    private const string CardColumns = """
        user_id AS UserId, question_id AS QuestionId, stability AS Stability, difficulty AS Difficulty, last_review AS LastReview,
        due_day AS DueDay, reviews AS Reviews, lapses AS Lapses, last_correct AS LastCorrect
        """;

    private const string InsertCard = """
        INSERT INTO learning_cards (user_id, question_id, stability, difficulty, last_review, due_day, reviews, lapses, last_correct, updated_at)
        VALUES (@user, @question, @s, @d, @last, @due, @reviews, @lapses, @correct, @now)
        """;

    private const string UpsertCard = InsertCard + """
        ON CONFLICT (user_id, question_id) DO UPDATE SET stability = excluded.stability, difficulty = excluded.difficulty,
            last_review = excluded.last_review, due_day = excluded.due_day, reviews = excluded.reviews, lapses = excluded.lapses,
            last_correct = excluded.last_correct, updated_at = excluded.updated_at
        """;

    private static readonly string[] CardParameters = ["@user", "@question", "@s", "@d", "@last", "@due", "@reviews", "@lapses", "@correct", "@now"];

    /// <summary>The person's card for the question, replaced by what <paramref name="learn"/> makes of it (null: never answered before).</summary>
    internal async Task MoveAsync(DbConnection c, DbTransaction tx, long userId, string questionId, Func<Card?, Card> learn, long now)
    {
        var read = writes.Prepared(c, tx, """
            SELECT stability, difficulty, last_review, due_day, reviews, lapses, last_correct FROM learning_cards
            WHERE user_id = @user AND question_id = @question
            """, "@user", "@question");
        (read.Parameters[0].Value, read.Parameters[1].Value) = (userId, questionId);
        Card? current = null;
        await using (var row = await read.ExecuteReaderAsync())
        {
            if (await row.ReadAsync())
                current = new Card(row.GetDouble(0), row.GetDouble(1), LocalClock.ParseKey(row.GetString(2)), LocalClock.ParseKey(row.GetString(3)),
                    (int)row.GetInt64(4), (int)row.GetInt64(5), row.GetInt64(6) != 0);
        }
        var set = writes.Prepared(c, tx, UpsertCard, CardParameters);
        SetCard(set.Parameters, userId, questionId, learn(current), now);
        await set.ExecuteNonQueryAsync();
    }

    private static void SetCard(DbParameterCollection p, long userId, string questionId, Card card, long now)
    {
        (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) =
            (userId, questionId, card.Stability, card.Difficulty, LocalClock.Key(card.LastReview));
        (p[5].Value, p[6].Value, p[7].Value, p[8].Value, p[9].Value) =
            (LocalClock.Key(card.Due), (long)card.Reviews, (long)card.Lapses, card.LastCorrect ? 1L : 0L, now);
    }

    /// <summary>A person's cards, by question id.</summary>
    public async Task<IReadOnlyDictionary<string, Card>> GetCardsAsync(long userId)
    {
        await using var c = await db.ConnectAsync();
        var rows = await c.QueryAsync<CardRow>($"SELECT {CardColumns} FROM learning_cards WHERE user_id = @userId", new { userId });
        return rows.ToDictionary(r => r.QuestionId, r => r.ToCard(), StringComparer.Ordinal);
    }

    /// <summary>For many people at once (claiming a broadcast): their cards, by person and question id.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyDictionary<string, Card>>> GetCardsAsync(IReadOnlyCollection<long> userIds)
    {
        if (userIds.Count == 0) return new Dictionary<long, IReadOnlyDictionary<string, Card>>();
        await using var c = await db.ConnectAsync();
        var rows = await c.QueryAsync<CardRow>($"SELECT {CardColumns} FROM learning_cards WHERE {db.InList("user_id", "@userIds")}",
            new { userIds = userIds.ToArray() });
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key,
            g => (IReadOnlyDictionary<string, Card>)g.ToDictionary(r => r.QuestionId, r => r.ToCard(), StringComparer.Ordinal));
    }

    /// <summary>
    /// Turns every Leitner box left in review_schedule into a card with <paramref name="map"/> (a card already there, from a
    /// newer answer, is kept) and empties review_schedule, in one transaction. Returns how many boxes were converted.
    /// </summary>
    public Task<int> ConvertLeitnerAsync(Func<ReviewState, Card> map, long now) =>
        writes.WriteAsync(async (c, tx) =>
        {
            var boxes = (await c.QueryAsync<(long UserId, string QuestionId, long Box, string DueDay)>(
                "SELECT user_id, question_id, box, due_day FROM review_schedule", transaction: tx)).AsList();
            if (boxes.Count == 0) return 0;
            // A card already there comes from an answer given after the upgrade: it is newer than the box.
            var insert = writes.Prepared(c, tx, InsertCard + " ON CONFLICT (user_id, question_id) DO NOTHING", CardParameters);
            foreach (var b in boxes)
            {
                SetCard(insert.Parameters, b.UserId, b.QuestionId, map(new ReviewState((int)b.Box, LocalClock.ParseKey(b.DueDay))), now);
                await insert.ExecuteNonQueryAsync();
            }
            await c.ExecuteAsync("DELETE FROM review_schedule", transaction: tx);
            return boxes.Count;
        });

    public async Task<bool> GetRemindersOnAsync(long userId)
    {
        await using var c = await db.ConnectAsync();
        return await c.ExecuteScalarAsync<long?>("SELECT reminders FROM learning_settings WHERE user_id = @userId", new { userId }) != 0;
    }

    public Task SetRemindersOnAsync(long userId, bool on, long now) =>
        writes.WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO learning_settings (user_id, reminders, updated_at) VALUES (@userId, @on, @now)
            ON CONFLICT (user_id) DO UPDATE SET reminders = excluded.reminders, updated_at = excluded.updated_at
            """, new { userId, on = on ? 1L : 0L, now }, tx));

    /// <summary>
    /// People subscribed to the private daily push, with reminders on, not reminded on <paramref name="day"/> and with no
    /// answer since <paramref name="dayStart"/>: whom the evening reminder may concern (their streak is checked after).
    /// </summary>
    public async Task<IReadOnlyList<long>> GetReminderCandidatesAsync(string day, long dayStart)
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<long>("""
            SELECT s.chat_id FROM daily_subscriptions s
            WHERE s.kind = 'private' AND s.active = 1
              AND NOT EXISTS (SELECT 1 FROM learning_settings l WHERE l.user_id = s.chat_id AND l.reminders = 0)
              AND NOT EXISTS (SELECT 1 FROM learning_reminders r WHERE r.user_id = s.chat_id AND r.local_day = @day)
              AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.user_id = s.chat_id AND a.answered_at >= @dayStart)
            ORDER BY s.chat_id
            """, new { day, dayStart })).AsList();
    }

    /// <summary>Records the day's reminder before it is sent; false when one was already recorded (at most one a day).</summary>
    public Task<bool> TryRecordReminderAsync(long userId, string day, long now) =>
        writes.WriteAsync(async (c, tx) => await c.ExecuteAsync("""
            INSERT INTO learning_reminders (user_id, local_day, sent_at) VALUES (@userId, @day, @now)
            ON CONFLICT (user_id, local_day) DO NOTHING
            """, new { userId, day, now }, tx) == 1);

    private sealed record CardRow
    {
        public long UserId { get; init; }
        public required string QuestionId { get; init; }
        public double Stability { get; init; }
        public double Difficulty { get; init; }
        public required string LastReview { get; init; }
        public required string DueDay { get; init; }
        public long Reviews { get; init; }
        public long Lapses { get; init; }
        public long LastCorrect { get; init; }

        public Card ToCard() => new(Stability, Difficulty, LocalClock.ParseKey(LastReview), LocalClock.ParseKey(DueDay),
            (int)Reviews, (int)Lapses, LastCorrect != 0);
    }
}
