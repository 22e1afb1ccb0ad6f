using System.Data.Common;
using Dapper;
using QuizBot.Core.Learning;
using QuizBot.Core.Questions;
using QuizBot.Core.Scores;

namespace QuizBot.Storage;

/// <summary>
/// The answer log (answers in 001_initial.sql): records each answer exactly once, with everything kept from it in the same
/// transaction (score totals, /me's tallies, the person's FSRS card), and reads it back for rounds, the daily cap and the
/// group study records. The answer path's writes are the hot ones: their statements are prepared once per drain
/// (docs/benchmarks.md, "Answer ingestion").
/// </summary>
internal sealed class AnswerStore(IDatabase db, GroupCommit writes, ScoreStore scores, TallyStore tallies, LearningStore learning)
{
    /// <summary>
    /// Records an answer; false when this person already answered this poll (a redelivered update). When recorded and
    /// <paramref name="learn"/> is given, in the same transaction: the person's card for the question (null when never
    /// answered before) is replaced by what <paramref name="learn"/> returns (docs/learning.md). True only once the answer,
    /// its score totals and its card are committed.
    /// </summary>
    public Task<bool> TryRecordAnswerAsync(AnswerRecord a, Func<Card?, Card>? learn = null) =>
        writes.WriteAsync(async (c, tx) =>
        {
            var insert = writes.Prepared(c, tx, """
                INSERT INTO answers (poll_id, user_id, chat_id, round_id, question_id, chosen, is_correct, points, elapsed_ms, answered_at)
                VALUES (@poll, @user, @chat, @round, @question, @chosen, @correct, @points, @elapsed, @at)
                ON CONFLICT (poll_id, user_id) DO NOTHING
                """, "@poll", "@user", "@chat", "@round", "@question", "@chosen", "@correct", "@points", "@elapsed", "@at");
            var p = insert.Parameters;
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (a.PollId, a.UserId, a.ChatId, a.RoundId, a.QuestionId);
            (p[5].Value, p[6].Value, p[7].Value, p[8].Value, p[9].Value) = (a.Chosen, a.IsCorrect ? 1 : 0, a.Points, a.ElapsedMs, a.AnsweredAt);
            if (await insert.ExecuteNonQueryAsync() != 1) return false;
            await scores.AddAnswerAsync(c, tx, a);
            await tallies.AddAnswerAsync(c, tx, a);
            if (learn is not null) await learning.MoveAsync(c, tx, a.UserId, a.QuestionId, learn, a.AnsweredAt);
            return true;
        });

    public async Task<IReadOnlyList<AnswerRecord>> GetAnswersAsync(long roundId)
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<AnswerRecord>("""
            SELECT poll_id AS PollId, user_id AS UserId, chat_id AS ChatId, round_id AS RoundId, question_id AS QuestionId,
                   chosen AS Chosen, is_correct AS IsCorrect, points AS Points, elapsed_ms AS ElapsedMs, answered_at AS AnsweredAt
            FROM answers WHERE round_id = @roundId ORDER BY answer_id
            """, new { roundId })).AsList();
    }

    public async Task<long> CountAnswersAsync(string pollId)
    {
        await using var c = await db.ConnectAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM answers WHERE poll_id = @pollId", new { pollId });
    }

    public async Task<IReadOnlySet<string>> GetAnsweredQuestionIdsAsync(long userId)
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<string>("SELECT DISTINCT question_id FROM answers WHERE user_id = @userId", new { userId })).ToHashSet();
    }

    /// <summary>For many people at once: the questions each has answered.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlySet<string>>> GetAnsweredQuestionIdsAsync(IReadOnlyCollection<long> userIds)
    {
        if (userIds.Count == 0) return new Dictionary<long, IReadOnlySet<string>>();
        await using var c = await db.ConnectAsync();
        var rows = await c.QueryAsync<(long UserId, string QuestionId)>(
            $"SELECT DISTINCT user_id, question_id FROM answers WHERE {db.InList("user_id", "@userIds")}", new { userIds = userIds.ToArray() });
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(r => r.QuestionId).ToHashSet());
    }

    /// <summary>Points a person earned from <paramref name="since"/> on (for the daily cap).</summary>
    public async Task<long> GetPointsSinceAsync(long userId, long since)
    {
        await using var c = await db.ConnectAsync();
        return await c.ExecuteScalarAsync<long>(
            "SELECT CAST(COALESCE(SUM(points), 0) AS bigint) FROM answers WHERE user_id = @userId AND answered_at >= @since", new { userId, since });
    }

    // Group study records (issue 6): read from the answer log through answers_by_chat.

    /// <summary>The answers given in one chat in [<paramref name="fromMs"/>, <paramref name="toMs"/>).</summary>
    public async Task<IReadOnlyList<AnswerFact>> GetChatAnswersAsync(long chatId, long fromMs, long toMs)
    {
        await using var c = await db.ConnectAsync();
        // AnswerFact is a positional struct: read by hand rather than through Dapper's constructor matching on Int64 columns.
        var facts = new List<AnswerFact>();
        await using var reader = await c.ExecuteReaderAsync("""
            SELECT user_id, answered_at, is_correct, points FROM answers
            WHERE chat_id = @chatId AND answered_at >= @fromMs AND answered_at < @toMs ORDER BY answered_at
            """, new { chatId, fromMs, toMs });
        while (await reader.ReadAsync())
            facts.Add(new AnswerFact(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2) != 0, reader.GetInt64(3)));
        return facts;
    }

    /// <summary>Per question: answers and right answers in one chat in [<paramref name="fromMs"/>, <paramref name="toMs"/>).</summary>
    public async Task<IReadOnlyList<QuestionTally>> GetChatQuestionTalliesAsync(long chatId, long fromMs, long toMs)
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<QuestionTally>("""
            SELECT question_id AS QuestionId, COUNT(*) AS Answered, CAST(SUM(is_correct) AS bigint) AS Correct
            FROM answers WHERE chat_id = @chatId AND answered_at >= @fromMs AND answered_at < @toMs GROUP BY question_id
            """, new { chatId, fromMs, toMs })).AsList();
    }

    /// <summary>Every answer given in one chat, all time: who, which question, the bank's option indexes chosen, right or not (item analysis).</summary>
    public async Task<IReadOnlyList<LoggedAnswer>> GetChatAnswerLogAsync(long chatId)
    {
        await using var c = await db.ConnectAsync();
        await using var reader = await c.ExecuteReaderAsync("""
            SELECT user_id, question_id, chosen, is_correct FROM answers WHERE chat_id = @chatId
            """, new { chatId });
        var log = new List<LoggedAnswer>();
        while (await reader.ReadAsync())
            log.Add(new LoggedAnswer(reader.GetInt64(0), reader.GetString(1), ItemAnalysis.ParseChosen(reader.GetString(2)), reader.GetInt64(3) != 0));
        return log;
    }

    /// <summary>Part of <see cref="ChatStore.MigrateChatAsync"/>: a group's answers follow it to its supergroup id.</summary>
    internal static Task MigrateChatAsync(DbConnection c, DbTransaction tx, object p) =>
        c.ExecuteAsync("UPDATE answers SET chat_id = @toChatId WHERE chat_id = @fromChatId", p, tx);
}
