using QuizBot.Core.Questions;
using QuizBot.Core.Quizzes;
using QuizBot.Play;
using QuizBot.Quizzes;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

public sealed class TerminalPlayTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private (TerminalPlay Play, StringWriter Output, QuizService Quiz) Create(string input, int seed = 1)
    {
        var store = _db.Migrated();
        var bank = QuestionBank.Load(Path.Combine(TestBot.RepoRoot(), "questions")).Bank!;
        var options = Microsoft.Extensions.Options.Options.Create(new Configuration.QuizOptions());
        var planner = new QuizPlanner(new Random(seed));
        var quiz = Services.Quiz(store, bank, planner, options);
        var chats = new ChatService(store.Chats, store.People, TimeProvider.System);
        var scores = new ScoreService(store.Scores, store.Tallies, store.Answers, store.People, bank, TimeProvider.System, options, quiz.Learning);
        var output = new StringWriter();
        return (new TerminalPlay(quiz, chats, scores, new StringReader(input), output), output, quiz);
    }

    [Fact]
    public async Task A_terminal_round_reprompts_on_bad_input_and_shows_the_summary_and_record()
    {
        var (play, output, _) = Create("2\nx\n0\n1\n1\nme\nq\n");
        Assert.Equal(0, await play.RunAsync(CancellationToken.None));
        var text = output.ToString();
        Assert.Contains("【第1/2题】", text);
        Assert.Contains("输入无效", text);
        Assert.Contains("答题完成", text);
        Assert.Contains("答题数：2", text);
        Assert.Contains("再见", text);
    }

    [Fact]
    public async Task Leaving_mid_round_keeps_the_answers_and_the_next_session_resumes()
    {
        var (play, _, _) = Create("3\n1\n");
        await play.RunAsync(CancellationToken.None); // input ends after one answer
        var (again, output, _) = Create("1\n1\n1\nme\nq\n");
        await again.RunAsync(CancellationToken.None);
        var text = output.ToString();
        Assert.Contains("继续上次未完成的一轮答题", text);
        Assert.Contains("【第2/3题】", text);
        Assert.Contains("答题数：3", text);
    }

    [Fact]
    public async Task A_count_and_answers_typed_in_full_width_digits_are_understood()
    {
        var (play, output, _) = Create("２\n１\n　１　\nｍｅ\nｑ\n");
        Assert.Equal(0, await play.RunAsync(CancellationToken.None));
        var text = output.ToString();
        Assert.Contains("【第1/2题】", text);
        Assert.DoesNotContain("输入无效", text);
        Assert.DoesNotContain("请输入 1–20 之间的数字", text);
        Assert.Contains("答题完成", text);
        Assert.Contains("答题数：2", text);
    }

    [Fact]
    public async Task Q_during_a_question_ends_the_round_with_its_summary()
    {
        var (play, output, _) = Create("5\nq\nq\n");
        await play.RunAsync(CancellationToken.None);
        Assert.Contains("答题已结束", output.ToString());
    }
}
