using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;

namespace QuizBot.Benchmarks;

/// <summary>
/// The daily push to many private chats, end to end: the real host (scheduler, BotSender's limiters, SQLite, the real
/// Telegram.Bot client) against the fake Bot API enforcing Telegram's limits and answering 429 beyond them. Reports the
/// time from the first to the last message against the theoretical minimum (messages ÷ the overall limit) and the 429s.
/// </summary>
internal static class DailyPushBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var chats = Option(args, "--chats", 10_000);
        var scale = Option(args, "--scale", 10);
        var questions = Option(args, "--questions", 3);
        var globalPerSecond = 30 * scale;
        var inFlight = Option(args, "--in-flight", scale);
        var messages = chats * (1 + questions);

        var folder = Directory.CreateTempSubdirectory("quizbot-bench-").FullName;
        var database = new Database($"Data Source={Path.Combine(folder, "bench.db")}");
        database.Migrate();
        Subscribe(database, chats);

        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions
        {
            EnforceRateLimits = true,
            GlobalLimit = new RateLimit(globalPerSecond, TimeSpan.FromSeconds(1)),
            PrivateChatLimit = new RateLimit(3, TimeSpan.FromSeconds(3.0 / scale)),
            GroupLimit = new RateLimit(20, TimeSpan.FromMinutes(1.0 / scale)),
        });
        var root = RepoRoot();
        var builder = QuizBotServices.CreateBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Benchmark", ContentRootPath = folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Telegram:PollTimeoutSeconds"] = "1",
            ["Telegram:GlobalPerSecond"] = globalPerSecond.ToString(CultureInfo.InvariantCulture),
            ["Telegram:PrivatePerSecond"] = scale.ToString(CultureInfo.InvariantCulture),
            ["Telegram:GroupPerMinute"] = (20 * scale).ToString(CultureInfo.InvariantCulture),
            ["ConnectionStrings:QuizBot"] = database.ConnectionString,
            ["Quiz:QuestionsPath"] = Path.Combine(root, "questions"),
            ["Quiz:SeedsPath"] = Path.Combine(root, "seeds"),
            ["Quiz:DailyQuestions"] = questions.ToString(CultureInfo.InvariantCulture),
            // Ten times Telegram's rate with the same latency per send needs ten times the sends in doubt (--in-flight 1:
            // the deployed default, which at ×10 is bound by the latency, not the limit; docs/benchmarks.md).
            ["Quiz:DailySendsInFlight"] = inFlight.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.AddQuizBot(RunMode.Bot);
        using var host = builder.Build();

        Console.WriteLine($"Daily push: {chats:N0} private chats × {1 + questions} messages = {messages:N0} messages, " +
                          $"limits ×{scale} ({globalPerSecond}/s overall, {scale}/s per chat)");
        var wall = Stopwatch.StartNew();
        await host.StartAsync();
        var finished = await WaitForAllAsync(database, chats, TimeSpan.FromMinutes(60));
        wall.Stop();
        await host.StopAsync();

        var sends = api.Calls.Where(c => c.Method is "sendMessage" or "sendPoll").ToList();
        var delivered = sends.Where(c => c.Ok).OrderBy(c => c.At).ToList();
        var span = delivered.Count > 1 ? delivered[^1].At - delivered[0].At : TimeSpan.Zero;
        var minimum = TimeSpan.FromSeconds((double)delivered.Count / globalPerSecond);
        var busiest = BusiestSecond(delivered.Select(c => c.At).ToList());
        var duplicates = delivered.GroupBy(c => c.ChatId).Sum(g => Math.Max(0, g.Count() - (1 + questions)));
        var rate = span.TotalSeconds > 0 ? (delivered.Count - 1) / span.TotalSeconds : 0;

        foreach (var rejected in sends.Where(c => c.StatusCode == 429).Take(args.Contains("--trace") ? 10 : 0))
        {
            var chatBefore = delivered.Count(c => c.ChatId == rejected.ChatId && c.At <= rejected.At && c.At > rejected.At - TimeSpan.FromSeconds(3.0 / scale));
            var allBefore = delivered.Count(c => c.At <= rejected.At && c.At > rejected.At - TimeSpan.FromSeconds(1));
            Console.WriteLine($"429 at {rejected.At:HH:mm:ss.fff} chat {rejected.ChatId}: {chatBefore} to the chat in its window, {allBefore} in the last second");
        }
        if (args.Contains("--trace"))
            Console.WriteLine("messages per second: " + string.Join(' ', delivered.GroupBy(c => (int)(c.At - delivered[0].At).TotalSeconds)
                .OrderBy(g => g.Key).Select(g => g.Count())));
        Console.WriteLine();
        Console.WriteLine("| chats | messages | limit (msg/s) | first → last message | theoretical minimum | achieved rate | of the limit | busiest 1 s window | 429s | pushes done |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {chats:N0} | {delivered.Count:N0} | {globalPerSecond} | {span.TotalSeconds:0.0} s | {minimum.TotalSeconds:0.0} s | {rate:0.0}/s | {100 * rate / globalPerSecond:0.0}% | {busiest} | {api.TooManyRequestsCount} | {finished:N0}/{chats:N0} |"));
        Console.WriteLine();
        Console.WriteLine($"Wall time including start-up and claiming: {wall.Elapsed.TotalSeconds:0.0} s; repeated messages: {duplicates}; " +
                          $"machine: {Machine()}");

        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { /* a temp folder */ }
        return finished == chats && api.TooManyRequestsCount == 0 ? 0 : 1;
    }

    /// <summary>N private chats subscribed at a time that is due now (one transaction: the set-up is not what is measured).</summary>
    private static void Subscribe(Database database, int chats)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(-1), zone);
        var minute = local.Hour * 60 + local.Minute;
        var dueAt = now - 60_000 - (now % 60_000);
        using var c = database.Open();
        using var tx = c.BeginTransaction();
        c.Execute("""
            INSERT INTO daily_subscriptions (chat_id, kind, push_minute, active, next_at, created_by, created_at, updated_at)
            VALUES (@chatId, 'private', @minute, 1, @dueAt, @chatId, @now, @now)
            """, Enumerable.Range(0, chats).Select(i => new { chatId = 100_000_000L + i, minute, dueAt, now }), tx);
        tx.Commit();
    }

    private static async Task<long> WaitForAllAsync(Database database, int chats, TimeSpan limit)
    {
        var until = Stopwatch.StartNew();
        long finished = 0;
        while (until.Elapsed < limit)
        {
            await Task.Delay(500);
            using var c = database.Open();
            finished = c.ExecuteScalar<long>("SELECT COUNT(*) FROM daily_pushes WHERE status <> 'sending'");
            if (finished >= chats) break;
        }
        return finished;
    }

    /// <summary>The most messages the fake saw in any one-second window.</summary>
    private static int BusiestSecond(IReadOnlyList<DateTimeOffset> at)
    {
        var best = 0;
        for (int i = 0, j = 0; i < at.Count; i++)
        {
            while (at[i] - at[j] >= TimeSpan.FromSeconds(1)) j++;
            best = Math.Max(best, i - j + 1);
        }
        return best;
    }

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QuizBot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
