using Dapper;
using QuizBot.Core.Daily;
using QuizBot.Storage;

namespace QuizBot.Tests.Support;

/// <summary>Rows for storage tests that write straight through the store, with the fields a test does not vary filled in.</summary>
internal static class Rows
{
    public static AnswerRecord Answer(string pollId, long userId, long chatId, bool correct, long points, long at, string questionId = "q") => new()
    {
        PollId = pollId,
        UserId = userId,
        ChatId = chatId,
        RoundId = 1,
        QuestionId = questionId,
        Chosen = "0",
        IsCorrect = correct,
        Points = points,
        AnsweredAt = at,
    };

    /// <summary>
    /// A Leitner box as the version before FSRS left it in review_schedule (docs/learning.md, "From Leitner"): the bot no
    /// longer writes that table, so upgrade tests write it as the old version did.
    /// </summary>
    public static async Task LeitnerBoxAsync(IDatabase db, long userId, string questionId, ReviewState box, long now)
    {
        await using var c = db.Connect();
        await c.ExecuteAsync("""
            INSERT INTO review_schedule (user_id, question_id, box, due_day, updated_at) VALUES (@userId, @questionId, @box, @due, @now)
            """, new { userId, questionId, box = (long)box.Box, due = LocalClock.Key(box.Due), now });
    }
}
