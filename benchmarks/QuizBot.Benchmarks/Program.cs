using QuizBot.Benchmarks;

// One benchmark per name; each prints a table to paste into docs/benchmarks.md.
return args.FirstOrDefault() switch
{
    "daily-push" => await DailyPushBenchmark.RunAsync(args[1..]),
    "ingest" or "queries" or "startup" or "scores" => await ScoreBenchmarks.RunAsync(args[0], args[1..]),
    "ingest-cluster" => await ClusterIngestionBenchmark.RunAsync(args[1..]),
    "memory-settings" => await MemorySettingsBenchmark.RunAsync(args[1..]),
    "learning" => LearningSimulation.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project benchmarks/QuizBot.Benchmarks -- <benchmark> [options]
          daily-push [--chats 10000] [--scale 10] [--questions 3]
              a daily push to N private chats against the rate-limited fake Bot API; --scale multiplies Telegram's limits
              on both sides (30/s overall, 1/s per chat) so a big run finishes in minutes
          scores [--users 100000] [--answers 2000000]
              all three below, one table (docs/benchmarks.md, "Leaderboards and records")
          ingest [--groups 50] [--members 60] [--polls 10] [--compare-sync 0]
              poll answers end to end (fake Bot API → client → router → SQLite) beside the raw SQLite insert rate;
              --compare-sync N adds N pairs of runs with synchronous NORMAL and FULL alternating (docs/benchmarks.md)
          ingest-cluster [--instances 1,3] [--groups 20] [--members 25] [--polls 10] [--connections 40] [--pool 30] [--in-process 1] [--trace]
              poll answers end to end on PostgreSQL in webhook mode, the real bot as 1 and as 3 processes, the fake Bot API
              posting to them in turn on N connections; beside them, in the same invocation, the in-process polling runs on
              SQLite and PostgreSQL (--in-process 0 skips them); --instances 1,3,1,3 alternates repeated runs; --pool 30,100
              runs each with each Npgsql pool size per instance; --trace prints,
              every half second, the updates at the fake, in the inbox and committed; build
              src/QuizBot in Release first (docs/benchmarks.md, "Several instances")
          queries [--users 100000] [--answers 2000000] [--iterations 2000]
              /top and /me query + formatting on a generated data set: p50 / p99
          startup [--users 100000] [--answers 2000000] [--bot PATH/QuizBot.dll]
              the real bot as a child process: start-up to the first getUpdates, and its memory under load;
              --bot starts another build of it, e.g. a ReadyToRun publish (docs/benchmarks.md)
          memory-settings [--rounds 2] [--data FOLDER] [--bot-before PATH/QuizBot.dll]
              the start-up benchmark once per allocator/GC setting, the settings interleaved, --rounds times: settled RSS
              per setting (docs/benchmarks.md, "Memory without allocator code"); --bot-before adds a build to compare
          learning [--learners 1000] [--days 60] [--budget 10] [--retention 90] [--seed 1]
              simulated learners with hidden memories under the Leitner review and under FSRS with the same daily
              budget: share of the bank recalled at the last day and answers spent (docs/learning.md, "Simulation")
        """);
    return 2;
}
