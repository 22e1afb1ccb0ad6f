using Microsoft.Extensions.Time.Testing;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>Telegram misbehaving: long 429s, proxy errors with HTML bodies, timeouts, an unreachable API, a second poller.</summary>
public sealed class TelegramFaultStories
{
    private static readonly global::Telegram.Bot.Types.User Zoe = FakeBotApi.MakeUser(8001, "Zoe");
    private static readonly string Secret = FakeBotApi.Token.Split(':')[1];

    private static void AssertTokenNeverLogged(TestBot bot) =>
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Text.Contains(Secret, StringComparison.Ordinal));

    [Fact]
    public async Task A_429_asking_for_longer_than_the_clients_own_retry_threshold_is_waited_out()
    {
        using var db = new TempDatabase();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = await FakeBotApi.StartAsync();
        await using var bot = await TestBot.StartAsync(api, db, time: time);
        api.FailNext("sendMessage", 429, "Too Many Requests: retry after 90", retryAfter: 90);
        api.SendText(FakeBotApi.PrivateChat(Zoe), Zoe, "/start");
        await api.WaitForCallAsync("sendMessage", c => c.StatusCode == 429);
        await Task.Delay(200);
        Assert.Empty(api.MessagesTo(Zoe.Id)); // still waiting: Telegram asked for 90 s
        time.Advance(TimeSpan.FromSeconds(91));
        var reply = await api.WaitForMessageAsync(Zoe.Id);
        Assert.Contains("学习答题助手", reply.PlainText);
        AssertTokenNeverLogged(bot);
    }

    [Fact]
    public async Task A_502_with_an_html_body_is_retried_and_the_reply_arrives_once()
    {
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        await using var bot = await TestBot.StartAsync(api, db);
        api.FailNextWithHtml("sendMessage", 502, times: 2);
        api.SendText(FakeBotApi.PrivateChat(Zoe), Zoe, "/help");
        var reply = await api.WaitForMessageAsync(Zoe.Id);
        Assert.Contains("/quiz", reply.PlainText);
        Assert.Single(api.MessagesTo(Zoe.Id));
        AssertTokenNeverLogged(bot);
    }

    [Fact]
    public async Task A_send_that_times_out_is_not_repeated_blindly_and_the_bot_carries_on()
    {
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = await TestBot.StartAsync(api, db, time: time, settings: new() { ["Telegram:RequestTimeoutSeconds"] = "3" });
        api.DelayNext("sendPoll", TimeSpan.FromSeconds(6));
        api.SendText(FakeBotApi.PrivateChat(Zoe), Zoe, "/quiz 2");
        var slow = await api.WaitForCallAsync("sendPoll", timeout: TimeSpan.FromSeconds(20)); // delivered late, after the bot gave up
        await Task.Delay(500);
        Assert.Single(api.CallsTo("sendPoll"));
        Assert.Contains(bot.Logs.Lines, l => l.Text.Contains("not retried", StringComparison.Ordinal));

        // The question never confirmed: a little later, /quiz says a quiz is running and sends the question again.
        time.Advance(TimeSpan.FromSeconds(11));
        var after = api.CallCount;
        api.SendText(FakeBotApi.PrivateChat(Zoe), Zoe, "/quiz");
        var again = await api.WaitForPollAsync(Zoe.Id, after: after);
        Assert.NotEqual(slow.Index, again.CallIndex);
        Assert.StartsWith("【第1/2题】", again.Question);
        AssertTokenNeverLogged(bot);
    }

    [Fact]
    public async Task An_unreachable_api_is_retried_with_backoff_logged_once_and_the_bot_recovers_by_itself()
    {
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        await using var bot = await TestBot.StartAsync(api, db);
        for (var i = 0; i < 400 && api.RequestedOffsets.Count == 0; i++) await Task.Delay(25); // polling has begun
        api.Unreachable = true;
        await Task.Delay(TimeSpan.FromSeconds(4));
        var attemptsWhileDown = api.RequestedOffsets.Count;
        api.Unreachable = false;
        api.SendText(FakeBotApi.PrivateChat(Zoe), Zoe, "/start");
        await api.WaitForMessageAsync(Zoe.Id, timeout: TimeSpan.FromSeconds(30));
        Assert.True(bot.Logs.Lines.Count(l => l.Text.StartsWith("getUpdates failed", StringComparison.Ordinal)) == 1,
            string.Join("\n", bot.Logs.Lines.Where(l => l.Category.StartsWith("QuizBot")).Select(l => $"{l.Level} {l.Category}: {l.Text}")));
        Assert.Contains(bot.Logs.Lines, l => l.Text.StartsWith("Telegram is reachable again", StringComparison.Ordinal));
        Assert.True(attemptsWhileDown < 20, $"{attemptsWhileDown} polls in 4 s: no backoff");
        AssertTokenNeverLogged(bot);
    }

    [Fact]
    public async Task A_409_from_another_instance_polling_is_logged_once_and_polling_resumes()
    {
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        api.FailNext("getUpdates", 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", times: 3);
        await using var bot = await TestBot.StartAsync(api, db);
        api.SendText(FakeBotApi.PrivateChat(Zoe), Zoe, "/start");
        await api.WaitForMessageAsync(Zoe.Id, timeout: TimeSpan.FromSeconds(30));
        Assert.Single(bot.Logs.Lines, l => l.Text.StartsWith("getUpdates failed", StringComparison.Ordinal) && l.Text.Contains("409 Conflict", StringComparison.Ordinal));
        AssertTokenNeverLogged(bot);
    }

    [Fact]
    public async Task A_rejected_token_stops_nothing_but_is_reported_without_the_token()
    {
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        api.FailNext("getUpdates", 401, "Unauthorized", times: 2);
        await using var bot = await TestBot.StartAsync(api, db);
        api.SendText(FakeBotApi.PrivateChat(Zoe), Zoe, "/start");
        await api.WaitForMessageAsync(Zoe.Id, timeout: TimeSpan.FromSeconds(30));
        Assert.Contains(bot.Logs.Lines, l => l.Text.Contains("401 Unauthorized", StringComparison.Ordinal));
        AssertTokenNeverLogged(bot);
    }
}
