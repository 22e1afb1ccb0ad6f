using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using QuizBot.Charts;
using QuizBot.Core.Questions;
using QuizBot.Core.Scores;
using QuizBot.Storage;
using QuizBot.Quizzes;
using QuizBot.Tests.Fakes;

namespace QuizBot.Benchmarks;

/// <summary>
/// /top and /me on the generated data set: the command classes' own query-and-format methods (the text a chat receives),
/// one caller at a time, callers drawn at random from everyone; the keenest learner separately. The chart's PNG rendering
/// is timed on its own (it is sent after the text, as a second message).
/// </summary>
internal static class QueryBenchmark
{
    /// <param name="database">The data set's SQLite file, or its copy in PostgreSQL (--provider postgres).</param>
    public static async Task<BenchTable> RunAsync(ScoreDataSet data, IDatabase database, string folder, int iterations)
    {
        var root = ScoreBench.RepoRoot();
        await using var api = await FakeBotApi.StartAsync();
        using var host = IngestionBenchmark.BuildHost(api, database, root, folder); // built, not started: services only
        var scores = host.Services.GetRequiredService<ScoreService>();
        var store = host.Services.GetRequiredService<Stores>();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        await store.Scores.EnsureScoreTotalsAsync(zone);
        var tallied = System.Diagnostics.Stopwatch.StartNew();
        if (await store.Tallies.EnsureUserTalliesAsync(zone)) // a data set kept from before migration 004 (--data)
            Console.WriteLine($"  per-person tallies rebuilt from the log in {tallied.Elapsed.TotalSeconds:0.0} s");
        var random = new Random(7);
        long AnyUser() => 1 + random.NextInt64(data.Users);

        var table = new BenchTable("command (query + formatting)", "calls", "p50 ms", "p99 ms", "max ms");
        async Task Time(string name, int times, Func<Task> call)
        {
            var ms = await ScoreBench.TimeAsync(times, Math.Min(200, times / 5), _ => call());
            table.Add(name, times, ScoreBench.Ms(ScoreBench.Percentile(ms, 50)), ScoreBench.Ms(ScoreBench.Percentile(ms, 99)), ScoreBench.Ms(ms.Max()));
        }

        await Time("/top (this week, everyone), random caller", iterations, () => scores.TopTextAsync(AnyUser(), ScoreScopes.Everyone, ScorePeriod.Week));
        await Time("/top month (everyone), random caller", iterations, () => scores.TopTextAsync(AnyUser(), ScoreScopes.Everyone, ScorePeriod.Month));
        await Time("/top all (everyone), random caller", iterations, () => scores.TopTextAsync(AnyUser(), ScoreScopes.Everyone, ScorePeriod.All));
        await Time("/top all in a group, random member", iterations, () =>
        {
            var user = AnyUser();
            return scores.TopTextAsync(user, ScoreDataSet.GroupOf(user), ScorePeriod.All);
        });
        await Time("/me in a private chat, random caller", iterations, () => scores.MeReportAsync(AnyUser(), "学员", ScoreScopes.Everyone));
        await Time("/me in a group, random member", iterations, () =>
        {
            var user = AnyUser();
            return scores.MeReportAsync(user, "学员", ScoreDataSet.GroupOf(user));
        });
        await Time($"/me of the keenest learner ({KeenestAnswers(database, data.KeenestUser):N0} answers)", iterations,
            () => scores.MeReportAsync(data.KeenestUser, "学员", ScoreScopes.Everyone));

        var report = await scores.MeReportAsync(data.KeenestUser, "学员", ScoreScopes.Everyone);
        await Time("/me chart: PNG rendering (ScottPlot), after the text", Math.Max(20, iterations / 20),
            () => Task.FromResult(StudyChart.RenderPng(report.Days!)));

        // The log-only board, as before 003_scores.sql (SUM over the answers themselves), for comparison.
        var weekStart = StudyCalendar.Window(ScorePeriod.Week, DateTimeOffset.UtcNow, zone).StartMs;
        await Time("for comparison: this week's board summed from the answer log", 5, () => store.Scores.GetLeaderboardAsync(null, weekStart, 10));
        await Time("for comparison: all-time board summed from the answer log", 5, () => store.Scores.GetLeaderboardAsync(null, 0, 10));
        return table;
    }

    private static long KeenestAnswers(IDatabase database, long user)
    {
        using var c = database.Connect();
        return Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT COUNT(*) FROM answers WHERE user_id = @user", new { user });
    }
}
