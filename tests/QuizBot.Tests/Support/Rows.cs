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
}
