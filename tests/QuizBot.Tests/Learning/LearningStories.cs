using QuizBot.Tests.Daily;
using QuizBot.Tests.Fakes;
using Telegram.Bot.Types;

namespace QuizBot.Tests.Learning;

/// <summary>A private quiz chosen for the person, /review and mastery in /me (issue 14; docs/learning.md).</summary>
public sealed class LearningStories : IAsyncLifetime
{
    private DailyHarness _h = null!;
    private readonly User _alice = FakeBotApi.MakeUser(4001, "Alice");

    private Chat Private => FakeBotApi.PrivateChat(_alice);

    private static readonly int BankSize =
        Core.Questions.QuestionBank.Load(Path.Combine(Support.TestBot.RepoRoot(), "questions")).Bank!.Approved.Count;

    public async Task InitializeAsync() => _h = await DailyHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>A private quiz of <paramref name="count"/>, answered right except the positions in <paramref name="wrong"/>; the question texts.</summary>
    private async Task<List<string>> QuizAsync(int count, params int[] wrong)
    {
        var after = _h.Api.CallCount;
        _h.Api.SendText(Private, _alice, $"/quiz {count}");
        var asked = new List<string>();
        for (var n = 1; n <= count; n++)
        {
            var poll = await _h.Api.WaitForPollAsync(_alice.Id, after: after);
            asked.Add(poll.Question[$"【第{n}/{count}题】".Length..]);
            after = _h.Api.CallCount;
            _h.Api.AnswerPoll(poll.PollId, _alice, wrong.Contains(n) ? [DailyHarness.Wrong(poll)] : [.. poll.CorrectOptionIds]);
        }
        await _h.Api.WaitForMessageAsync(_alice.Id, m => m.PlainText.Contains("答题完成"), after: after);
        return asked;
    }

    [Fact]
    public async Task A_miss_opens_the_next_days_quiz_and_questions_answered_right_are_left_alone_while_me_counts_them_mastered()
    {
        var monday = await QuizAsync(3, wrong: 2);
        var me = (await _h.Say(Private, _alice, "/me")).PlainText;
        Assert.Contains($"已掌握 2 / {BankSize} 题", me);
        Assert.Contains("下一道明天到期", me);

        _h.AdvanceTo(3, 9, 0);
        var review = (await _h.Say(Private, _alice, "/me")).PlainText;
        Assert.Contains("现在有 1 道题到期复习", review);

        var tuesday = await QuizAsync(3);
        Assert.Equal(monday[1], tuesday[0]); // the due miss first
        Assert.DoesNotContain(monday[0], tuesday); // answered right yesterday: not due, not asked again
        Assert.DoesNotContain(monday[2], tuesday);
        Assert.Contains($"已掌握 5 / {BankSize} 题", (await _h.Say(Private, _alice, "/me")).PlainText);
    }

    [Fact]
    public async Task Review_says_how_many_are_due_and_when_the_next_comes_due()
    {
        await QuizAsync(3, wrong: [1, 3]);
        Assert.Contains("下一道明天到期", (await _h.Say(Private, _alice, "/review")).PlainText);
        _h.AdvanceTo(3, 9, 0);
        var intro = (await _h.Say(Private, _alice, "/review")).PlainText;
        Assert.Contains("共 2 道到期", intro);
        Assert.Contains("之后的下一道明天到期", intro); // the question answered right on Monday: S0(Good) ≈ 2.3 days, due Wednesday
    }
}
