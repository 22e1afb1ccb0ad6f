using System.Diagnostics;
using Dapper;
using Npgsql;
using QuizBot.Storage;

namespace QuizBot.Benchmarks;

/// <summary>
/// The PostgreSQL server of a benchmark run with <c>--provider postgres</c>: a cluster of its own started by
/// tests/postgres.sh with PostgreSQL's durable defaults (QUIZBOT_PG_DURABLE=1: fsync on, every commit flushed, as a
/// production server and as SQLite's synchronous=FULL), on a loopback port, stopped at the end; or the server given
/// with <c>--postgres "Host=…;Username=…"</c>, where the benchmark creates and drops databases of its own.
/// </summary>
internal sealed class BenchPostgres : IDisposable
{
    private readonly string? _folder;
    private readonly List<string> _databases = [];

    private BenchPostgres(string connectionString, string? folder) => (ConnectionString, _folder) = (connectionString, folder);

    /// <summary>The server, without a database.</summary>
    public string ConnectionString { get; }

    /// <summary>The server's CPU time so far (<see cref="ProcessCpu.PostgresServer"/>) when this run started it, else null.</summary>
    public TimeSpan? ServerCpu() => Postmaster() is { } pid ? ProcessCpu.PostgresServer(pid) : null;

    /// <summary>How long the server's processes waited for a CPU so far (<see cref="ProcessCpu.PostgresServerWaiting"/>), when this run started it.</summary>
    public TimeSpan? ServerWaiting() => Postmaster() is { } pid ? ProcessCpu.PostgresServerWaiting(pid) : null;

    private int? Postmaster() =>
        _folder is not null && File.Exists(Path.Combine(_folder, "data", "postmaster.pid"))
            ? int.Parse(File.ReadLines(Path.Combine(_folder, "data", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public static StorageProvider Provider(string[] args) =>
        Array.IndexOf(args, "--provider") is var at and >= 0 && at + 1 < args.Length && args[at + 1].StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
            ? StorageProvider.Postgres
            : StorageProvider.Sqlite;

    public static BenchPostgres Start(string[] args)
    {
        if (Array.IndexOf(args, "--postgres") is var at and >= 0 && at + 1 < args.Length) return new BenchPostgres(args[at + 1], null);
        var info = new ProcessStartInfo("bash", [Path.Combine(ScoreBench.RepoRoot(), "tests", "postgres.sh"), "start", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["QUIZBOT_PG_DURABLE"] = "1";
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"tests/postgres.sh could not start PostgreSQL: {errors.Result}");
        var fields = output.TrimEnd().Split('\n')[^1].Split('\t');
        Console.WriteLine($"PostgreSQL: a cluster of this run's own, durable defaults (fsync on), {fields[1]}");
        return new BenchPostgres(fields[1], fields[0]);
    }

    /// <summary>A new empty database; its connection string.</summary>
    public string CreateDatabase(string name)
    {
        name = $"bench_{name}_{Environment.ProcessId}";
        using (var admin = new NpgsqlConnection(ConnectionString + ";Database=postgres;Pooling=false"))
        {
            admin.Open();
            admin.Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            admin.Execute($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'");
        }
        _databases.Add(name);
        return $"{ConnectionString};Database={name}";
    }

    public static string Version(string connectionString)
    {
        using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        c.Open();
        return c.ExecuteScalar<string>("SHOW server_version") ?? "?";
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (_folder is not null)
        {
            using var stop = Process.Start(new ProcessStartInfo("bash", [Path.Combine(ScoreBench.RepoRoot(), "tests", "postgres.sh"), "stop", _folder]));
            stop?.WaitForExit();
            return;
        }
        using var admin = new NpgsqlConnection(ConnectionString + ";Database=postgres;Pooling=false");
        admin.Open();
        foreach (var name in _databases) admin.Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }
}
