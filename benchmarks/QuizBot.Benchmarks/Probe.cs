using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QuizBot.Quizzes;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using Telegram.Bot;

namespace QuizBot.Benchmarks;

internal static class Probe
{
    public static async Task<int> RunAsync()
    {
        var root = ScoreBench.RepoRoot();
        var folder = Directory.CreateTempSubdirectory("quizbot-probe-").FullName;
        var database = new Database($"Data Source={Path.Combine(folder, "p.db")}");
        database.Migrate();
        await using var api = await FakeBotApi.StartAsync();
        using var host = IngestionBenchmark.BuildHost(api, database, root, folder);
        // not started: resolve services only
        var store = host.Services.GetRequiredService<IQuizStore>();
        await store.EnsureScoreTotalsAsync(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var quiz = host.Services.GetRequiredService<QuizService>();
        var bank = quiz.Bank;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var round = await store.TryStartRoundAsync(new RoundRecord { ChatId = -5, Mode = RoundModes.Group, StartedBy = 1, QuestionIds = bank.Approved[0].Id, QuestionSeconds = 86400, Scoring = "speed", StartedAt = now });
        for (var p = 0; p < 10; p++)
            await store.SavePollAsync(new PollRecord { PollId = $"p{p}", RoundId = round!.RoundId, Seq = p, ChatId = -5, MessageId = p, QuestionId = bank.Approved[p].Id, OptionOrder = string.Join(',', Enumerable.Range(0, bank.Approved[p].Options.Count)), SentAt = now, ClosesAt = now + 86400000 });

        foreach (var rep in new[] { 1, 2 })
        {
            var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var sw0 = Stopwatch.StartNew();
            var tasks = Enumerable.Range(0, 5000).Select(i => store.TryRecordAnswerAsync(new AnswerRecord { PollId = $"x{rep}-{i % 50}", UserId = 9_000_000 + i, ChatId = -5, RoundId = 1, QuestionId = "q", Chosen = "0", IsCorrect = true, Points = 10, AnsweredAt = now })).ToList();
            await Task.WhenAll(tasks);
            Console.WriteLine($"drainer only: {5000 / sw0.Elapsed.TotalSeconds:N0} answers/s, cpu {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / 5000 * 1000:N0} us/answer; commits {SqliteQuizStore.ProbeCommits}");
            SqliteQuizStore.ProbeCommits = SqliteQuizStore.ProbeWrites = SqliteQuizStore.ProbeTicks = 0;
        }
        foreach (var lanes in new[] { 1, 8, 32 })
        {
            var n = 3000; var next = 0; var offset = lanes * 100000;
            var sw = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, lanes), new ParallelOptions { MaxDegreeOfParallelism = lanes }, async (lane, ct) =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) <= n)
                {
                    var user = offset + i;
                    await store.UpsertUserAsync(user, "x", null, now);
                    await quiz.AnswerAsync($"p{i % 10}", user, [0]);
                }
            });
            Console.WriteLine($"AnswerAsync+Upsert, {lanes} lanes: {n / sw.Elapsed.TotalSeconds:N0}/s; commits {SqliteQuizStore.ProbeCommits}, writes {SqliteQuizStore.ProbeWrites}, commit ms total {SqliteQuizStore.ProbeTicks * 1000.0 / Stopwatch.Frequency:N0} of {sw.ElapsedMilliseconds}");
            SqliteQuizStore.ProbeCommits = SqliteQuizStore.ProbeWrites = SqliteQuizStore.ProbeTicks = 0;
        }
        // reads only
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 3000; i++) { await store.GetPollAsync("p1"); }
            Console.WriteLine($"GetPoll: {3000 / sw.Elapsed.TotalSeconds:N0}/s");
        }
        // getUpdates only
        {
            for (var i = 0; i < 10000; i++) api.AnswerPoll("p1", FakeBotApi.MakeUser(5_000_000 + i, "u"), 0);
            var bot = new TelegramBotClient(new TelegramBotClientOptions(FakeBotApi.Token, api.BaseUrl));
            var sw = Stopwatch.StartNew(); var got = 0; var off = 0;
            while (got < 10000) { var u = await bot.GetUpdates(off, 100, 0); got += u.Length; off = u[^1].Id + 1; }
            Console.WriteLine($"getUpdates only: {got / sw.Elapsed.TotalSeconds:N0} updates/s");
        }
        return 0;
    }
}
