using System.Globalization;
using Dapper;
using QuizBot.Storage;
using QuizBot.Tests.Daily;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

/// <summary>
/// Issue 12's proof: three instances of the real bot (separate processes) in webhook mode on one PostgreSQL, the fake Bot
/// API posting each update to them in turn as a load balancer would (<see cref="Cluster"/>), the leader killed with
/// SIGKILL and replaced by a new process on its port. Nothing is lost, nothing counted twice, at most one message repeated
/// per kill, and all instances together stay within Telegram's limits.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class ClusterStories
{
    /// <summary>Three .NET processes starting at once on a busy 2-core machine, and a replacement after each kill.</summary>
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    private static readonly User Admin = FakeBotApi.MakeUser(700, "管理员");

    [Fact]
    public async Task Forged_webhook_calls_to_any_of_three_instances_get_401_413_or_400_and_change_nothing()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var db = new TempDatabase(StorageProvider.Postgres);
        using var cluster = Cluster.Start(api, db, instances: 3);
        await cluster.WaitForLeaderAsync(Startup);
        var before = api.CallCount;

        foreach (var address in cluster.Addresses) await WebhookStories.ForgeCallsAsync(address);

        Assert.Equal((0, 0), await WebhookStories.StoredAsync(db)); // no inbox row, no update_seen mark
        Assert.DoesNotContain(api.Calls.Skip(before), c => c.Method is "sendMessage" or "sendPoll");
        // The instances still take real updates, whichever one Telegram's call reaches: by then a reply to a forged call
        // would have been sent.
        var bob = FakeBotApi.MakeUser(502, "Bob");
        foreach (var _ in cluster.Addresses)
        {
            var after = api.CallCount;
            api.SendText(FakeBotApi.PrivateChat(bob), bob, "/help");
            await api.WaitForMessageAsync(bob.Id, after: after, timeout: TimeSpan.FromSeconds(30));
        }
        Assert.Equal(3, api.Deliveries.Where(d => d.Status == 200).Select(d => d.Target).Distinct().Count());
        Assert.Empty(api.MessagesTo(501)); // Alice, whose /start every forged call carried
        Assert.Equal(3, (await WebhookStories.StoredAsync(db)).Seen);
    }
}
