using QuizBot.Core.Questions;
using QuizBot.Core.Quizzes;
using QuizBot.Quizzes;
using QuizBot.Storage;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>The process may die after Telegram created a poll and before its id was stored; the first answer adopts it.</summary>
public sealed class AdoptionTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private QuizService Quiz(SqliteQuizStore store) => new(store, QuestionBank.Load(System.IO.Path.Combine(TestBot.RepoRoot(), "questions")).Bank!,
        new QuizPlanner(new Random(5)), TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new Configuration.QuizOptions()));

    [Fact]
    public async Task An_answer_to_a_poll_whose_id_was_never_stored_is_adopted_by_the_question_it_was_sent_for()
    {
        var store = _db.Migrated();
        var quiz = Quiz(store);
        var round = (await quiz.StartAsync(42, 42, RoundModes.Private, 3, ScoringModes.Accuracy)).Round!;
        var served = quiz.ServeCurrent(round)!;
        await quiz.PreparePollAsync(round, served); // then the process dies before RecordPollSentAsync

        var right = served.CorrectServed[0];
        var result = await quiz.AnswerAsync("orphan-poll", 42, [right]);
        Assert.Equal(AnswerOutcome.Counted, result.Outcome);
        Assert.True(result.Correct);
        Assert.Equal(served.Question.Id, (await store.GetPollAsync("orphan-poll"))!.QuestionId);
    }

    [Fact]
    public async Task An_unknown_poll_from_someone_without_a_pending_question_is_ignored()
    {
        var store = _db.Migrated();
        var quiz = Quiz(store);
        var round = (await quiz.StartAsync(42, 42, RoundModes.Private, 3, ScoringModes.Accuracy)).Round!;
        await quiz.PreparePollAsync(round, quiz.ServeCurrent(round)!);
        Assert.Equal(AnswerOutcome.UnknownPoll, (await quiz.AnswerAsync("someone-elses", 43, [0])).Outcome);
    }
}
