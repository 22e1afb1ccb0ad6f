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
        var time = new WatchedClock(DateTimeOffset.UtcNow);
        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions { TimeProvider = time });
        await using var bot = await TestBot.StartAsync(api, db, time: time);
        api.FailNext("sendMessage", 429, "Too Many Requests: retry after 90", retryAfter: 90);
        api.SendText(FakeBotApi.PrivateChat(Zoe), Zoe, "/start");
        var refused = await api.WaitForCallAsync("sendMessage", c => c.StatusCode == 429);
        await time.WaitForWaitAsync(TimeSpan.FromSeconds(90)); // the bot waits on its clock for what Telegram asked
        Assert.Empty(api.MessagesTo(Zoe.Id));
        time.Advance(TimeSpan.FromSeconds(90));
        var reply = await api.WaitForMessageAsync(Zoe.Id);
        // Sent by the fake's clock (the bot's too) no earlier than 90 s after the 429: it was not retried before.
        Assert.True(api.Calls[reply.CallIndex].At - refused.At >= TimeSpan.FromSeconds(90), $"{refused.At:O} → {api.Calls[reply.CallIndex].At:O}");
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
        var quiz = api.SendText(FakeBotApi.PrivateChat(Zoe), Zoe, "/quiz 2");
        var slow = await api.WaitForCallAsync("sendPoll", timeout: TimeSpan.FromSeconds(20)); // delivered late, after the bot gave up
        // A retry would come from the /quiz handler, before the bot asks for the next updates.
        await api.WaitUntilHandledAsync(quiz, timeout: TimeSpan.FromSeconds(20));
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
        var time = new WatchedClock(DateTimeOffset.UtcNow);
        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions { TimeProvider = time });
        await using var bot = await TestBot.StartAsync(api, db, time: time);
        await api.WaitUntilAsync(() => api.RequestedOffsets.Count > 0, "polling");
        // The menus are published beside polling, with a backoff of their own on the same clock: let them finish first, so
        // the waits below are the poller's (on a busy machine they were still going when the API went away).
        await api.WaitUntilAsync(() => api.CallsTo("setMyCommands").Count >= 2, "the menus");
        api.Unreachable = true;
        // Each failed getUpdates is followed by a wait on the bot's clock, doubling: 1, 2, 4 s. Time moves only once the
        // bot waits, so every attempt is stamped with the fake time it was made at.
        var waits = time.Waits.Count;
        foreach (var backoff in new[] { 1, 2, 4 })
        {
            waits = await time.WaitForWaitAsync(TimeSpan.FromSeconds(backoff), after: waits, timeout: TimeSpan.FromSeconds(30)) + 1;
            time.Advance(TimeSpan.FromSeconds(backoff));
        }
        // (The HTTP stack may try one request twice on a fresh connection: attempts are told apart by their time.)
        await api.WaitUntilAsync(() => api.RefusedConnections.Distinct().Count() >= 4, "four attempts");
        var attempts = api.RefusedConnections.Distinct().ToList();
        api.Unreachable = false;
        await time.WaitForWaitAsync(TimeSpan.FromSeconds(8), after: waits, timeout: TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(8));
        api.SendText(FakeBotApi.PrivateChat(Zoe), Zoe, "/start");
        await api.WaitForMessageAsync(Zoe.Id, timeout: TimeSpan.FromSeconds(30));
        Assert.True(bot.Logs.Lines.Count(l => l.Text.StartsWith("getUpdates failed", StringComparison.Ordinal)) == 1,
            string.Join("\n", bot.Logs.Lines.Where(l => l.Category.StartsWith("QuizBot")).Select(l => $"{l.Level} {l.Category}: {l.Text}")));
        Assert.Contains(bot.Logs.Lines, l => l.Text.StartsWith("Telegram is reachable again", StringComparison.Ordinal));
        // No attempt without the clock having moved by the backoff: 1, 2 and 4 s between the first four.
        Assert.Equal([1.0, 2.0, 4.0], attempts.Take(4).Zip(attempts.Skip(1).Take(3), (a, b) => (b - a).TotalSeconds));
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
