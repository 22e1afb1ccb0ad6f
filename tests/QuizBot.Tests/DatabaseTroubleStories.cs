using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>
/// Issue 10, "the database under trouble": another process holds SQLite's write lock for a while (a real second connection
/// in BEGIN EXCLUSIVE), and the bot's commits are durable before Telegram hears they are done.
/// </summary>
public sealed class DatabaseTroubleStories(ITestOutputHelper output)
{
    private const string Outage = "The database is unavailable";

    /// <summary>SQLite's busy timeout on the bot's connections (Database.Open): how long one attempt waits for the lock.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);

    private static int Count(ListLoggerProvider logs, string text) => logs.Lines.Count(l => l.Text.Contains(text, StringComparison.Ordinal));

    private static string Recent(ListLoggerProvider logs) =>
        string.Join("\n", logs.Lines.Where(l => l.Level >= LogLevel.Information).TakeLast(15).Select(l => $"{l.Category}: {l.Text}"));

    private static async Task Until(Func<bool> done, string what, TimeSpan timeout, Action? step = null)
    {
        var clock = Stopwatch.StartNew();
        while (!done() && clock.Elapsed < timeout)
        {
            step?.Invoke();
            await Task.Delay(20);
        }
        Assert.True(done(), what);
    }

    /// <summary>
    /// Moves the bot's clock on in small steps until the poller looks at Telegram again (its retry after a held batch
    /// begins with a look at what waits there), and returns how far the clock had to move: the retry's delay.
    /// </summary>
    private static async Task<TimeSpan> UntilRetryAsync(FakeBotApi api, FakeTimeProvider time)
    {
        var calls = api.CallsTo("getUpdates").Count;
        var moved = TimeSpan.Zero;
        for (var i = 0; i < 1000 && api.CallsTo("getUpdates").Count == calls; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            moved += TimeSpan.FromMilliseconds(100);
            await Task.Delay(50);
        }
        Assert.True(api.CallsTo("getUpdates").Count > calls, "the held updates were not retried");
        return moved;
    }

    [Fact]
    public async Task While_another_process_holds_the_write_lock_each_attempt_gives_up_in_one_lock_wait_other_chats_are_answered_and_every_answer_counts_once()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        await using var bot = await TestBot.StartAsync(api, db, time: time, settings: new() { ["Quiz:QuestionSeconds"] = "600" });
        var admin = FakeBotApi.MakeUser(500, "管理员");
        var group = FakeBotApi.Group(-7101, "学习小组");
        api.SetAdmins(group.Id, admin.Id);
        api.SetMemberCount(group.Id, 100);
        api.SendText(group, admin, "/quiz 1");
        await Until(() => api.PollsTo(group.Id).Count > 0, "no question was sent", TimeSpan.FromSeconds(20),
            step: () => time.Advance(TimeSpan.FromMilliseconds(500)));
        var poll = api.PollsTo(group.Id)[0];
        // Two people elsewhere who have used the bot before: a learner in private, and another group's admin.
        var li = FakeBotApi.MakeUser(8301, "Li");
        var otherAdmin = FakeBotApi.MakeUser(8302, "另一个群的管理员");
        var otherGroup = FakeBotApi.Group(-7102, "另一个学习小组");
        api.SendText(FakeBotApi.PrivateChat(li), li, "/me");
        api.SendText(otherGroup, otherAdmin, "/top");
        await api.WaitForMessageAsync(li.Id, m => m.Text == Texts.NoRecordYet);
        await api.WaitForMessageAsync(otherGroup.Id, m => m.PlainText.StartsWith("🏆", StringComparison.Ordinal));
        await Until(() => api.PendingUpdateCount == 0, "the first commands were not stored", TimeSpan.FromSeconds(20));

        // Another process takes the write lock and keeps it through two of the bot's attempts.
        using var other = new SqliteConnection($"{db.ConnectionString};Pooling=False");
        other.Open();
        other.Execute("BEGIN EXCLUSIVE");
        var members = Enumerable.Range(0, 40).Select(i => FakeBotApi.MakeUser(30_000 + i, $"成员{i + 1}")).ToList();
        var after = api.CallCount;
        var attempt = Stopwatch.StartNew();
        api.Atomically(() =>
        {
            foreach (var member in members) api.AnswerPoll(poll.PollId, member, [.. poll.CorrectOptionIds]);
            api.SendText(FakeBotApi.PrivateChat(li), li, "/me");
            api.SendText(otherGroup, otherAdmin, "/top");
        });

        // The other chats' commands need only reads: answered while the lock is held, not told to wait.
        var me = await api.WaitForMessageAsync(li.Id, m => m.Text == Texts.NoRecordYet, after: after,
            timeout: TimeSpan.FromSeconds(30));
        var top = await api.WaitForMessageAsync(otherGroup.Id, m => m.PlainText.StartsWith("🏆", StringComparison.Ordinal), after: after,
            timeout: TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(api.MessagesTo(li.Id), m => m.Text == Texts.StorageUnavailable);
        Assert.DoesNotContain(api.MessagesTo(otherGroup.Id), m => m.Text == Texts.StorageUnavailable);

        // The batch cannot be stored in the inbox, so its offset stays put (nothing is confirmed to Telegram); it is handed to
        // its lanes anyway, where the answers' writes give up after one wait for the lock, not one per answer (5 s × 41
        // before): two waits in all, the inbox's and the answers'.
        await Until(() => Count(bot.Logs, Outage) > 0 && Count(bot.Logs, "waits for storage") >= members.Count,
            $"the locked attempt did not give up in time\n{Recent(bot.Logs)}", TimeSpan.FromSeconds(60));
        var firstAttempt = attempt.Elapsed;
        output.WriteLine($"first locked attempt given up after {firstAttempt.TotalSeconds:N2} s");
        Assert.True(firstAttempt < 4 * LockWait, $"giving up the locked attempt took {firstAttempt}");
        Assert.Contains("locked", bot.Logs.Lines.First(l => l.Text.StartsWith(Outage, StringComparison.Ordinal)).Text, StringComparison.Ordinal);
        Assert.Equal(members.Count, Count(bot.Logs, "waits for storage")); // each person's answer held once, nothing else
        Assert.True(api.PendingUpdateCount >= members.Count); // not confirmed to Telegram
        using (var reader = db.Database.Open()) // and the database can still be read
            Assert.Equal(0, reader.ExecuteScalar<long>("SELECT COUNT(*) FROM answers WHERE poll_id = @PollId", new { poll.PollId }));

        // The retry comes 1 s later on the bot's clock, meets the lock again, and gives up as quickly. (The clock may move
        // on a little before the poller starts waiting on it: the upper bounds leave room for that on a busy machine.)
        Assert.InRange(await UntilRetryAsync(api, time), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        attempt.Restart();
        await Until(() => Count(bot.Logs, "waits for storage") >= 2 * members.Count, "the second attempt did not give up in time",
            TimeSpan.FromSeconds(60));
        output.WriteLine($"second locked attempt given up after {attempt.Elapsed.TotalSeconds:N2} s");
        Assert.True(attempt.Elapsed < 4 * LockWait, $"giving up the second locked attempt took {attempt.Elapsed}");

        // The other process lets go; the next retry, 2 s later, stores every answer.
        other.Execute("ROLLBACK");
        Assert.InRange(await UntilRetryAsync(api, time), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        // The inbox is stored at the poller's retry; the lanes holding the answers retry on their own timers (1, 2, 4 s … on
        // the bot's clock), so the clock moves on until they have stored them and said the database is back.
        await Until(() => api.PendingUpdateCount == 0 && bot.Logs.Lines.Any(l => l.Text.StartsWith("The database is available again", StringComparison.Ordinal)),
            $"the held answers were not stored\n{Recent(bot.Logs)}", TimeSpan.FromSeconds(30), step: () => time.Advance(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(1, Count(bot.Logs, Outage));
        Assert.Equal(Texts.NoRecordYet, me.Text);
        Assert.StartsWith("🏆", top.PlainText, StringComparison.Ordinal);
        using var connection = db.Database.Open();
        var rows = connection.Query<long>("SELECT user_id FROM answers WHERE poll_id = @PollId", new { poll.PollId }).ToList();
        Assert.Equal(members.Select(m => m.Id).Order(), rows.Order()); // every member once: none lost, none twice
        Assert.Equal(members.Count, connection.ExecuteScalar<long>(
            "SELECT SUM(answered) FROM score_totals WHERE scope = @Id AND period = 'a'", new { group.Id }));
    }

    [Fact]
    public async Task An_answer_is_confirmed_to_Telegram_only_after_a_commit_that_survives_a_power_cut()
    {
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        await using var bot = await TestBot.StartAsync(api, db);
        var lin = FakeBotApi.MakeUser(8401, "Lin");
        api.SendText(FakeBotApi.PrivateChat(lin), lin, "/quiz 2");
        var first = await api.WaitForPollAsync(lin.Id);
        var answer = api.AnswerPoll(first.PollId, lin, [.. first.CorrectOptionIds]);
        await Until(() => api.RequestedOffsets.Any(o => o > answer.Id), "the answer was not confirmed", TimeSpan.FromSeconds(20));
        await api.WaitForPollAsync(lin.Id, p => p.PollId != first.PollId);

        // Telegram has forgotten the answer now, so it must be on the disk, not only in the OS's cache: in WAL mode
        // synchronous=FULL syncs the log at every commit, NORMAL only at checkpoints (a power cut loses the commits since).
        // Every SQLite handle the bot keeps, the group commit's among them (it goes back to the pool when idle), says FULL.
        var database = bot.Host.Services.GetRequiredService<Database>();
        var connections = Enumerable.Range(0, 16).Select(_ => database.Open()).ToList();
        try
        {
            foreach (var c in connections)
            {
                Assert.Equal("wal", c.ExecuteScalar<string>("PRAGMA journal_mode"));
                Assert.Equal(2, c.ExecuteScalar<long>("PRAGMA synchronous")); // 2: FULL
            }
        }
        finally
        {
            foreach (var c in connections) c.Dispose();
        }
        using var check = db.Database.Open();
        Assert.Equal(1, check.ExecuteScalar<long>("SELECT COUNT(*) FROM answers WHERE user_id = @Id", new { lin.Id }));
    }
}
