using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using QuizBot.Core.Questions;

namespace QuizBot.Benchmarks;

/// <summary>
/// The benchmarks of leaderboards and records at scale (docs/benchmarks.md, "Leaderboards and records"): "ingest",
/// "queries", "startup", or "scores" for all three and a summary against the targets. Each generates its own data in a
/// temporary folder and deletes it afterwards.
/// </summary>
internal static class ScoreBenchmarks
{
    public static async Task<int> RunAsync(string name, string[] args)
    {
        var users = ScoreBench.Option(args, "--users", 100_000);
        var answers = ScoreBench.Option(args, "--answers", 2_000_000);
        var iterations = ScoreBench.Option(args, "--iterations", 2_000);
        Console.WriteLine($"Machine: {ScoreBench.Machine()}");
        Console.WriteLine($"Load average before: {ScoreBench.LoadAverage()}");
        var tables = new List<(string Title, BenchTable Table)>();
        var summary = new BenchTable("target", "measured", "met");

        if (name is "ingest" or "scores")
        {
            var ingest = await IngestionBenchmark.RunAsync(args);
            tables.Add(("Answer ingestion", ingest.Table));
            if (ingest.Durability is { } durability) tables.Add(("Answer ingestion: synchronous NORMAL against FULL, alternating runs", durability));
            summary.Add("≥ 3,000 poll answers/s sustained, end to end", $"{ingest.Sustained:N0}/s ({ingest.CpuMicrosecondsPerAnswer:N0} µs CPU per answer)",
                ingest.Sustained >= 3000 ? "yes" : "no");
        }

        if (name is "queries" or "startup" or "scores")
        {
            // --data FOLDER keeps the generated data set there and reuses it on the next run (it takes minutes to make).
            var keep = Array.IndexOf(args, "--data") is var at and >= 0 && at + 1 < args.Length ? Path.GetFullPath(args[at + 1]) : null;
            var folder = keep ?? Directory.CreateTempSubdirectory("quizbot-scores-").FullName;
            try
            {
                var root = ScoreBench.RepoRoot();
                var bank = QuestionBank.Load(Path.Combine(root, "questions")).Bank!;
                var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
                Console.WriteLine($"Generating {users:N0} users and {answers:N0} answers…");
                var data = keep is not null && ScoreDataSet.Open(folder, users, answers) is { } kept
                    ? kept
                    : await ScoreDataSet.CreateAsync(Directory.CreateDirectory(folder).FullName, users, answers, DateTimeOffset.UtcNow, bank, zone);
                var set = new BenchTable("data set", "value");
                set.Add("users / answers / groups", $"{data.Users:N0} / {data.Answers:N0} / {data.Groups:N0}");
                set.Add("generated (one prepared INSERT, 100,000 rows per transaction)", $"{data.Generated.TotalSeconds:0.0} s");
                set.Add("score totals rebuilt from the log (first start after migration 003)", $"{data.TotalsRebuilt.TotalSeconds:0.0} s");
                set.Add("per-person day and question tallies rebuilt from the log (first start after migration 004)", $"{data.TalliesRebuilt.TotalSeconds:0.0} s");
                set.Add("database file", $"{data.Bytes / 1024.0 / 1024.0:0} MB");
                tables.Add(("Generated data set", set));

                if (name is "queries" or "scores")
                {
                    // --provider postgres: the same queries on a copy of the data set in PostgreSQL, made by migrate-to-postgres's
                    // copy (which checks every count and board before it commits).
                    using var postgres = BenchPostgres.Provider(args) == QuizBot.Storage.StorageProvider.Postgres ? BenchPostgres.Start(args) : null;
                    using var copy = postgres is null ? null : new QuizBot.Storage.PostgresDatabase(postgres.CreateDatabase("scores"));
                    if (copy is not null)
                    {
                        Console.WriteLine("Copying the data set into PostgreSQL (migrate-to-postgres)…");
                        var copied = QuizBot.Storage.PostgresCopy.Copy(data.Database, copy);
                        set.Add($"copied into PostgreSQL {BenchPostgres.Version(copy.ConnectionString)} by migrate-to-postgres (every count and board checked)",
                            $"{copied.Elapsed.TotalSeconds:0.0} s ({copied.Tables.Sum(t => t.Rows):N0} rows, {copied.BoardRows:N0} board rows agree)");
                    }
                    var queries = await QueryBenchmark.RunAsync(data, (QuizBot.Storage.IDatabase?)copy ?? data.Database, folder, iterations);
                    tables.Add((copy is null ? "/top and /me (query + formatting)" : "/top and /me (query + formatting), PostgreSQL", queries));
                    var p99 = queries.Rows.Where(r => r[0].StartsWith('/') && !r[0].Contains("chart", StringComparison.Ordinal))
                        .Max(r => double.Parse(r[3], CultureInfo.InvariantCulture));
                    summary.Add("/top and /me p99 ≤ 20 ms (100,000 users, 2,000,000 answers)", $"worst p99 {p99:0.0} ms", p99 <= 20 ? "yes" : "no");
                }
                if (name is "startup" or "scores")
                {
                    var bot = Array.IndexOf(args, "--bot") is var b and >= 0 && b + 1 < args.Length ? Path.GetFullPath(args[b + 1]) : null;
                    // The bot's environment as deployed (deploy/quizbot.service): one malloc arena.
                    var startup = await StartupBenchmark.RunAsync(data, folder, bot, environment: new Dictionary<string, string> { ["MALLOC_ARENA_MAX"] = "1" });
                    tables.Add(("Start-up and memory (the real bot as a child process)", startup.Table));
                    var median = ScoreBench.Percentile(startup.StartSeconds.ToArray(), 50);
                    summary.Add("start-up to the first getUpdates ≤ 2 s", $"{median:0.00} s", median <= 2 ? "yes" : "no");
                    summary.Add("steady memory ≤ 150 MB RSS with 100,000 users", $"{startup.SteadyRssMb:0} MB", startup.SteadyRssMb <= 150 ? "yes" : "no");
                }
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                if (keep is null) Directory.Delete(folder, recursive: true);
            }
        }

        Console.WriteLine($"Load average after: {ScoreBench.LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine($"Machine: {ScoreBench.Machine()}");
        foreach (var (title, table) in tables)
        {
            Console.WriteLine($"### {title}");
            Console.WriteLine(table);
        }
        if (name == "scores")
        {
            Console.WriteLine("### Summary");
            Console.WriteLine(summary);
        }
        return 0;
    }
}
