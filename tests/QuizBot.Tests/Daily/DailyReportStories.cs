using Dapper;
using QuizBot.Tests.Fakes;
using Telegram.Bot.Types;

namespace QuizBot.Tests.Daily;

/// <summary>The 报告问题 button under the daily push's closing message (issue 13; docs/question-bank.md).</summary>
public sealed class DailyReportStories : IAsyncLifetime
{
    private DailyHarness _h = null!;
    private readonly User _alice = FakeBotApi.MakeUser(1101, "Alice");

    public async Task InitializeAsync() => _h = await DailyHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_learner_reports_one_of_the_days_questions_from_the_daily_done_message()
    {
        var chat = FakeBotApi.PrivateChat(_alice);
        await _h.Say(chat, _alice, "/daily 08:00");
        var after = _h.Api.CallCount;
        _h.AdvanceTo(2, 8, 0);
        var (_, polls) = await _h.ReceivePushAsync(_alice.Id, after);
        after = _h.Api.CallCount;
        foreach (var p in polls) _h.Api.AnswerPoll(p.PollId, _alice, [.. p.CorrectOptionIds]);
        var done = await _h.Api.WaitForMessageAsync(_alice.Id, m => m.PlainText.Contains("今日学习完成"), after: after);

        after = _h.Api.CallCount;
        _h.Api.PressButton(chat, _alice, done.MessageId, Assert.Single(done.Buttons).CallbackData!);
        var which = await _h.Api.WaitForMessageAsync(_alice.Id, after: after);
        Assert.Equal(polls.Count, which.Buttons.Count);

        after = _h.Api.CallCount;
        _h.Api.PressButton(chat, _alice, which.MessageId, which.Buttons[^1].CallbackData!);
        Assert.Contains($"第 {polls.Count} 题", (await _h.Api.WaitForMessageAsync(_alice.Id, after: after)).PlainText);
        Assert.Contains("谢谢你的说明", (await _h.Say(chat, _alice, "解析里的人名写错了")).PlainText);

        using var c = _h.Db.Database.Open();
        var report = Assert.Single(c.Query<(string QuestionId, long UserId, string Note)>("SELECT question_id, user_id, note FROM reports"));
        var lastQuestion = c.QuerySingle<string>("SELECT question_id FROM polls WHERE poll_id = @id", new { id = polls[^1].PollId });
        Assert.Equal((lastQuestion, _alice.Id, "解析里的人名写错了"), report);
    }
}
