using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using QuizBot.Core.Questions;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;

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
    public static async Task<Result> RunAsync(ScoreDataSet data, string folder, string? botDll = null, int starts = 3)
    {
        var root = ScoreBench.RepoRoot();
        var bank = QuestionBank.Load(Path.Combine(root, "questions")).Bank!;
        var run = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 100_000; // fresh rounds and polls on a kept data set (--data)
        var polls = await CreateGroupPollsAsync(data, bank, run, groups: 20, pollsPerGroup: 10);
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
            bot = StartBot(api, data.Database, root, contentRoot, botDll);
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

    private static Process StartBot(FakeBotApi api, Database database, string root, string contentRoot, string? botDll)
    {
        // The bot's own build output (built with this project, same configuration): the copy beside the benchmark lacks the
        // assemblies the benchmark takes from the ASP.NET Core shared framework.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name ?? "Release"; // bin/<configuration>/net10.0
        var dll = botDll ?? Path.Combine(root, "src", "QuizBot", "bin", configuration, "net10.0", "QuizBot.dll");
        Console.WriteLine($"  starting {dll}");
        var info = new ProcessStartInfo("dotnet", [dll, "bot"])
        {
            WorkingDirectory = contentRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var env = info.Environment;
        env["Telegram__BotToken"] = FakeBotApi.Token;
        env["Telegram__ApiBaseUrl"] = api.BaseUrl;
        env["Telegram__PollTimeoutSeconds"] = "1";
        // Replies must not wait on Telegram's pacing here: the point is memory under load, not the send rate.
        env["Telegram__GlobalPerSecond"] = "100000";
        env["Telegram__PrivatePerSecond"] = "100000";
        env["Telegram__PrivateBurst"] = "100000";
        env["Telegram__GroupPerMinute"] = "1000000";
        env["ConnectionStrings__QuizBot"] = database.ConnectionString;
        env["Quiz__QuestionsPath"] = Path.Combine(root, "questions");
        env["Quiz__SeedsPath"] = Path.Combine(root, "seeds");
        env["Logging__LogLevel__Default"] = "Warning";
        env["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(info) ?? throw new InvalidOperationException("the bot did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.WriteLine("  bot: " + line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.WriteLine("  bot: " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Command(FakeBotApi api, long userId, string text, bool group)
    {
        var user = FakeBotApi.MakeUser(userId, $"学员{userId}");
        api.SendText(group ? FakeBotApi.Group(ScoreDataSet.GroupOf(userId), "学习小组") : FakeBotApi.PrivateChat(user), user, text);
    }

    private static async Task<List<List<string>>> CreateGroupPollsAsync(ScoreDataSet data, QuestionBank bank, long run, int groups, int pollsPerGroup)
    {
        var store = new SqliteQuizStore(data.Database);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ids = new List<List<string>>();
        for (var g = 0; g < groups; g++)
        {
            var chatId = -1_002_000_000_000 - run * 100 - g;
            var questions = bank.Approved.Skip(g).Take(pollsPerGroup).ToList();
            var round = await store.TryStartRoundAsync(new RoundRecord
            {
                ChatId = chatId,
                Mode = RoundModes.Group,
                StartedBy = 1,
                QuestionIds = string.Join(',', questions.Select(q => q.Id)),
                QuestionSeconds = 86_400,
                Scoring = "speed",
                StartedAt = now,
            }) ?? throw new InvalidOperationException("round not started");
            var pollIds = new List<string>();
            for (var p = 0; p < pollsPerGroup; p++)
            {
                var pollId = $"startup-{run}-{g}-{p}";
                await store.SavePollAsync(new PollRecord
                {
                    PollId = pollId,
                    RoundId = round.RoundId,
                    Seq = p,
                    ChatId = chatId,
                    MessageId = p + 1,
                    QuestionId = questions[p].Id,
                    OptionOrder = string.Join(',', Enumerable.Range(0, questions[p].Options.Count)),
                    SentAt = now,
                    ClosesAt = now + 86_400_000,
                });
                pollIds.Add(pollId);
            }
            ids.Add(pollIds);
        }
        return ids;
    }
}
