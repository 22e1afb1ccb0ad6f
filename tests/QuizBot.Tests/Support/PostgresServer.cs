using System.Diagnostics;
using Dapper;
using Npgsql;
using QuizBot.Storage;

namespace QuizBot.Tests.Support;

/// <summary>
/// The real PostgreSQL server of this test run: a throwaway cluster that tests/postgres.sh installs (where missing) and
/// starts on a loopback port at the first test that needs it, and stops when the test process ends (docs/testing.md,
/// "PostgreSQL"). Each test gets a database of its own, made in milliseconds from a template migrated once. When no
/// server can be had, every PostgreSQL test fails with the script's reason: none is skipped.
/// </summary>
internal static class PostgresServer
{
    private const string Template = "quizbot_template";

    private static readonly Lazy<Cluster> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databases;

    private sealed record Cluster(string Folder, string ConnectionString);

    /// <summary>The server's connection string (no database): starts the server on first use.</summary>
    public static string ConnectionString => Instance.Value.ConnectionString;

    /// <summary>A new database of its own: empty (for migration tests) or migrated to the current schema.</summary>
    public static string CreateDatabase(bool migrated = true)
    {
        var name = $"test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        using var admin = new NpgsqlConnection(ConnectionString + ";Database=postgres;Pooling=false");
        admin.Open();
        admin.Execute($"CREATE DATABASE {name} TEMPLATE {(migrated ? Template : "template0")}");
        return $"{ConnectionString};Database={name}";
    }

    /// <summary>Drops a test's database, ending any connection still open to it.</summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using var admin = new NpgsqlConnection(ConnectionString + ";Database=postgres;Pooling=false");
        admin.Open();
        admin.Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static Cluster Start()
    {
        var script = Path.Combine(TestBot.RepoRoot(), "tests", "postgres.sh");
        var (code, output, errors) = RunScript(script, "start", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (code != 0)
            throw new InvalidOperationException($"The PostgreSQL tests need a PostgreSQL server and tests/postgres.sh could not start one " +
                $"(exit code {code}): {errors.Trim()}");
        var fields = output.TrimEnd().Split('\n')[^1].Split('\t');
        var cluster = new Cluster(fields[0], fields[1]);
        // The cluster goes with the test process; a process killed before this runs leaves it to the next start's clean-up.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunScript(script, "stop", cluster.Folder);
        using (var admin = new NpgsqlConnection(cluster.ConnectionString + ";Database=postgres;Pooling=false"))
        {
            admin.Open();
            admin.Execute($"CREATE DATABASE {Template} TEMPLATE template0");
        }
        // Migrated once, outside the pool: CREATE DATABASE … TEMPLATE needs the template to have no open connection.
        using (var template = new PostgresDatabase($"{cluster.ConnectionString};Database={Template};Pooling=false"))
            template.Migrate();
        return cluster;
    }

    private static (int Code, string Output, string Errors) RunScript(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash", [script, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash could not be started");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors.Result);
    }
}

/// <summary>A PostgreSQL database of one test's own on the run's server, dropped afterwards.</summary>
internal sealed class TempPostgresDatabase : IDisposable
{
    public TempPostgresDatabase(bool migrated = true)
    {
        ConnectionString = PostgresServer.CreateDatabase(migrated);
        Database = new PostgresDatabase(ConnectionString);
    }

    public string ConnectionString { get; }
    public PostgresDatabase Database { get; }

    public void Dispose()
    {
        Database.Dispose();
        PostgresServer.DropDatabase(ConnectionString);
    }
}
