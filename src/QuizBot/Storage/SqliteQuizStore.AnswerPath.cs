using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using QuizBot.Core.Daily;

namespace QuizBot.Storage;

// The reads and writes of one poll answer, cut down for bursts (docs/benchmarks.md, "Answer ingestion"): a group round's
// polls are looked up in memory after the first answer, and the review schedule is read and moved inside the answer's
// own group-committed transaction, with prepared statements, instead of one read and one more commit per answer.
internal sealed partial class SqliteQuizStore
{
    /// <summary>Bounds <see cref="_groupPolls"/> (a few hundred bytes an entry); past it the memory is simply started afresh.</summary>
    private const int GroupPollsRemembered = 20_000;

    /// <summary>Group rounds' polls with their rounds, as read when first answered.</summary>
    private readonly ConcurrentDictionary<string, (PollRecord Poll, RoundRecord Round)> _groupPolls = new(StringComparer.Ordinal);

    /// <summary>Moves on whenever a write changes what <see cref="_groupPolls"/> holds, so a read that raced it is not remembered.</summary>
    private long _groupPollsVersion;

    public async Task<(PollRecord Poll, RoundRecord? Round)?> GetAnsweredPollAsync(string pollId)
    {
        if (_groupPolls.TryGetValue(pollId, out var known)) return known;
        var version = Interlocked.Read(ref _groupPollsVersion);
        if (await GetPollAsync(pollId) is not { } poll) return null;
        var round = await GetRoundAsync(poll.RoundId);
        // Only group rounds: what an answer uses of them (ids, question, option order, sent time, mode, scoring, seconds)
        // never changes but for the chat id on a migration, which forgets them all. A private or daily round's answer
        // moves the quiz on from the round's current position, so those are read afresh every time.
        if (round is { Mode: RoundModes.Group } && Interlocked.Read(ref _groupPollsVersion) == version)
        {
            if (_groupPolls.Count >= GroupPollsRemembered) _groupPolls.Clear();
            _groupPolls[pollId] = (poll, round);
        }
        return (poll, round);
    }

    /// <summary>After a write that changes polls' or rounds' chat ids: the remembered group polls are read again.</summary>
    private void ForgetGroupPolls()
    {
        Interlocked.Increment(ref _groupPollsVersion);
        _groupPolls.Clear();
    }

    public Task<bool> TryRecordAnswerAsync(AnswerRecord a, Func<ReviewState?, ReviewState?>? review = null) =>
        WriteAsync(async (c, tx) =>
        {
            if (!await InsertAnswerAsync(c, tx, a)) return false;
            if (review is not null) await MoveReviewAsync(c, tx, a.UserId, a.QuestionId, review, a.AnsweredAt);
            return true;
        });

    /// <summary>The question's place in the person's review schedule, moved by <paramref name="next"/>; written only when it changes.</summary>
    private async Task MoveReviewAsync(SqliteConnection c, SqliteTransaction tx, long userId, string questionId,
        Func<ReviewState?, ReviewState?> next, long now)
    {
        var read = Prepared(c, tx, "SELECT box, due_day FROM review_schedule WHERE user_id = $user AND question_id = $question",
            "$user", "$question");
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
            var delete = Prepared(c, tx, "DELETE FROM review_schedule WHERE user_id = $user AND question_id = $question", "$user", "$question");
            (delete.Parameters[0].Value, delete.Parameters[1].Value) = (userId, questionId);
            await delete.ExecuteNonQueryAsync();
            return;
        }
        var set = Prepared(c, tx, """
            INSERT INTO review_schedule (user_id, question_id, box, due_day, updated_at) VALUES ($user, $question, $box, $due, $now)
            ON CONFLICT (user_id, question_id) DO UPDATE SET box = excluded.box, due_day = excluded.due_day, updated_at = excluded.updated_at
            """, "$user", "$question", "$box", "$due", "$now");
        var p = set.Parameters;
        (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (userId, questionId, moved.Box, LocalClock.Key(moved.Due), now);
        await set.ExecuteNonQueryAsync();
    }
}
