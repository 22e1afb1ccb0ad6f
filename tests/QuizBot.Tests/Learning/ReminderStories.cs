using Microsoft.Extensions.Hosting;
using QuizBot.Quizzes;
using QuizBot.Telegram;
using QuizBot.Tests.Daily;
using QuizBot.Tests.Fakes;
using Telegram.Bot.Types;

namespace QuizBot.Tests.Learning;

/// <summary>
/// The evening reminder (issue 14; docs/learning.md): one a day at most, from 20:00, only to a daily subscriber with a
/// streak of three days or more, never to one who has answered today; /daily remind off stops it.
/// </summary>
public sealed class ReminderStories : IAsyncLifetime
{
    private DailyHarness _h = null!;
    // Candidates are looked at in id order: Alice, the one to be reminded, comes last, so when her reminder has arrived
    // the others have been looked at too.
    private readonly User _bob = FakeBotApi.MakeUser(3001, "Bob");
    private readonly User _carol = FakeBotApi.MakeUser(3002, "Carol");
    private readonly User _alice = FakeBotApi.MakeUser(3003, "Alice");

    private static Chat Private(User u) => FakeBotApi.PrivateChat(u);

    private static bool IsReminder(SentMessage m) => m.PlainText.StartsWith("⏰ 学习提醒", StringComparison.Ordinal);

    public async Task InitializeAsync() => _h = await DailyHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private EveningReminder Reminder => _h.Bot!.Host.Services.GetServices<IHostedService>().OfType<EveningReminder>().Single();

    /// <summary>Pushes of <paramref name="day"/> (March) at 08:00, answered by <paramref name="answering"/> only.</summary>
    private async Task PushDayAsync(int day, IReadOnlyList<User> subscribers, IReadOnlyList<User> answering)
    {
        var after = _h.Api.CallCount;
        _h.AdvanceTo(day, 8, 0);
        foreach (var u in subscribers)
        {
            var (_, polls) = await _h.ReceivePushAsync(u.Id, after);
            if (!answering.Contains(u)) continue;
            var before = _h.Api.CallCount;
            foreach (var p in polls) _h.Api.AnswerPoll(p.PollId, u, [.. p.CorrectOptionIds]);
            await _h.Api.WaitForMessageAsync(u.Id, m => m.PlainText.Contains("今日学习完成"), after: before);
        }
    }

    private async Task SubscribeAsync(params User[] users)
    {
        foreach (var u in users) Assert.Contains("已开启", (await _h.Say(Private(u), u, "/daily 08:00")).PlainText);
    }

    [Fact]
    public async Task A_subscriber_with_a_three_day_streak_who_has_not_answered_gets_one_reminder_in_the_evening()
    {
        User[] all = [_alice, _bob, _carol];
        await SubscribeAsync(all);
        await PushDayAsync(2, all, [_alice, _carol]);
        await PushDayAsync(3, all, all);
        await PushDayAsync(4, all, all); // Alice and Carol: three days; Bob: two
        await PushDayAsync(5, all, [_carol]); // Carol answers on day 5, Alice and Bob do not

        var after = _h.Api.CallCount;
        _h.AdvanceTo(5, 19, 59);
        Assert.Equal(0, await Reminder.RunOnceAsync(CancellationToken.None)); // not before 20:00
        _h.AdvanceTo(5, 20, 0);
        var reminder = await _h.Api.WaitForMessageAsync(_alice.Id, IsReminder, after: after);
        Assert.Contains("连续学习 3 天", reminder.PlainText);
        Assert.Contains("/daily remind off", reminder.PlainText);
        Assert.DoesNotContain(_h.Api.MessagesTo(_bob.Id), m => m.CallIndex > after && IsReminder(m)); // a streak of two
        Assert.DoesNotContain(_h.Api.MessagesTo(_carol.Id), m => m.CallIndex > after && IsReminder(m)); // answered today

        // Later that evening: no second reminder.
        _h.AdvanceTo(5, 22, 30);
        Assert.Equal(0, await Reminder.RunOnceAsync(CancellationToken.None));
        Assert.Single(_h.Api.MessagesTo(_alice.Id), IsReminder);
    }

    [Fact]
    public async Task Daily_remind_off_stops_the_reminder_and_remind_on_brings_it_back()
    {
        await SubscribeAsync(_alice);
        for (var day = 2; day <= 4; day++) await PushDayAsync(day, [_alice], [_alice]);
        await PushDayAsync(5, [_alice], []);

        Assert.Contains("已关闭晚间学习提醒", (await _h.Say(Private(_alice), _alice, "/daily remind off")).PlainText);
        Assert.Contains("每天 08:00", (await _h.Say(Private(_alice), _alice, "/daily")).PlainText); // the push itself goes on
        _h.AdvanceTo(5, 20, 0);
        Assert.Equal(0, await Reminder.RunOnceAsync(CancellationToken.None));
        Assert.DoesNotContain(_h.Api.MessagesTo(_alice.Id), IsReminder);

        var after = _h.Api.CallCount;
        Assert.Contains("已开启晚间学习提醒", (await _h.Say(Private(_alice), _alice, "/daily 提醒 开启")).PlainText);
        _h.AdvanceTo(5, 20, 30);
        await _h.Api.WaitForMessageAsync(_alice.Id, IsReminder, after: after);
    }

    [Fact]
    public async Task Remind_off_in_a_group_points_to_the_private_chat()
    {
        var group = FakeBotApi.Group(-4343, "学习小组");
        Assert.Contains("私聊", (await _h.Say(group, _alice, "/daily remind off")).PlainText);
    }
}
