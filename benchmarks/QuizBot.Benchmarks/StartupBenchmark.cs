using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using QuizBot.Core.Questions;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;

namespace QuizBot.Benchmarks;

/// <summary>
/// The real bot (QuizBot.dll, as deployed) started as a child process against the fake Bot API and the generated data set:
/// the time from process start to its first getUpdates (the full bank validated, the schema checked), then its resident
/// memory while it serves a mixed load (/top, /me with charts, group answers) and after it settles.
/// </summary>
internal static class StartupBenchmark
{
    public sealed record Result(IReadOnlyList<double> StartSeconds, double LoadRssMb, double SteadyRssMb, double PeakRssMb, BenchTable Table);

    /// <param name="botDll">The QuizBot.dll to start (--bot), e.g. a ReadyToRun publish; default: this configuration's build output.</param>
    /// <param name="environment">More environment for the bot process (runtime and allocator settings: memory-settings).</param>
    public static async Task<Result> RunAsync(ScoreDataSet data, string folder, string? botDll = null, int starts = 3,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = ScoreBench.RepoRoot();
        var bank = QuestionBank.Load(Path.Combine(root, "questions")).Bank!;
        var run = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 100_000; // fresh rounds and polls on a kept data set (--data)
        // The rounds of earlier runs on a kept data set (--data) are a day long: end them, or each run would add 20 rounds
        // that the bot's clock steps every second (39 runs had left 780 running, a load this benchmark is not about).
        using (var c = data.Database.Open())
            c.Execute("UPDATE rounds SET status = 'finished', ended_at = @now WHERE status = 'running'",
                new { now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        var polls = await ScoreBench.CreateGroupPollsAsync(data.Database, bank, groups: 20, pollsPerGroup: 10,
            chatId: g => -1_002_000_000_000 - run * 100 - g, firstQuestion: g => g, pollId: (g, p) => $"startup-{run}-{g}-{p}");
        using (var c = data.Database.Open())
            c.Execute("DELETE FROM bot_state WHERE key = 'telegram.offset'"); // a kept data set remembers an earlier run's fake
        SqliteConnection.ClearAllPools(); // the child opens the file itself
        await using var api = await FakeBotApi.StartAsync();
        var contentRoot = Directory.CreateDirectory(Path.Combine(folder, "run")).FullName; // no appsettings.json here

        var startSeconds = new List<double>();
        Process? bot = null;
        for (var i = 0; i < starts; i++)
        {
            bot?.Kill(entireProcessTree: true);
            bot?.WaitForExit();
            bot?.Dispose();
            var after = api.CallCount;
            var clock = Stopwatch.StartNew();
            bot = StartBot(api, data.Database, contentRoot, botDll, environment);
            await api.WaitForCallAsync("getUpdates", timeout: TimeSpan.FromSeconds(60), after: after);
            startSeconds.Add(clock.Elapsed.TotalSeconds);
            Console.WriteLine($"  start {i + 1}: first getUpdates after {clock.Elapsed.TotalSeconds:0.00} s");
        }

        // A mixed load: 20,000 group answers, 500 /top and 300 /me (each with its chart) in private chats, 200 /top in groups.
        var random = new Random(11);
        var samples = new List<double>();
        var peakDuringLoad = 0.0;
        long User() => 1 + random.NextInt64(data.Users);
        for (var p = 0; p < 10; p++)
            for (var m = 0; m < 100; m++)
                for (var g = 0; g < polls.Count; g++)
                    api.AnswerPoll(polls[g][p], FakeBotApi.MakeUser(5_000_000 + g * 100 + m, $"成员{m}"), 0);
        for (var i = 0; i < 500; i++) Command(api, User(), "/top all", group: false);
        for (var i = 0; i < 300; i++) Command(api, User(), "/me", group: false);
        for (var i = 0; i < 200; i++) Command(api, User(), "/top", group: true);
        var deadline = Stopwatch.StartNew();
        while (api.PendingUpdateCount > 0 && deadline.Elapsed < TimeSpan.FromMinutes(10))
        {
            peakDuringLoad = Math.Max(peakDuringLoad, ScoreBench.Memory(bot!.Id).Rss);
            await Task.Delay(200);
        }
        var photos = api.CallsTo("sendPhoto").Count(c => c.Ok);
        // Settled: sample for 10 s after the last update was confirmed and the replies went out.
        for (var i = 0; i < 50; i++)
        {
            samples.Add(ScoreBench.Memory(bot!.Id).Rss);
            await Task.Delay(200);
        }
        var (_, peak) = ScoreBench.Memory(bot!.Id);
        var parts = File.ReadLines($"/proc/{bot.Id}/status").Where(l => l.StartsWith("Rss", StringComparison.Ordinal) || l.StartsWith("Threads", StringComparison.Ordinal))
            .Select(l => string.Join(' ', l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))).ToList();
        Console.WriteLine("  settled: " + string.Join(", ", parts));
        if (Environment.GetEnvironmentVariable("QUIZBOT_SMAPS") is { } copy) File.Copy($"/proc/{bot.Id}/smaps", copy, overwrite: true);
        Console.WriteLine("  settled, by kind (MB): " + string.Join(", ", ScoreBench.MemoryMap(bot.Id).Where(k => k.Mb >= 0.5)
            .Select(k => $"{k.Kind} {k.Mb.ToString("0.0", CultureInfo.InvariantCulture)}")));
        bot.Kill(entireProcessTree: true);
        await bot.WaitForExitAsync();
        bot.Dispose();

        using (var c = data.Database.Open())
        {
            var stored = c.ExecuteScalar<long>("SELECT COUNT(*) FROM answers WHERE poll_id LIKE @prefix", new { prefix = $"startup-{run}-%" });
            Console.WriteLine($"  load handled: {stored:N0} answers stored, {photos} /me charts sent");
        }
        var steady = ScoreBench.Percentile(samples.ToArray(), 50);
        var table = new BenchTable("measure", "value", "target");
        table.Add("start-up to the first getUpdates (median of " + starts + " starts; 100,000 users, full bank)",
            $"{ScoreBench.Percentile(startSeconds.ToArray(), 50):0.00} s (each: {string.Join(", ", startSeconds.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)))})", "≤ 2 s");
        table.Add("RSS under load (highest sample)", $"{peakDuringLoad:0} MB", "");
        table.Add("RSS settled after the load (median over 10 s)", $"{steady:0} MB", "≤ 150 MB");
        table.Add("RSS peak of the process (VmHWM)", $"{peak:0} MB", "");
        return new Result(startSeconds, peakDuringLoad, steady, peak, table);
    }

    private static Process StartBot(FakeBotApi api, Database database, string contentRoot, string? botDll,
        IReadOnlyDictionary<string, string>? environment)
    {
        var settings = new Dictionary<string, string>
        {
            // Replies must not wait on Telegram's pacing here: the point is memory under load, not the send rate.
            ["Telegram__GlobalPerSecond"] = "100000",
            ["Telegram__PrivatePerSecond"] = "100000",
            ["Telegram__PrivateBurst"] = "100000",
            ["Telegram__GroupPerMinute"] = "1000000",
            ["Quiz__SeedsPath"] = Path.Combine(ScoreBench.RepoRoot(), "seeds"),
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) settings[key] = value;
        return BotLauncher.Start(api, database.ConnectionString, contentRoot, settings,
            line => { if (line.Length > 0) Console.WriteLine("  bot: " + line); }, botDll);
    }

    private static void Command(FakeBotApi api, long userId, string text, bool group)
    {
        var user = FakeBotApi.MakeUser(userId, $"学员{userId}");
        api.SendText(group ? FakeBotApi.Group(ScoreDataSet.GroupOf(userId), "学习小组") : FakeBotApi.PrivateChat(user), user, text);
    }
}
