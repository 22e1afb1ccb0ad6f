using System.Globalization;
using Microsoft.Data.Sqlite;
using QuizBot.Core.Questions;

namespace QuizBot.Benchmarks;

/// <summary>
/// Deployment-level memory settings compared on the start-up benchmark (docs/benchmarks.md, "Memory without allocator
/// code"): each setting is one start-up run (one start, the mixed load, 10 s settled) of the real bot as a child process,
/// with the setting in its environment. Runtime settings given as DOTNET_ variables read the same knobs as the
/// runtimeconfig.json properties. The settings take turns, --rounds times over, so a shared machine's load changes touch
/// them all alike; the load average is printed beside every run.
/// </summary>
internal static class MemorySettingsBenchmark
{
    private const string OneArena = "MALLOC_ARENA_MAX";

    private static readonly (string Name, Dictionary<string, string> Environment)[] Settings =
    [
        ("none", []),
        ("MALLOC_ARENA_MAX=1", new() { [OneArena] = "1" }),
        ("MALLOC_ARENA_MAX=1, GC ConserveMemory 7", new() { [OneArena] = "1", ["DOTNET_GCConserveMemory"] = "7" }),
        ("MALLOC_ARENA_MAX=1, server GC with DATAS", new() { [OneArena] = "1", ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "1" }),
        ("MALLOC_ARENA_MAX=1, gen0 4 MB", new() { [OneArena] = "1", ["DOTNET_GCgen0size"] = "0x400000" }),
        ("MALLOC_ARENA_MAX=1, MALLOC_TRIM_THRESHOLD_=128 KB", new() { [OneArena] = "1", ["MALLOC_TRIM_THRESHOLD_"] = "131072" }),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = ScoreBench.Option(args, "--rounds", 2);
        var users = ScoreBench.Option(args, "--users", 100_000);
        var answers = ScoreBench.Option(args, "--answers", 2_000_000);
        var keep = Array.IndexOf(args, "--data") is var at and >= 0 && at + 1 < args.Length ? Path.GetFullPath(args[at + 1]) : null;
        var before = Array.IndexOf(args, "--bot-before") is var b and >= 0 && b + 1 < args.Length ? Path.GetFullPath(args[b + 1]) : null;
        var settings = Settings.Select(s => (s.Name, Dll: (string?)null, s.Environment)).ToList();
        if (before is not null) settings.Insert(0, ("--bot-before (the build given), no setting", before, []));

        Console.WriteLine($"Machine: {ScoreBench.Machine()}");
        var folder = keep ?? Directory.CreateTempSubdirectory("quizbot-memory-").FullName;
        var results = settings.ToDictionary(s => s.Name, _ => new List<(StartupBenchmark.Result Result, string Load)>());
        try
        {
            var bank = QuestionBank.Load(Path.Combine(ScoreBench.RepoRoot(), "questions")).Bank!;
            var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
            var data = keep is not null && ScoreDataSet.Open(folder, users, answers) is { } kept
                ? kept
                : await ScoreDataSet.CreateAsync(Directory.CreateDirectory(folder).FullName, users, answers, DateTimeOffset.UtcNow, bank, zone);
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var (name, dll, environment) in settings)
                {
                    var load = ScoreBench.LoadAverage();
                    Console.WriteLine($"round {round}, {name} (load average {load})");
                    var result = await StartupBenchmark.RunAsync(data, folder, dll, starts: 1, environment);
                    results[name].Add((result, load));
                    Console.WriteLine($"  => settled {result.SteadyRssMb:0} MB, under load {result.LoadRssMb:0} MB, VmHWM {result.PeakRssMb:0} MB");
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (keep is null) Directory.Delete(folder, recursive: true);
        }

        var table = new BenchTable("setting", "RSS settled (each round)", "median", "RSS under load (highest)", "VmHWM", "start-up", "load average at each run");
        foreach (var (name, _, _) in settings)
        {
            var runs = results[name];
            string Each(Func<StartupBenchmark.Result, double> pick, string format) =>
                string.Join(" / ", runs.Select(r => pick(r.Result).ToString(format, CultureInfo.InvariantCulture)));
            table.Add(name, Each(r => r.SteadyRssMb, "0") + " MB",
                $"{ScoreBench.Percentile(runs.Select(r => r.Result.SteadyRssMb).ToArray(), 50):0} MB",
                Each(r => r.LoadRssMb, "0") + " MB", Each(r => r.PeakRssMb, "0") + " MB",
                Each(r => r.StartSeconds[0], "0.00") + " s", string.Join(" / ", runs.Select(r => r.Load)));
        }
        Console.WriteLine();
        Console.WriteLine($"Machine: {ScoreBench.Machine()}; load average after: {ScoreBench.LoadAverage()}");
        Console.WriteLine("### Memory settings, interleaved");
        Console.WriteLine(table);
        return 0;
    }
}
