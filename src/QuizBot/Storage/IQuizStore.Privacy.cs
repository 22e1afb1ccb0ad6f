namespace QuizBot.Storage;

internal partial interface IQuizStore
{
    /// <summary>Deletes everything stored about a person: their answers, name, private rounds and private chat.</summary>
    Task ForgetUserAsync(long userId);
}
