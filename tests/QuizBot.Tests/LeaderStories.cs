using System.Diagnostics;
using System.Net;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using QuizBot.Storage;
using QuizBot.Telegram;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

/// <summary>
/// Issue 12: several instances on one PostgreSQL elect a leader, which alone handles updates (webhook calls stored by any
/// instance, or getUpdates in polling mode), runs rounds and daily pushes and sets the webhook; a follower takes over within
/// 10 s when the leader dies; a leader that lost its lock while paused is refused in the transaction of its next write (the
/// fencing epoch).
/// </summary>
public sealed class LeaderStories
{
    private static readonly User Alice = WebhookStories.Alice; // the sender of WebhookStories.StartUpdate
    private static readonly User Bob = FakeBotApi.MakeUser(802, "Bob");

    private static Leadership LeadershipOf(TestBot bot) => bot.Host.Services.GetRequiredService<Leadership>();

    private static PostgresLeaderElection ElectionOf(TestBot bot) =>
        bot.Host.Services.GetServices<IHostedService>().OfType<PostgresLeaderElection>().Single();

    [Fact]
    public async Task A_follower_takes_over_within_ten_seconds_when_the_leader_process_is_killed_and_nothing_is_set_twice()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var db = new TempDatabase(StorageProvider.Postgres);
        var port = Cluster.FreePort();
        var settings = TestBot.WebhookSettings().ToDictionary(kv => kv.Key, kv => kv.Value!);
        settings["Urls"] = $"http://127.0.0.1:{port}";
        var leaderAddress = $"http://127.0.0.1:{port}";
        api.RouteWebhooksTo(leaderAddress);

        using var leader = BotProcess.Start(api, db, settings);
        await api.WaitForCallAsync("setWebhook", timeout: TimeSpan.FromSeconds(30));
        await using var follower = await TestBot.StartAsync(api, db, settings: TestBot.WebhookSettings());
        api.RouteWebhooksTo(leaderAddress, follower.WebhookAddress); // the load balancer, round-robin
        Assert.False(LeadershipOf(follower).IsLeader);
        await follower.Host.Services.GetRequiredService<WebhookIntake>().Accepting.WaitAsync(TimeSpan.FromSeconds(20));
        // A follower is healthy: it stores what it is posted, and the leader handles it.
        Assert.Equal((HttpStatusCode.OK, "follower"), await Cluster.HealthAsync(follower.WebhookAddress));

        using (var http = WebhookStories.Client())
        using (var r = await http.SendAsync(WebhookStories.Post(follower, WebhookStories.StartUpdate(900_100)))) // Alice's /start
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await api.WaitForMessageAsync(Alice.Id, timeout: TimeSpan.FromSeconds(20)); // the leader process answered it
        Assert.Equal(0, follower.Host.Services.GetRequiredService<UpdateLanes>().Pending);
        Assert.Equal("leader", (await Cluster.HealthAsync(leaderAddress)).Role);
        leader.Kill(); // SIGKILL
        var clock = Stopwatch.StartNew();
        await follower.Host.Services.GetRequiredService<WebhookIntake>().Ready.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took over in {clock.Elapsed}");
        Assert.Equal(2, LeadershipOf(follower).Epoch);
        Assert.Equal((HttpStatusCode.OK, "leader"), await Cluster.HealthAsync(follower.WebhookAddress));

        api.SendText(FakeBotApi.PrivateChat(Bob), Bob, "/start");
        await api.WaitForMessageAsync(Bob.Id, timeout: TimeSpan.FromSeconds(20));
        await api.WaitUntilHandledAsync(timeout: TimeSpan.FromSeconds(20));
        // Killed right after its reply: if its inbox row was not yet deleted, the new leader answers once more (at most one
        // repeat per kill, as the issue allows).
        Assert.InRange(api.MessagesTo(Alice.Id).Count, 1, 2);
        Assert.Single(api.MessagesTo(Bob.Id));
        Assert.Single(api.CallsTo("setWebhook")); // the new leader found Telegram already set as configured
    }

    [Fact]
    public async Task A_paused_leader_that_lost_its_lock_is_refused_in_the_transaction_of_its_next_write()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var db = new TempDatabase(StorageProvider.Postgres);
        // The first leader's clock never moves: it never checks its lock again, as if paused (GC, a stopped VM).
        var paused = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var stale = await TestBot.StartAsync(api, db, settings: TestBot.WebhookSettings(), time: paused);
        await LeadershipOf(stale).Acquired.WaitAsync(TimeSpan.FromSeconds(20));
        await stale.Host.Services.GetRequiredService<WebhookIntake>().Ready.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, LeadershipOf(stale).Epoch);

        // Its lock connection is cut (the network, the server): the lock is free, and another instance takes it.
        await using (var c = db.Storage.Connect())
            Assert.True(await c.ExecuteScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", new { pid = ElectionOf(stale).LockBackendPid!.Value }));
        await using var next = await TestBot.StartAsync(api, db, settings: TestBot.WebhookSettings());
        await LeadershipOf(next).Acquired.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, LeadershipOf(next).Epoch);
        Assert.True(LeadershipOf(stale).IsLeader); // it still believes it leads

        // Its next durable step (every write goes through the one writer) is refused in its own transaction.
        var chats = stale.Host.Services.GetRequiredService<ChatStore>();
        await Assert.ThrowsAsync<StaleLeadershipException>(() => chats.SetStateAsync("fencing.probe", "stale"));
        // An update posted to it is not stored (so not acknowledged: Telegram delivers it again, to the new leader).
        using var http = WebhookStories.Client();
        using (var r = await http.SendAsync(WebhookStories.Post(stale, WebhookStories.StartUpdate(900_500))))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        await using (var c = db.Storage.Connect())
        {
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM bot_state WHERE key = 'fencing.probe'"));
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM update_seen WHERE update_id = 900500"));
        }
        // The new leader's writes go through.
        await next.Host.Services.GetRequiredService<ChatStore>().SetStateAsync("fencing.probe", "current");
    }

    [Fact]
    public async Task In_polling_mode_only_the_leader_calls_getUpdates_and_a_follower_polls_once_it_is_gone()
    {
        using var db = new TempDatabase(StorageProvider.Postgres);
        // Two fake Telegrams tell the instances' calls apart: the follower's never sees getUpdates while the other leads.
        await using var first = await FakeBotApi.StartAsync();
        await using var second = await FakeBotApi.StartAsync();
        var leader = await TestBot.StartAsync(first, db);
        await LeadershipOf(leader).Acquired.WaitAsync(TimeSpan.FromSeconds(20));
        await first.WaitForCallAsync("getUpdates", timeout: TimeSpan.FromSeconds(20));
        await using var follower = await TestBot.StartAsync(second, db);
        // It waits: the election tries every second, and the leader's getUpdates go on meanwhile.
        await follower.Logs.WaitForLineAsync("Another instance leads", TimeSpan.FromSeconds(20));
        var polled = first.CallsTo("getUpdates").Count;
        await first.WaitUntilAsync(() => first.CallsTo("getUpdates").Count >= polled + 2, "the leader polling on", TimeSpan.FromSeconds(20));
        Assert.False(LeadershipOf(follower).IsLeader);
        Assert.Empty(second.CallsTo("getUpdates"));

        second.SendText(FakeBotApi.PrivateChat(Bob), Bob, "/start"); // waits at "Telegram" until someone polls
        await leader.DisposeAsync(); // stopped: its lock goes with its connection
        await LeadershipOf(follower).Acquired.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, LeadershipOf(follower).Epoch);
        await second.WaitForMessageAsync(Bob.Id, timeout: TimeSpan.FromSeconds(20));
        Assert.Single(second.MessagesTo(Bob.Id));
    }
}
