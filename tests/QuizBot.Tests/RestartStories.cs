using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

public abstract class RestartStories
{
    private readonly StorageProvider _provider;

    private protected RestartStories(StorageProvider provider) => _provider = provider;

    [Fact]
    public async Task A_restart_in_the_middle_of_a_quiz_keeps_every_answer_including_ones_sent_while_down()
    {
        using var db = new TempDatabase(_provider);
        await using var api = await FakeBotApi.StartAsync();
        var bob = FakeBotApi.MakeUser(2001, "Bob");

        var bot = await TestBot.StartAsync(api, db);
        api.SendText(FakeBotApi.PrivateChat(bob), bob, "/quiz 3");
        var first = await api.WaitForPollAsync(bob.Id);
        var after = api.CallCount;
        api.AnswerPoll(first.PollId, bob, [.. first.CorrectOptionIds]);
        var second = await api.WaitForPollAsync(bob.Id, after: after);
        await bot.DisposeAsync(); // SIGTERM-like stop

        // Bob answers while the bot is down; Telegram keeps the update until the bot confirms it.
        api.AnswerPoll(second.PollId, bob, [.. second.CorrectOptionIds]);
        after = api.CallCount;
        await using var restarted = await TestBot.StartAsync(api, db);
        var third = await api.WaitForPollAsync(bob.Id, after: after);
        Assert.StartsWith("【第3/3题】", third.Question);

        after = api.CallCount;
        api.AnswerPoll(third.PollId, bob, [.. third.CorrectOptionIds]);
        var summary = await api.WaitForMessageAsync(bob.Id, m => m.PlainText.Contains("答题完成"), after: after);
        Assert.Contains("3/3", summary.PlainText);
    }

    [Fact]
    public async Task Stopping_the_host_while_it_long_polls_takes_only_moments()
    {
        using var db = new TempDatabase(_provider);
        await using var api = await FakeBotApi.StartAsync();
        var bot = await TestBot.StartAsync(api, db, settings: new() { ["Telegram:PollTimeoutSeconds"] = "50" });
        // getUpdates is recorded when it returns; its requested offset is recorded as soon as the long poll begins.
        await api.WaitUntilAsync(() => api.IsLongPolling, "long polling", TimeSpan.FromSeconds(10));
        // Generous bound: the point is that stop does not wait for the 50 s long poll to end.
        await bot.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Polling_errors_back_off_are_logged_once_and_the_bot_recovers_by_itself()
    {
        using var db = new TempDatabase(_provider);
        await using var api = await FakeBotApi.StartAsync();
        api.FailNext("getUpdates", 502, "Bad Gateway", times: 3);
        await using var bot = await TestBot.StartAsync(api, db);
        var carol = FakeBotApi.MakeUser(2002, "Carol");
        api.SendText(FakeBotApi.PrivateChat(carol), carol, "/start");
        await api.WaitForMessageAsync(carol.Id, timeout: TimeSpan.FromSeconds(30));
        Assert.Single(bot.Logs.Lines, l => l.Text.StartsWith("getUpdates failed", StringComparison.Ordinal));
        Assert.Contains(bot.Logs.Lines, l => l.Text.StartsWith("Telegram is reachable again", StringComparison.Ordinal));
    }
}

public sealed class RestartStoriesOnSqlite() : RestartStories(StorageProvider.Sqlite);

public sealed class RestartStoriesOnPostgres() : RestartStories(StorageProvider.Postgres);
