namespace QuizBot.Benchmarks;

/// <summary>
/// The benchmarks of issue 6 (leaderboards and records at scale): "ingest", "queries", "startup", or "scores" for all three
/// with one summary. Each generates its own data in a temporary folder and deletes it afterwards.
/// </summary>
internal static class ScoreBenchmarks
{
    public static async Task<int> RunAsync(string name, string[] args)
    {
        Console.WriteLine($"Machine: {ScoreBench.Machine()}");
        var tables = new List<(string Title, BenchTable Table)>();
        if (name is "ingest" or "scores")
            tables.Add(("Answer ingestion", (await IngestionBenchmark.RunAsync(args)).Table));
        Console.WriteLine();
        foreach (var (title, table) in tables)
        {
            Console.WriteLine($"### {title}");
            Console.WriteLine(table);
        }
        return 0;
    }
}
