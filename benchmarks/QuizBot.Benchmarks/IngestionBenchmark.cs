using System.Diagnostics;
using System.Globalization;
using Dapper;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuizBot.Core.Questions;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;

namespace QuizBot.Benchmarks;

/// <summary>
/// Answer ingestion end to end: poll_answer updates queued in the fake Bot API → getUpdates through the real Telegram.Bot
/// client → UpdateRouter → QuizService → SQLite commit (answer and score totals). Group rounds, so no answer triggers a
/// send and the number is the ingestion path alone. Beside it, in the same run, the raw SQLite insert rate into the same
/// schema.
/// </summary>
internal static class IngestionBenchmark
{
    public sealed record Result(int Answers, double EndToEnd, double Sustained, double CpuMicrosecondsPerAnswer, double RawPerTransaction,
        double RawWithTotals, double RawOneTransaction, BenchTable Table, BenchTable? Durability);

    public static async Task<Result> RunAsync(string[] args)
    {
        var groups = ScoreBench.Option(args, "--groups", 50);
        var members = ScoreBench.Option(args, "--members", 60);
        var polls = ScoreBench.Option(args, "--polls", 10);
        var total = groups * members * polls;
        var root = ScoreBench.RepoRoot();
        var bank = QuestionBank.Load(Path.Combine(root, "questions")).Bank ?? throw new InvalidOperationException("the bank does not load");
        var folder = Directory.CreateTempSubdirectory("quizbot-ingest-").FullName;
        // --provider postgres: the same run on PostgreSQL (a durable cluster of the run's own, or --postgres "Host=…").
        using var postgres = BenchPostgres.Provider(args) == StorageProvider.Postgres ? BenchPostgres.Start(args) : null;
        var name = postgres is null ? "SQLite" : "PostgreSQL";
        try
        {
            // A warm-up first, in the same run (same host, database and fake Bot API): the measured answers then run through
            // code the JIT has finished optimising (tier 0, then instrumented, then tier 1), as in a bot that has been
            // running for a while, rather than timing the JIT. Warm-up answers are other groups and people, queued first.
            var warmupGroups = ScoreBench.Option(args, "--warmup-groups", 50);
            Console.WriteLine($"Ingestion: {groups} groups × {members} members × {polls} polls = {total:N0} poll answers, " +
                $"after {warmupGroups * members * polls:N0} warm-up answers");
            var run = await IngestAsync(root, bank, Directory.CreateDirectory(Path.Combine(folder, "shipped")).FullName, warmupGroups, groups,
                members, polls, syncEveryCommit: true, postgres);
            var (endToEnd, sustained, cpuPerAnswer) = (run.EndToEnd(total), run.Sustained(total), run.CpuPerAnswer);

            var raw = postgres is null ? RawInserts(Path.Combine(folder, "raw.db"), total) : RawInsertsPostgres(postgres, total);
            var (fast, durable) = postgres is null ? ("synchronous=NORMAL", "synchronous=FULL") : ("synchronous_commit=off", "synchronous_commit=on");
            var table = new BenchTable("path", "answers", "per second");
            if (postgres is not null) table.Add($"(PostgreSQL {BenchPostgres.Version(postgres.ConnectionString + ";Database=postgres")}, on this machine, fsync on)", "", "");
            table.Add($"end to end: fake Bot API → Telegram.Bot → router → {name} (first to last commit)", total, endToEnd.ToString("N0", CultureInfo.InvariantCulture));
            table.Add("end to end, sustained (10% → 90% committed)", (int)(0.8 * total), sustained.ToString("N0", CultureInfo.InvariantCulture));
            table.Add($"raw {name} INSERT, one transaction per answer, {fast}", total, raw.PerTransaction.ToString("N0", CultureInfo.InvariantCulture));
            table.Add($"raw {name} INSERT + score totals, one transaction per answer, {fast}", total, raw.WithTotals.ToString("N0", CultureInfo.InvariantCulture));
            table.Add($"raw {name} INSERT, all in one transaction", total, raw.OneTransaction.ToString("N0", CultureInfo.InvariantCulture));
            table.Add($"raw {name} INSERT, one transaction per answer, {durable} (what the bot runs with)", raw.FullCount, raw.FullPerTransaction.ToString("N0", CultureInfo.InvariantCulture));
            table.Add("end to end: CPU time of the whole process (bot and fake Bot API) per answer", total, $"{cpuPerAnswer:N0} µs → {2e6 / cpuPerAnswer:N0}/s on 2 idle cores");
            // --compare-sync N: N more pairs of whole runs, synchronous NORMAL and FULL alternating (N, F, F, N, N, F…), each
            // on a fresh database in this same process, so the machine's load, which varies by minutes, falls on both alike.
            var pairs = postgres is null ? ScoreBench.Option(args, "--compare-sync", 0) : 0;
            var durability = pairs > 0 ? await CompareSyncAsync(root, bank, folder, pairs, warmupGroups, groups, members, polls) : null;
            return new Result(total, endToEnd, sustained, cpuPerAnswer, raw.PerTransaction, raw.WithTotals, raw.OneTransaction, table, durability);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// One ingestion run's measured answers: when the first, 10%, 90% and last were committed, the CPU per answer of this
    /// process (bot and fake Bot API) and, when the server is measured, of the PostgreSQL server's processes (else NaN), and
    /// how long the threads of all of them waited for a CPU (the run queue; <see cref="ProcessCpu.Waiting"/>) per answer.
    /// </summary>
    internal sealed record Run(TimeSpan First, TimeSpan Tenth, TimeSpan Ninetieth, TimeSpan Last, double CpuPerAnswer, double ServerCpuPerAnswer = double.NaN,
        double WaitingPerAnswer = double.NaN)
    {
        public double EndToEnd(int total) => (total - 1) / (Last - First).TotalSeconds;

        public double Sustained(int total) => 0.8 * total / (Ninetieth - Tenth).TotalSeconds;
    }

    /// <summary>Whole ingestion runs with synchronous NORMAL and FULL alternating, and the raw one-transaction-per-row rate of each.</summary>
    private static async Task<BenchTable> CompareSyncAsync(string root, QuestionBank bank, string folder, int pairs, int warmupGroups, int groups,
        int members, int polls)
    {
        var total = groups * members * polls;
        var table = new BenchTable("run", "synchronous", "sustained answers/s", "first → last answers/s", "CPU µs per answer",
            "raw INSERT, one transaction each, per s");
        var results = new List<(bool Full, Run Run, double Raw)>();
        for (var i = 0; i < 2 * pairs; i++)
        {
            var full = i % 4 is 1 or 2; // N F F N N F F N…: neither setting always runs first
            var run = await IngestAsync(root, bank, Directory.CreateDirectory(Path.Combine(folder, $"sync-{i}")).FullName, warmupGroups, groups,
                members, polls, syncEveryCommit: full, postgres: null);
            var raw = RawPerTransaction(Path.Combine(folder, $"sync-{i}", "raw.db"), 3_000, full);
            results.Add((full, run, raw));
            table.Add(i + 1, full ? "FULL" : "NORMAL", run.Sustained(total).ToString("N0", CultureInfo.InvariantCulture),
                run.EndToEnd(total).ToString("N0", CultureInfo.InvariantCulture), run.CpuPerAnswer.ToString("N0", CultureInfo.InvariantCulture),
                raw.ToString("N0", CultureInfo.InvariantCulture));
        }
        for (var p = 0; p < pairs; p++)
        {
            var (a, b) = (results[2 * p], results[2 * p + 1]);
            var (n, f) = a.Full ? (b, a) : (a, b);
            table.Add($"pair {p + 1} (runs {2 * p + 1}, {2 * p + 2})", "FULL ÷ NORMAL",
                (f.Run.Sustained(total) / n.Run.Sustained(total)).ToString("0.00", CultureInfo.InvariantCulture),
                (f.Run.EndToEnd(total) / n.Run.EndToEnd(total)).ToString("0.00", CultureInfo.InvariantCulture),
                (f.Run.CpuPerAnswer / n.Run.CpuPerAnswer).ToString("0.00", CultureInfo.InvariantCulture),
                (f.Raw / n.Raw).ToString("0.00", CultureInfo.InvariantCulture));
        }
        return table;
    }

    /// <summary>
    /// Runs the host on (warm-up + measured groups) × members × polls answers and checks the answers and totals. The
    /// warm-up answers are queued in the fake Bot API before the host starts; once they are committed and the JIT has gone
    /// quiet, the measured answers are queued in one go. Times and CPU are of the measured answers only: when the first,
    /// 10%, 90% and last of them were committed, CPU per answer and the JIT's compilation time meanwhile.
    /// </summary>
    internal static async Task<Run> IngestAsync(
        string root, QuestionBank bank, string folder, int warmupGroups, int groups, int members, int polls, bool syncEveryCommit,
        BenchPostgres? postgres)
    {
        var warmup = warmupGroups * members * polls;
        var total = groups * members * polls;
        using var owned = postgres is null ? null : new PostgresDatabase(postgres.CreateDatabase("ingest"));
        IDatabase database = owned ?? (IDatabase)new Database($"Data Source={Path.Combine(folder, "ingest.db")}", syncEveryCommit: syncEveryCommit);
        database.Migrate();
        var workload = await AnswerWorkload.CreateAsync(database, bank, warmupGroups + groups, members, polls);

        await using var api = await FakeBotApi.StartAsync();
        api.EnqueueAll(workload.Answers(0, warmupGroups));
        using var host = BuildHost(api, database, root, folder);
        await host.StartAsync();
        var clock = Stopwatch.StartNew();
        await using var c = database.Connect();
        await WaitForAnswersAsync(c, warmup, clock);
        await JitQuietAsync();
        Console.WriteLine($"Warm-up committed after {clock.Elapsed.TotalSeconds:N1} s; measuring");

        var measured = workload.Answers(warmupGroups, warmupGroups + groups).ToList();
        var (cpu, jit) = (Environment.CpuUsage.TotalTime, System.Runtime.JitInfo.GetCompilationTime());
        var server = postgres?.ServerCpu();
        var waiting = Waiting(postgres);
        api.EnqueueAll(measured);
        clock.Restart();
        var first = await WaitForAnswersAsync(c, warmup + 1, clock);
        var tenth = await WaitForAnswersAsync(c, warmup + total / 10, clock);
        var ninetieth = await WaitForAnswersAsync(c, warmup + total * 9 / 10, clock);
        var last = await WaitForAnswersAsync(c, warmup + total, clock);
        (cpu, jit) = (Environment.CpuUsage.TotalTime - cpu, System.Runtime.JitInfo.GetCompilationTime() - jit);
        var serverPerAnswer = (postgres?.ServerCpu() - server)?.TotalMicroseconds / total ?? double.NaN;
        waiting = Waiting(postgres) - waiting;
        await host.StopAsync();

        CheckStored(c, warmup + total);
        Console.WriteLine($"{(postgres is null ? $"synchronous={(syncEveryCommit ? "FULL" : "NORMAL")}" : "PostgreSQL")}: {0.8 * total / (ninetieth - tenth).TotalSeconds:N0}/s sustained, " +
            $"{cpu.TotalMicroseconds / total:N0} µs CPU per answer; JIT compilation during the measured answers: {jit.TotalMilliseconds:N0} ms");
        SqliteConnection.ClearAllPools();
        return new Run(first, tenth, ninetieth, last, cpu.TotalMicroseconds / total, serverPerAnswer, waiting.TotalMicroseconds / total);
    }

    /// <summary>This process's, the PostgreSQL server's (when measured) and <paramref name="others"/>' wait for a CPU so far.</summary>
    internal static TimeSpan Waiting(BenchPostgres? postgres, IEnumerable<int>? others = null) =>
        (others ?? []).Aggregate(ProcessCpu.Waiting(Environment.ProcessId) + (postgres?.ServerWaiting() ?? TimeSpan.Zero),
            (sum, pid) => sum + ProcessCpu.Waiting(pid));

    /// <summary>Every answer stored once and counted once in the all-time totals, or the run is void.</summary>
    internal static void CheckStored(DbConnection c, int expected)
    {
        var stored = c.ExecuteScalar<long>("SELECT COUNT(*) FROM answers");
        var totalled = c.ExecuteScalar<long>("SELECT SUM(answered) FROM score_totals WHERE scope = 0 AND period = 'a'");
        if (stored != expected || totalled != expected)
            throw new InvalidOperationException($"expected {expected} answers, stored {stored}, in the totals {totalled}");
    }

    /// <summary>Polls every 10 ms until <paramref name="count"/> answers are committed; when that was seen on <paramref name="clock"/>.</summary>
    internal static async Task<TimeSpan> WaitForAnswersAsync(DbConnection c, int count, Stopwatch clock)
    {
        var limit = clock.Elapsed + TimeSpan.FromMinutes(10);
        while (clock.Elapsed < limit)
        {
            // The largest rowid: as many as committed (none is deleted here) without counting a growing table every 10 ms.
            var n = await c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(answer_id), 0) FROM answers");
            if (n >= count) return clock.Elapsed;
            await Task.Delay(10);
        }
        throw new TimeoutException($"{count} answers were not committed within 10 minutes");
    }

    /// <summary>Until the JIT compiled almost nothing for a second (at most 30 s): its background tier-up is done.</summary>
    private static async Task JitQuietAsync()
    {
        var limit = Stopwatch.StartNew();
        var before = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (limit.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now - before < 10) return;
            before = now;
        }
    }

    /// <summary>One running group round per group with <paramref name="polls"/> open polls; returns the poll ids per group.</summary>
    public static IHost BuildHost(FakeBotApi api, IDatabase database, string root, string folder, IDictionary<string, string?>? extra = null)
    {
        var builder = QuizBotServices.CreateBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Benchmark", ContentRootPath = folder });
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Telegram:PollTimeoutSeconds"] = "1",
            ["Storage:Provider"] = database.Provider == StorageProvider.Postgres ? "postgres" : "sqlite",
            ["ConnectionStrings:QuizBot"] = database is PostgresDatabase p ? p.ConnectionString : ((Database)database).ConnectionString,
            ["Quiz:QuestionsPath"] = Path.Combine(root, "questions"),
            ["Quiz:SeedsPath"] = Path.Combine(root, "seeds"),
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.AddQuizBot(RunMode.Bot);
        // The benchmark's own, with its synchronous setting (and the PostgreSQL pool it measures the raw rate beside).
        if (database is Database sqlite) builder.Services.AddSingleton(sqlite);
        else builder.Services.AddSingleton((PostgresDatabase)database);
        return builder.Build();
    }

    /// <summary>
    /// The raw insert rate into the same schema (WAL, synchronous=NORMAL, prepared statements), and one transaction per
    /// row with synchronous=FULL (fewer rows: each commit waits for the disk).
    /// </summary>
    private static (double PerTransaction, double WithTotals, double OneTransaction, int FullCount, double FullPerTransaction) RawInserts(string path, int total)
    {
        var fullCount = Math.Min(total, 3_000);
        return (RawRun(path, "tx", total, true, false, false), RawRun(path, "totals", total, true, true, false), RawRun(path, "one", total, false, false, false),
            fullCount, RawRun(path, "full", fullCount, true, false, true));
    }

    private static double RawPerTransaction(string path, int total, bool full) => RawRun(path, full ? "full" : "normal", total, true, false, full);

    private static double RawRun(string path, string name, int total, bool transactionPerRow, bool totals, bool syncEveryCommit)
    {
        var database = new Database($"Data Source={path}.{name}", syncEveryCommit: syncEveryCommit);
        database.Migrate();
        using var c = database.Open();
        using var insert = c.CreateCommand();
        insert.CommandText = """
            INSERT INTO answers (poll_id, user_id, chat_id, round_id, question_id, chosen, is_correct, points, elapsed_ms, answered_at)
            VALUES ($poll, $user, $chat, 1, 'q', '0', $correct, $points, 1000, $at) ON CONFLICT (poll_id, user_id) DO NOTHING
            """;
        var (poll, user, chat, correct, points, at) = (insert.Parameters.Add("$poll", SqliteType.Text), insert.Parameters.Add("$user", SqliteType.Integer),
            insert.Parameters.Add("$chat", SqliteType.Integer), insert.Parameters.Add("$correct", SqliteType.Integer),
            insert.Parameters.Add("$points", SqliteType.Integer), insert.Parameters.Add("$at", SqliteType.Integer));
        using var add = c.CreateCommand();
        add.CommandText = """
            INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points) VALUES
                (0, 'a', 0, $user, 1, $correct, $points), (0, 'w', 20260302, $user, 1, $correct, $points), (0, 'm', 20260301, $user, 1, $correct, $points),
                ($chat, 'a', 0, $user, 1, $correct, $points), ($chat, 'w', 20260302, $user, 1, $correct, $points), ($chat, 'm', 20260301, $user, 1, $correct, $points)
            ON CONFLICT (scope, period, start, user_id) DO UPDATE SET
                answered = answered + excluded.answered, correct = correct + excluded.correct, points = points + excluded.points
            """;
        var (user2, chat2, correct2, points2) = (add.Parameters.Add("$user", SqliteType.Integer), add.Parameters.Add("$chat", SqliteType.Integer),
            add.Parameters.Add("$correct", SqliteType.Integer), add.Parameters.Add("$points", SqliteType.Integer));
        insert.Prepare();
        add.Prepare();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        var tx = transactionPerRow ? null : c.BeginTransaction();
        for (var i = 0; i < total; i++)
        {
            var rowTx = transactionPerRow ? c.BeginTransaction() : tx;
            insert.Transaction = rowTx;
            add.Transaction = rowTx;
            poll.Value = $"bench-{i % 500}";
            user.Value = user2.Value = 1_000_000 + i / 10;
            chat.Value = chat2.Value = -1_000_000_000_000 - i % 50;
            correct.Value = correct2.Value = i % 3 == 0 ? 0 : 1;
            points.Value = points2.Value = i % 3 == 0 ? 0 : 15;
            at.Value = now + i;
            insert.ExecuteNonQuery();
            if (totals) add.ExecuteNonQuery();
            if (transactionPerRow) rowTx!.Commit();
        }
        tx?.Commit();
        return total / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The raw insert rate into the same schema on PostgreSQL, the statements prepared as the bot's are: one transaction
    /// per row with synchronous_commit off (a commit not waiting for the WAL flush: PostgreSQL's counterpart of SQLite's
    /// NORMAL), with the score totals, all in one transaction, and one transaction per row with synchronous_commit on,
    /// the server's default and what the bot relies on (fewer rows: each commit waits for the disk).
    /// </summary>
    private static (double PerTransaction, double WithTotals, double OneTransaction, int FullCount, double FullPerTransaction) RawInsertsPostgres(
        BenchPostgres server, int total)
    {
        var fullCount = Math.Min(total, 3_000);
        return (RawRunPostgres(server, "tx", total, true, false, false), RawRunPostgres(server, "totals", total, true, true, false),
            RawRunPostgres(server, "one", total, false, false, false), fullCount, RawRunPostgres(server, "full", fullCount, true, false, true));
    }

    private static double RawRunPostgres(BenchPostgres server, string name, int total, bool transactionPerRow, bool totals, bool durable)
    {
        using var database = new PostgresDatabase(server.CreateDatabase($"raw_{name}"));
        database.Migrate();
        using var c = database.Open();
        c.Execute($"SET synchronous_commit = {(durable ? "on" : "off")}");
        using var insert = new NpgsqlCommand("""
            INSERT INTO answers (poll_id, user_id, chat_id, round_id, question_id, chosen, is_correct, points, elapsed_ms, answered_at)
            VALUES (@poll, @user, @chat, 1, 'q', '0', @correct, @points, 1000, @at) ON CONFLICT (poll_id, user_id) DO NOTHING
            """, c);
        var (poll, user, chat, correct, points, at) = (insert.Parameters.Add("poll", NpgsqlDbType.Text), insert.Parameters.Add("user", NpgsqlDbType.Bigint),
            insert.Parameters.Add("chat", NpgsqlDbType.Bigint), insert.Parameters.Add("correct", NpgsqlDbType.Bigint),
            insert.Parameters.Add("points", NpgsqlDbType.Bigint), insert.Parameters.Add("at", NpgsqlDbType.Bigint));
        using var add = new NpgsqlCommand("""
            INSERT INTO score_totals (scope, period, start, user_id, answered, correct, points) VALUES
                (0, 'a', 0, @user, 1, @correct, @points), (0, 'w', 20260302, @user, 1, @correct, @points), (0, 'm', 20260301, @user, 1, @correct, @points),
                (@chat, 'a', 0, @user, 1, @correct, @points), (@chat, 'w', 20260302, @user, 1, @correct, @points), (@chat, 'm', 20260301, @user, 1, @correct, @points)
            ON CONFLICT (scope, period, start, user_id) DO UPDATE SET
                answered = score_totals.answered + excluded.answered, correct = score_totals.correct + excluded.correct,
                points = score_totals.points + excluded.points
            """, c);
        var (user2, chat2, correct2, points2) = (add.Parameters.Add("user", NpgsqlDbType.Bigint), add.Parameters.Add("chat", NpgsqlDbType.Bigint),
            add.Parameters.Add("correct", NpgsqlDbType.Bigint), add.Parameters.Add("points", NpgsqlDbType.Bigint));
        insert.Prepare();
        add.Prepare();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        var tx = transactionPerRow ? null : c.BeginTransaction();
        for (var i = 0; i < total; i++)
        {
            var rowTx = transactionPerRow ? c.BeginTransaction() : tx;
            poll.Value = $"bench-{i % 500}";
            user.Value = user2.Value = 1_000_000L + i / 10;
            chat.Value = chat2.Value = -1_000_000_000_000L - i % 50;
            correct.Value = correct2.Value = i % 3 == 0 ? 0L : 1L;
            points.Value = points2.Value = i % 3 == 0 ? 0L : 15L;
            at.Value = now + i;
            insert.ExecuteNonQuery();
            if (totals) add.ExecuteNonQuery();
            if (transactionPerRow) rowTx!.Commit();
        }
        tx?.Commit();
        return total / clock.Elapsed.TotalSeconds;
    }
}
