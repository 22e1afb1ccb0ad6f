using QuizBot.Core.Questions;
using QuizBot.Core.Quizzes;
using QuizBot.Quizzes;
using QuizBot.Storage;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>The process may die after Telegram created a poll and before its id was stored; the first answer adopts it.</summary>
public abstract class AdoptionTests : IDisposable
{
    private readonly TempDatabase _db;

    private protected AdoptionTests(StorageProvider provider) => _db = new(provider);

    public void Dispose() => _db.Dispose();

    private QuizService Quiz(Stores store) => Services.Quiz(store, QuestionBank.Load(System.IO.Path.Combine(TestBot.RepoRoot(), "questions")).Bank!,
        new QuizPlanner(new Random(5)), Microsoft.Extensions.Options.Options.Create(new Configuration.QuizOptions()));

    [Fact]
    public async Task An_answer_to_a_poll_whose_id_was_never_stored_is_adopted_by_the_question_it_was_sent_for()
    {
        var store = _db.Migrated();
        var quiz = Quiz(store);
        var round = (await quiz.StartAsync(42, 42, RoundKind.Private, 3, ScoringModes.Accuracy)).Round!;
        var served = quiz.ServeCurrent(round)!;
        await quiz.PreparePollAsync(round, served); // then the process dies before RecordPollSentAsync

        var result = await quiz.AnswerAsync("orphan-poll", 42, served.CorrectServed); // every right option: a question may have several
        Assert.Equal(AnswerOutcome.Counted, result.Outcome);
        Assert.True(result.Correct);
        Assert.Equal(served.Question.Id, (await store.Rounds.GetPollAsync("orphan-poll"))!.QuestionId);
    }

    [Fact]
    public async Task An_unknown_poll_from_someone_without_a_pending_question_is_ignored()
    {
        var store = _db.Migrated();
        var quiz = Quiz(store);
        var round = (await quiz.StartAsync(42, 42, RoundKind.Private, 3, ScoringModes.Accuracy)).Round!;
        await quiz.PreparePollAsync(round, quiz.ServeCurrent(round)!);
        Assert.Equal(AnswerOutcome.UnknownPoll, (await quiz.AnswerAsync("someone-elses", 43, [0])).Outcome);
    }

    /// <summary>A daily push to 42 (or to <paramref name="chatId"/>) for 2 March 2026 with three questions; returns it and its first question.</summary>
    private static async Task<(DailyPush Push, Question First)> ClaimDailyPushAsync(Stores store, QuizService quiz, long chatId = 42)
    {
        var questions = quiz.Bank.Approved.Take(3).ToList();
        await store.Daily.SaveSubscriptionAsync(chatId, chatId > 0 ? DailyKinds.Private : DailyKinds.Group, 8 * 60, 1000, 42, 0);
        var subscription = (await store.Daily.GetSubscriptionAsync(chatId))!;
        var push = (await store.Daily.ClaimPushesAsync([new DailyClaim
        {
            Subscription = subscription,
            Day = "2026-03-02",
            DueAt = 1000,
            NextAt = 1000 + 86_400_000,
            Send = true,
            QuestionIds = string.Join(',', questions.Select(q => q.Id)),
            Now = 1000,
        }])).Single();
        await store.Daily.AdvancePushAsync(chatId, push.Day, 0, null); // the excerpt went out
        return (push, questions[0]);
    }

    private static PendingPollRecord FirstDailyPoll(DailyPush push, Question question, long chatId = 42) => new()
    {
        RoundId = push.RoundId!.Value,
        Seq = 0,
        ChatId = chatId,
        QuestionId = question.Id,
        OptionOrder = Ints.Join(Enumerable.Range(0, question.Options.Count).Reverse()),
        CreatedAt = 2000,
    };

    [Fact]
    public async Task An_unknown_poll_is_never_taken_for_the_question_a_group_round_waits_for()
    {
        var store = _db.Migrated();
        var quiz = Quiz(store);
        var round = (await quiz.StartAsync(-100_500, 500, RoundKind.Group, 3, ScoringModes.Speed)).Round!;
        var served = quiz.ServeCurrent(round)!;
        await quiz.PreparePollAsync(round, served); // its poll is on its way, or a crash lost its id

        // Whoever answers an unknown poll (a forwarded copy, a poll from before /forget) claims nothing.
        Assert.Equal(AnswerOutcome.UnknownPoll, (await quiz.AnswerAsync("stray-poll", 42, [served.CorrectServed[0]])).Outcome);
        Assert.Null(await store.Rounds.GetPollAsync("stray-poll"));
        Assert.Null(await store.Rounds.GetPollAsync(round.RoundId, 0));
        Assert.NotNull(await quiz.GetPendingPollAsync(round));
    }

    [Fact]
    public async Task An_unknown_poll_is_never_taken_for_a_group_s_daily_question()
    {
        var store = _db.Migrated();
        var quiz = Quiz(store);
        var (push, question) = await ClaimDailyPushAsync(store, quiz, chatId: -100_600);
        var pending = FirstDailyPoll(push, question, chatId: -100_600);
        await store.Daily.PrepareDailyPollAsync(pending); // then the process dies before storing the poll

        var served = new ServedQuestion(question, Ints.Parse(pending.OptionOrder));
        Assert.Equal(AnswerOutcome.UnknownPoll, (await quiz.AnswerAsync("stray-daily", 42, [served.CorrectServed[0]])).Outcome);
        Assert.Null(await store.Rounds.GetPollAsync(pending.RoundId, 0));
        Assert.Empty(await store.Answers.GetAnswersAsync(pending.RoundId));
    }

    [Fact]
    public async Task An_answer_to_a_daily_poll_whose_id_was_lost_counts_once_for_its_question_whichever_copy_is_answered()
    {
        var store = _db.Migrated();
        var quiz = Quiz(store);
        var (push, question) = await ClaimDailyPushAsync(store, quiz);
        var pending = FirstDailyPoll(push, question);
        Assert.False((await store.Daily.PrepareDailyPollAsync(pending)).Repeated);
        // Telegram created "orphan-daily"; the process died before storing it. The resumed push sends the question again,
        // with the same option order, and stores the copy.
        var again = await store.Daily.PrepareDailyPollAsync(pending with { OptionOrder = "0,1,2,3", CreatedAt = 3000 });
        Assert.True(again.Repeated);
        Assert.Null(again.Stored);
        Assert.Equal(pending.OptionOrder, again.Pending.OptionOrder);
        await store.Daily.AdvancePushAsync(42, push.Day, 1, new PollRecord
        {
            PollId = "copy-daily",
            RoundId = pending.RoundId,
            Seq = 0,
            ChatId = 42,
            MessageId = 7,
            QuestionId = question.Id,
            OptionOrder = again.Pending.OptionOrder,
            SentAt = 3000,
        }, keepPending: true);

        var served = new ServedQuestion(question, Ints.Parse(pending.OptionOrder));
        var orphan = await quiz.AnswerAsync("orphan-daily", 42, served.CorrectServed);
        Assert.Equal(AnswerOutcome.Counted, orphan.Outcome);
        Assert.True(orphan.Correct);
        Assert.Equal("copy-daily", orphan.Poll!.PollId);
        Assert.Equal(AnswerOutcome.Duplicate, (await quiz.AnswerAsync("copy-daily", 42, served.CorrectServed)).Outcome);
        Assert.Equal(AnswerOutcome.UnknownPoll, (await quiz.AnswerAsync("orphan-daily", 42, served.CorrectServed)).Outcome);
        var answers = await store.Answers.GetAnswersAsync(pending.RoundId);
        Assert.Equal(question.Id, Assert.Single(answers).QuestionId);
        // Someone else's answer to an unknown poll is not theirs to adopt: the pending row is 42's private push.
        Assert.Equal(AnswerOutcome.UnknownPoll, (await quiz.AnswerAsync("orphan-daily", 43, [0])).Outcome);
    }

    [Fact]
    public async Task An_orphaned_daily_poll_answered_before_the_push_resumes_becomes_the_question_s_poll_and_is_not_sent_again()
    {
        var store = _db.Migrated();
        var quiz = Quiz(store);
        var (push, question) = await ClaimDailyPushAsync(store, quiz);
        var pending = FirstDailyPoll(push, question);
        await store.Daily.PrepareDailyPollAsync(pending); // then the process dies before storing the poll

        var served = new ServedQuestion(question, Ints.Parse(pending.OptionOrder));
        var wrong = Enumerable.Range(0, served.Options.Count).First(i => !served.CorrectServed.Contains(i));
        var result = await quiz.AnswerAsync("orphan-daily", 42, [wrong]);
        Assert.Equal(AnswerOutcome.Counted, result.Outcome);
        Assert.False(result.Correct);
        Assert.Equal("orphan-daily", (await store.Rounds.GetPollAsync(pending.RoundId, 0))!.PollId);
        Assert.Equal("orphan-daily", (await store.Daily.PrepareDailyPollAsync(pending)).Stored?.PollId); // the resumed push skips it
    }
}

public sealed class AdoptionTestsOnSqlite() : AdoptionTests(StorageProvider.Sqlite);

public sealed class AdoptionTestsOnPostgres() : AdoptionTests(StorageProvider.Postgres);
