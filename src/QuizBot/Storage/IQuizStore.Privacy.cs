namespace QuizBot.Storage;

internal partial interface IQuizStore
{
    /// <summary>
    /// Deletes everything stored about a person: their answers, name, private rounds, pending polls and private chat; their
    /// id is removed from the group rounds and daily subscriptions they started. Their private polls' ids are kept, alone,
    /// as forgotten (<see cref="IsPollForgottenAsync"/>).
    /// </summary>
    Task ForgetUserAsync(long userId, long now = 0);

    /// <summary>True for a poll whose records /forget deleted: an answer to it is ignored.</summary>
    Task<bool> IsPollForgottenAsync(string pollId);
}
