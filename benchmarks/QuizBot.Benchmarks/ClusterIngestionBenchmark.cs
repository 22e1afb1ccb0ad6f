using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dapper;
using QuizBot.Core.Questions;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;

namespace QuizBot.Benchmarks;

/// <summary>
/// Answer ingestion on several instances (issue 12): the real bot (QuizBot.dll) as 1 and as 3 child processes in webhook
/// mode on one PostgreSQL, the fake Bot API POSTing the poll_answer updates to them in turn with concurrent connections,
/// as Telegram and a load balancer would. Beside them, in the same invocation on the same machine, the in-process
/// polling runs of <see cref="IngestionBenchmark"/>: SQLite (the single-process deployment) and PostgreSQL. Every run has
/// the same rounds, polls and answers (<see cref="AnswerWorkload"/>) and is timed the same way: from the database, when
/// the first, 10%, 90% and last measured answer was committed, after a warm-up on the same processes.
/// </summary>
internal static class ClusterIngestionBenchmark
{
    private const string HookUrl = "https://bot.example/telegram/hook";
    private const string Secret = "bench_webhook-secret";

    private sealed record ClusterRun(
        int Instances, int Pool, IngestionBenchmark.Run Run, TimeSpan IntakeDone, IReadOnlyList<Instance> Processes, double FakeCpuPerAnswer,
        int Retried);

    /// <summary>One bot process of a run: its role, the webhook calls it answered 200 and its CPU over the measured answers.</summary>
    private sealed record Instance(string Role, int Accepted, int Refused, double CpuPerAnswer, double CoreShare);

    public static async Task<int> RunAsync(string[] args)
    {
        var groups = ScoreBench.Option(args, "--groups", 20);
        var members = ScoreBench.Option(args, "--members", 25);
        var polls = ScoreBench.Option(args, "--polls", 10);
        var warmupGroups = ScoreBench.Option(args, "--warmup-groups", 10);
        var connections = ScoreBench.Option(args, "--connections", 40);
        // Npgsql's Maximum Pool Size of each instance: docs/deploy.md's 30 for three instances; --pool 30,100 runs both.
        var pools = (Array.IndexOf(args, "--pool") is var p and >= 0 && p + 1 < args.Length ? args[p + 1] : "30")
            .Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList();
        var withInProcess = ScoreBench.Option(args, "--in-process", 1) != 0;
        var instanceCounts = (Array.IndexOf(args, "--instances") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : "1,3")
            .Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList();
        var total = groups * members * polls;
        var root = ScoreBench.RepoRoot();
        var bank = QuestionBank.Load(Path.Combine(root, "questions")).Bank ?? throw new InvalidOperationException("the bank does not load");

        Console.WriteLine($"Machine: {ScoreBench.Machine()}");
        var loads = new List<(TimeSpan At, string Load)> { (TimeSpan.Zero, ScoreBench.LoadAverage()) };
        var wall = Stopwatch.StartNew();
        using var sampling = new CancellationTokenSource();
        var sampler = SampleLoadAsync(loads, wall, sampling.Token);
        Console.WriteLine($"Load average before: {loads[0].Load}");
        Console.WriteLine($"Ingestion: {groups} groups × {members} members × {polls} polls = {total:N0} poll answers per run, " +
            $"after {warmupGroups * members * polls:N0} warm-up answers; webhook instances: {string.Join(", ", instanceCounts)}; " +
            $"{connections} webhook connections");

        var folder = Directory.CreateTempSubdirectory("quizbot-cluster-").FullName;
        using var postgres = BenchPostgres.Start(args);
        try
        {
            IngestionBenchmark.Run? sqlite = null, polling = null;
            if (withInProcess)
            {
                Console.WriteLine("SQLite, one process, polling (the ingest benchmark's path)");
                sqlite = await IngestionBenchmark.IngestAsync(root, bank, Directory.CreateDirectory(Path.Combine(folder, "sqlite")).FullName,
                    warmupGroups, groups, members, polls, syncEveryCommit: true, postgres: null);
                Console.WriteLine("PostgreSQL, one process, polling (the ingest benchmark's path)");
                polling = await IngestionBenchmark.IngestAsync(root, bank, Directory.CreateDirectory(Path.Combine(folder, "polling")).FullName,
                    warmupGroups, groups, members, polls, syncEveryCommit: true, postgres);
            }
            var clusters = new List<ClusterRun>();
            foreach (var n in instanceCounts)
                foreach (var pool in pools)
                {
                    Console.WriteLine($"PostgreSQL, {n} instance{(n == 1 ? "" : "s")}, webhook, pools of {pool}");
                    clusters.Add(await ClusterAsync(root, bank, Directory.CreateDirectory(Path.Combine(folder, $"cluster-{n}")).FullName, postgres,
                        n, connections, pool, warmupGroups, groups, members, polls, args.Contains("--trace")));
                }
            sampling.Cancel();
            await sampler;
            loads.Add((wall.Elapsed, ScoreBench.LoadAverage()));

            var version = BenchPostgres.Version(postgres.ConnectionString + ";Database=postgres");
            var rates = new BenchTable("set-up (same answers, same machine, one invocation)", "answers", "first → last commit, per s",
                "sustained 10% → 90%, per s", "webhook intake done / last commit");
            var cores = Environment.ProcessorCount;
            var cpu = new BenchTable("set-up", "CPU µs per answer: bot process(es)", "fake Bot API and benchmark", "PostgreSQL server", "all",
                "waited for a CPU (run queue), all, µs per answer", $"cores busy (of {cores}) → answers/s if all {cores} were this run's", "each bot process: role, calls answered 200, µs per answer, share of one core");
            string N(double v) => double.IsNaN(v) ? "–" : v.ToString("N0", CultureInfo.InvariantCulture);
            // CPU from just before the measured answers were queued to the last commit (Run.Last), per measured answer.
            void AddCpu(string name, IngestionBenchmark.Run run, double bots, double fake, string each)
            {
                var server = run.ServerCpuPerAnswer;
                var all = bots + (double.IsNaN(fake) ? 0 : fake) + (double.IsNaN(server) ? 0 : server);
                double Busy(double perAnswer) => perAnswer * total / run.Last.TotalMicroseconds;
                cpu.Add(name, N(bots), double.IsNaN(fake) ? "(in the bot's process)" : N(fake),
                    double.IsNaN(server) ? "–" : $"{N(server)} ({Busy(server):P0} of a core)", N(all), N(run.WaitingPerAnswer),
                    $"{Busy(all).ToString("0.00", CultureInfo.InvariantCulture)} → {N(cores * 1e6 / all)}", each);
            }
            if (sqlite is not null)
            {
                rates.Add("SQLite, one process, polling (synchronous=FULL)", N(total), N(sqlite.EndToEnd(total)), N(sqlite.Sustained(total)), "");
                AddCpu("SQLite, one process, polling", sqlite, sqlite.CpuPerAnswer, double.NaN, "");
            }
            if (polling is not null)
            {
                rates.Add($"PostgreSQL {version}, one process, polling", N(total), N(polling.EndToEnd(total)), N(polling.Sustained(total)), "");
                AddCpu("PostgreSQL, one process, polling", polling, polling.CpuPerAnswer, double.NaN, "");
            }
            foreach (var (c, i) in clusters.Select((c, i) => (c, i)))
            {
                // --instances 1,3,1,3: runs alternating, so the machine's changing load falls on both alike; numbered.
                var repeat = (pools.Count > 1 ? $", pools of {c.Pool}" : "") +
                    (instanceCounts.Count(n => n == c.Instances) > 1 ? $", run {clusters.Take(i + 1).Count(x => x.Instances == c.Instances && x.Pool == c.Pool)}" : "");
                var name = $"PostgreSQL {version}, {c.Instances} instance{(c.Instances == 1 ? "" : "s")}, webhook ({connections} connections){repeat}";
                rates.Add(name, N(total), N(c.Run.EndToEnd(total)), N(c.Run.Sustained(total)),
                    $"{c.IntakeDone.TotalSeconds:0.0} s / {c.Run.Last.TotalSeconds:0.0} s" + (c.Retried > 0 ? $" ({c.Retried:N0} calls answered 503, retried)" : ""));
                AddCpu($"PostgreSQL, {c.Instances} instance{(c.Instances == 1 ? "" : "s")}, webhook{repeat}", c.Run, c.Run.CpuPerAnswer, c.FakeCpuPerAnswer,
                    string.Join("; ", c.Processes.Select(p => $"{p.Role} {p.Accepted:N0} calls, {N(p.CpuPerAnswer)} µs, {p.CoreShare:P0}")));
            }

            Console.WriteLine();
            Console.WriteLine($"Machine: {ScoreBench.Machine()}");
            Console.WriteLine($"Load average (1, 5, 15 min): {string.Join("; ", loads.Select(l => $"{l.At.TotalSeconds:0} s: {l.Load}"))}");
            Console.WriteLine("### Answer ingestion: one process and several instances");
            Console.WriteLine(rates);
            Console.WriteLine("### Where the CPU went (over the measured answers)");
            Console.WriteLine(cpu);
            return 0;
        }
        finally
        {
            await sampling.CancelAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// <paramref name="instances"/> bot processes in webhook mode on a fresh PostgreSQL database, the fake Bot API posting
    /// to them in turn: warm-up answers first (the processes' JIT, pools and caches), then the measured answers in one go.
    /// </summary>
    private static async Task<ClusterRun> ClusterAsync(string root, QuestionBank bank, string folder, BenchPostgres postgres,
        int instances, int connections, int pool, int warmupGroups, int groups, int members, int polls, bool traced)
    {
        var warmup = warmupGroups * members * polls;
        var total = groups * members * polls;
        using var database = new PostgresDatabase(postgres.CreateDatabase($"cluster{instances}"));
        database.Migrate();
        var workload = await AnswerWorkload.CreateAsync(database, bank, warmupGroups + groups, members, polls);

        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions { WebhookConnections = connections });
        var addresses = Enumerable.Range(0, instances).Select(_ => $"http://127.0.0.1:{FreePort()}").ToList();
        api.RouteWebhooksTo([.. addresses]);
        var processes = new List<Process>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                var name = $"bot{i + 1}";
                // Each pool capped as docs/deploy.md advises for three instances on PostgreSQL's default max_connections (--pool).
                processes.Add(BotLauncher.Start(api, database.ConnectionString + $";Maximum Pool Size={pool}", folder, Settings(root, addresses[i]),
                    line => { if (line.Length > 0) Console.WriteLine($"  {name}: {line}"); }));
                // The first one started leads (it takes the lock before the others exist): the roles are then known.
                if (i == 0) await api.WaitForCallAsync("setWebhook", timeout: TimeSpan.FromSeconds(60));
            }
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var roles = new List<string>();
            foreach (var address in addresses) roles.Add(await WaitHealthyAsync(http, address));
            Console.WriteLine($"  instances: {string.Join(", ", addresses.Zip(roles, (a, r) => $"{a} {r}"))}");

            var clock = Stopwatch.StartNew();
            await using var c = database.Connect();
            api.EnqueueAll(workload.Answers(0, warmupGroups));
            await IngestionBenchmark.WaitForAnswersAsync(c, warmup, clock);
            await QuietAsync(processes);
            Console.WriteLine($"  warm-up committed after {clock.Elapsed.TotalSeconds:N1} s; measuring");

            var measured = workload.Answers(warmupGroups, warmupGroups + groups).ToList();
            var deliveriesBefore = api.Deliveries.Count;
            var before = processes.Select(p => ProcessCpu.Of(p.Id)).ToList();
            var (fake, server) = (Environment.CpuUsage.TotalTime, postgres.ServerCpu());
            var waiting = IngestionBenchmark.Waiting(postgres, processes.Select(p => p.Id));
            api.EnqueueAll(measured);
            clock.Restart();
            var intake = WaitForIntakeAsync(api, clock);
            using var tracing = new CancellationTokenSource();
            var trace = traced ? TraceAsync(api, database, warmup, clock, tracing.Token) : Task.CompletedTask;
            var first = await IngestionBenchmark.WaitForAnswersAsync(c, warmup + 1, clock);
            var tenth = await IngestionBenchmark.WaitForAnswersAsync(c, warmup + total / 10, clock);
            var ninetieth = await IngestionBenchmark.WaitForAnswersAsync(c, warmup + total * 9 / 10, clock);
            var last = await IngestionBenchmark.WaitForAnswersAsync(c, warmup + total, clock);
            var after = processes.Select(p => ProcessCpu.Of(p.Id)).ToList();
            (fake, server) = (Environment.CpuUsage.TotalTime - fake, postgres.ServerCpu() - server);
            waiting = IngestionBenchmark.Waiting(postgres, processes.Select(p => p.Id)) - waiting;
            var intakeDone = await intake;
            await tracing.CancelAsync();
            await trace;
            var seconds = Math.Max(last.TotalSeconds, intakeDone.TotalSeconds);

            IngestionBenchmark.CheckStored(c, warmup + total);
            var deliveries = api.Deliveries.Skip(deliveriesBefore).ToList();
            var counted = addresses.Select((a, i) => new Instance(roles[i],
                deliveries.Count(d => d.Target.StartsWith(a, StringComparison.Ordinal) && d.Status == 200),
                deliveries.Count(d => d.Target.StartsWith(a, StringComparison.Ordinal) && d.Status != 200),
                (after[i] - before[i]).TotalMicroseconds / total, (after[i] - before[i]).TotalSeconds / seconds)).ToList();
            var run = new IngestionBenchmark.Run(first, tenth, ninetieth, last, counted.Sum(m => m.CpuPerAnswer),
                server?.TotalMicroseconds / total ?? double.NaN, waiting.TotalMicroseconds / total);
            Console.WriteLine($"  {instances} instance(s): {run.Sustained(total):N0}/s sustained, {run.EndToEnd(total):N0}/s first → last; intake done after " +
                $"{intakeDone.TotalSeconds:0.0} s; commits first, 10%, 90%, last after {first.TotalSeconds:0.00}, {tenth.TotalSeconds:0.00}, " +
                $"{ninetieth.TotalSeconds:0.00}, {last.TotalSeconds:0.00} s; " +
                string.Join("; ", counted.Select(m => $"{m.Role}: {m.Accepted:N0} calls ({m.Refused} refused), {m.CpuPerAnswer:N0} µs/answer, {m.CoreShare:P0} of a core")));
            return new ClusterRun(instances, pool, run, intakeDone, counted, fake.TotalMicroseconds / total, deliveries.Count(d => d.Status != 200));
        }
        finally
        {
            foreach (var p in processes)
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
                p.Dispose();
            }
        }
    }

    /// <summary>The bot's environment: webhook mode on PostgreSQL, as deployed (docs/deploy.md), listening on its own port.</summary>
    private static Dictionary<string, string> Settings(string root, string address) => new()
    {
        ["Telegram__Mode"] = "webhook",
        ["Telegram__WebhookUrl"] = HookUrl,
        ["Telegram__WebhookSecret"] = Secret,
        ["Urls"] = address,
        ["Storage__Provider"] = "postgres",
        ["Quiz__SeedsPath"] = Path.Combine(root, "seeds"),
        ["Logging__LogLevel__Default"] = "Warning",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["MALLOC_ARENA_MAX"] = "1", // as deploy/quizbot.service runs it
    };

    /// <summary>Until the instance answers /healthz with 200 (at most 30 s); its role ("follower, 503" when it never did).</summary>
    private static async Task<string> WaitHealthyAsync(HttpClient http, string address)
    {
        var limit = Stopwatch.StartNew();
        var (role, last) = ("?", "");
        while (limit.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                using var r = await http.GetAsync(address + "/healthz");
                last = await r.Content.ReadAsStringAsync();
                using var json = JsonDocument.Parse(last);
                role = json.RootElement.GetProperty("role").GetString() ?? "?";
                if (r.StatusCode == HttpStatusCode.OK) return role;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                last = e.Message;
            }
            await Task.Delay(200);
        }
        Console.WriteLine($"  {address} is not healthy after 30 s ({last}); measuring anyway: the fake retries its 503s elsewhere");
        return $"{role}, 503";
    }

    /// <summary>--trace: every half second, the updates not yet acknowledged by an instance, stored and not yet handled, and the answers committed.</summary>
    private static async Task TraceAsync(FakeBotApi api, PostgresDatabase database, int warmup, Stopwatch clock, CancellationToken ct)
    {
        await using var c = database.Connect();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var inbox = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM update_inbox");
                var answers = await c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(answer_id), 0) FROM answers") - warmup;
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:0.0} s: {api.PendingUpdateCount,5} at the fake, {inbox,5} in the inbox, {answers,5} committed");
                await Task.Delay(500, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>When the fake Bot API had every measured update acknowledged (its queue empty).</summary>
    private static async Task<TimeSpan> WaitForIntakeAsync(FakeBotApi api, Stopwatch clock)
    {
        var limit = clock.Elapsed + TimeSpan.FromMinutes(10);
        while (api.PendingUpdateCount > 0 && clock.Elapsed < limit) await Task.Delay(10);
        return clock.Elapsed;
    }

    /// <summary>Until the bot processes together used under a tenth of a core for a second (at most 30 s): their JIT has tiered up.</summary>
    private static async Task QuietAsync(IReadOnlyList<Process> processes)
    {
        var limit = Stopwatch.StartNew();
        var before = processes.Sum(p => ProcessCpu.Of(p.Id).TotalSeconds);
        while (limit.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = processes.Sum(p => ProcessCpu.Of(p.Id).TotalSeconds);
            if (now - before < 0.1) return;
            before = now;
        }
    }

    private static async Task SampleLoadAsync(List<(TimeSpan At, string Load)> loads, Stopwatch wall, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(15), ct);
                lock (loads) loads.Add((wall.Elapsed, ScoreBench.LoadAverage()));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
