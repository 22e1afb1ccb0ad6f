using System.Diagnostics;
using System.Net;
using System.Text.Json;
using QuizBot.Tests.Fakes;

namespace QuizBot.Tests.Support;

/// <summary>
/// Several instances of the real bot on one PostgreSQL in webhook mode (issue 12), each a separate process
/// (<see cref="BotProcess"/>, so it can be killed with SIGKILL), behind the fake's load balancer, which posts each update
/// to the instances in turn. Each instance keeps its port for good: a killed one is replaced by a new process on the same
/// port, so the load balancer always has the same backends. Every process writes its own log in the database's folder
/// (<c>instance-1.log</c>, then <c>instance-1.2.log</c> for its first replacement, …).
/// </summary>
internal sealed class Cluster : IDisposable
{
    private readonly FakeBotApi _api;
    private readonly TempDatabase _db;
    private readonly Dictionary<string, string> _settings;
    private readonly string[] _addresses;
    private readonly BotProcess[] _processes;
    private readonly int[] _generations;

    private Cluster(FakeBotApi api, TempDatabase db, Dictionary<string, string> settings, int instances)
    {
        _api = api;
        _db = db;
        _settings = settings;
        _addresses = Enumerable.Range(0, instances).Select(_ => $"http://127.0.0.1:{FreePort()}").ToArray();
        _generations = new int[instances];
        _processes = new BotProcess[instances];
    }

    /// <summary>The instances' base addresses (http://127.0.0.1:port), in the load balancer's order.</summary>
    public IReadOnlyList<string> Addresses => _addresses;

    /// <summary>How many leaders <see cref="KillLeaderAsync"/> has killed.</summary>
    public int Kills { get; private set; }

    /// <summary>
    /// Starts <paramref name="instances"/> processes in webhook mode (<see cref="TestBot.WebhookSettings"/> plus
    /// <paramref name="settings"/>) and routes the webhook to all of them.
    /// </summary>
    public static Cluster Start(FakeBotApi api, TempDatabase db, int instances, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = TestBot.WebhookSettings().ToDictionary(kv => kv.Key, kv => kv.Value!);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        var cluster = new Cluster(api, db, all, instances);
        for (var i = 0; i < instances; i++) cluster._processes[i] = cluster.Launch(i);
        api.RouteWebhooksTo(cluster._addresses);
        return cluster;
    }

    private BotProcess Launch(int instance)
    {
        var settings = new Dictionary<string, string>(_settings) { ["Urls"] = _addresses[instance] };
        _generations[instance]++;
        return BotProcess.Start(_api, _db, settings, logName: LogName(instance));
    }

    /// <summary>The log of the instance's current process: instance-2, then instance-2.2 for its first replacement, ….</summary>
    private string LogName(int instance) =>
        _generations[instance] == 1 ? $"instance-{instance + 1}" : $"instance-{instance + 1}.{_generations[instance]}";

    /// <summary>A free loopback port (free when asked: the instance binds it a moment later).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An instance's <c>GET /healthz</c>: its status and its role ("leader" or "follower"); 0 and null when it does not answer.</summary>
    public static async Task<(HttpStatusCode Status, string? Role)> HealthAsync(string address)
    {
        using var http = WebhookStories.Client();
        try
        {
            using var r = await http.GetAsync(address + "/healthz");
            using var json = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            return (r.StatusCode, json.RootElement.GetProperty("role").GetString());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (0, null); // not listening (yet, or any more)
        }
    }

    /// <summary>Every instance's health, in <see cref="Addresses"/> order.</summary>
    public Task<(HttpStatusCode Status, string? Role)[]> HealthAsync() => Task.WhenAll(_addresses.Select(HealthAsync));

    /// <summary>
    /// Waits until one instance answers /healthz 200 as the leader and, with <paramref name="all"/>, every other one 200 as
    /// a follower (every backend of the load balancer can take updates). Returns the leader's index.
    /// </summary>
    public async Task<int> WaitForLeaderAsync(TimeSpan timeout, bool all = true)
    {
        var clock = Stopwatch.StartNew();
        var health = Array.Empty<(HttpStatusCode Status, string? Role)>();
        while (true)
        {
            health = await HealthAsync();
            var leaders = Enumerable.Range(0, health.Length).Where(i => health[i] == (HttpStatusCode.OK, "leader")).ToList();
            var ready = leaders.Count == 1 && (!all || health.Count(h => h == (HttpStatusCode.OK, "follower")) == health.Length - 1);
            if (ready) return leaders[0];
            foreach (var i in Enumerable.Range(0, _processes.Length).Where(i => !_processes[i].Running))
                throw new InvalidOperationException($"instance {i + 1} ended on its own:\n{Tail(i, 40)}");
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"no leader with {(all ? "every other instance following" : "")} within {timeout.TotalSeconds} s: " +
                    string.Join(", ", health.Select((h, i) => $"instance {i + 1} {(int)h.Status} {h.Role}")) + "\n" + Tails(20));
            await Task.Delay(100); // polls the instances' health, as a load balancer does
        }
    }

    /// <summary>
    /// Kills the leader with SIGKILL and starts a new process on its port at once (a supervisor restarting it); returns
    /// the killed instance's index. The new process starts as a follower: another instance takes over.
    /// </summary>
    public async Task<int> KillLeaderAsync(TimeSpan timeout)
    {
        var leader = await WaitForLeaderAsync(timeout, all: false);
        _processes[leader].Kill();
        Kills++;
        _processes[leader].Dispose();
        _processes[leader] = Launch(leader);
        return leader;
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> on the database holds, looking every 200 ms. Not at the fake's events: in
    /// webhook mode no getUpdates wakes the look, and what the leader records after its last call to Telegram (a push or
    /// round marked done, an inbox row deleted) shows at the fake by no event at all.
    /// </summary>
    public static async Task<bool> TryWaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout) return false;
            await Task.Delay(200);
        }
        return true;
    }

    /// <summary>The last lines of an instance's current log (for failure messages).</summary>
    public string Tail(int instance, int lines)
    {
        var name = LogName(instance);
        var path = Path.Combine(_db.Folder, name + ".log");
        return File.Exists(path) ? $"--- {name}.log\n" + string.Join("\n", File.ReadLines(path).TakeLast(lines)) : $"--- {name}.log missing";
    }

    /// <summary>The last lines of every instance's current log.</summary>
    public string Tails(int lines) => string.Join("\n", Enumerable.Range(0, _processes.Length).Select(i => Tail(i, lines)));

    public void Dispose()
    {
        foreach (var process in _processes) process?.Dispose();
    }
}
