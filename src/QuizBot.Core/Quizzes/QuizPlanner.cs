using QuizBot.Core.Questions;

namespace QuizBot.Core.Quizzes;

/// <summary>A question as it is shown: options in served order, and which served positions are right.</summary>
public sealed record ServedQuestion(Question Question, IReadOnlyList<int> Order)
{
    /// <summary>The option texts in served order.</summary>
    public IReadOnlyList<string> Options => Order.Select(i => Question.Options[i]).ToList();

    /// <summary>Served positions of the right options, sorted (Telegram's correct_option_ids).</summary>
    public IReadOnlyList<int> CorrectServed =>
        Order.Select((bankIndex, served) => (bankIndex, served)).Where(p => Question.Answer.Contains(p.bankIndex)).Select(p => p.served).ToList();

    /// <summary>Maps served positions chosen by a player back to the bank's option indexes.</summary>
    public IReadOnlyList<int> ToBankIndexes(IEnumerable<int> served) =>
        served.Where(s => s >= 0 && s < Order.Count).Select(s => Order[s]).Distinct().Order().ToList();

    /// <summary>Right only when exactly the right set was chosen.</summary>
    public bool IsCorrect(IReadOnlyList<int> bankIndexes) => bankIndexes.Order().SequenceEqual(Question.Answer);
}

/// <summary>Chooses questions for a round and the order of their options. Randomness is injected so tests are deterministic.</summary>
public sealed class QuizPlanner(Random random)
{
    public const int MinQuestions = 1;
    public const int MaxQuestions = 20;

    /// <summary>The injected randomness, shared with the learning chooser (Learning.NextQuestions) so tests seed one source.</summary>
    public Random Random => random;

    /// <summary>
    /// Picks <paramref name="count"/> distinct questions, preferring ones the player has not answered yet and mixing speeches,
    /// so repeated quizzes move through the bank. Never two of one family (docs/question-bank.md, Families): when the bank
    /// has fewer families than <paramref name="count"/>, the quiz is shorter (one question per family), never padded with
    /// a give-away.
    /// </summary>
    public IReadOnlyList<Question> Pick(QuestionBank bank, int count, IReadOnlySet<string>? alreadySeen = null)
    {
        var fresh = bank.Approved.Where(q => alreadySeen is null || !alreadySeen.Contains(q.Id)).ToArray();
        var seen = bank.Approved.Where(q => alreadySeen is not null && alreadySeen.Contains(q.Id)).ToArray();
        random.Shuffle(fresh);
        random.Shuffle(seen);
        return fresh.Concat(seen).OnePerFamily().Take(count).ToList();
    }

    public ServedQuestion Serve(Question question)
    {
        var order = Enumerable.Range(0, question.Options.Count).ToArray();
        if (!question.KeepsOptionOrder) random.Shuffle(order);
        return new ServedQuestion(question, order);
    }
}
