using System.Data.Common;
using Dapper;
using Npgsql;

namespace QuizBot.Storage;

/// <summary>
/// PostgreSQL's side of the provider seam (<see cref="IDatabase"/>): one <see cref="NpgsqlDataSource"/> (Npgsql's
/// connection pool) per process, the migrations of Storage/Migrations/Postgres recorded in <c>schema_version</c>, and the
/// one-bot-per-database lock as a session advisory lock. The data source is made at the first connection, so a wrong
/// connection string is reported by the start-up check (<see cref="StorageOptions.Problems"/>), not by the container.
/// </summary>
internal sealed class PostgresDatabase(string connectionString) : IDatabase, IDisposable
{
    /// <summary>The advisory-lock key of migrations (one migrator at a time): any fixed number, "QuizMigr" in ASCII.</summary>
    private const long MigrationLockKey = 0x5175697a4d696772;

    /// <summary>The advisory-lock key one bot holds for as long as it runs: "QuizBot1" in ASCII.</summary>
    internal const long InstanceLockKey = 0x5175697a426f7431;

    private readonly Lazy<NpgsqlDataSource> _source = new(() => CreateSource(connectionString));
    private NpgsqlConnection? _instanceLock;

    public string ConnectionString { get; } = connectionString;

    /// <summary>
    /// The pool, with two settings the operator's connection string may override: statements prepared on the server
    /// after their second use (the answer path runs the same few statements thousands of times a second; Npgsql prepares
    /// nothing by default), and a lock wait bounded as on SQLite (<see cref="Database.LockWait"/>), after which a write
    /// fails with 55P03 and is held and retried like SQLite's busy database (docs/operations.md).
    /// </summary>
    private static NpgsqlDataSource CreateSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
        }
        if (settings.Options?.Contains("lock_timeout", StringComparison.Ordinal) != true)
            settings.Options = $"{settings.Options} -c lock_timeout={(int)Database.LockWait.TotalMilliseconds}".Trim();
        return builder.Build();
    }

    public StorageProvider Provider => StorageProvider.Postgres;

    public NpgsqlDataSource Source => _source.Value;

    public NpgsqlConnection Open() => Source.OpenConnection();

    public DbConnection Connect() => Open();

    public async ValueTask<DbConnection> ConnectAsync() => await Source.OpenConnectionAsync();

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default) => Source.OpenConnectionAsync(cancellationToken);

    /// <summary>Migration scripts embedded from Storage/Migrations/Postgres, numbered 001_…, applied in order.</summary>
    public static IReadOnlyList<(int Version, string Sql)> Migrations() => EmbeddedMigrations.For(StorageProvider.Postgres);

    /// <summary>
    /// Brings the schema up to date: forward-only, each script in its own transaction together with its row in
    /// <c>schema_version</c>. A transaction-scoped advisory lock lets one process migrate at a time, so two processes
    /// starting together never both apply a script; the second finds the version already recorded.
    /// </summary>
    public int Migrate()
    {
        using var connection = Open();
        var migrations = Migrations();
        while (true)
        {
            using var tx = connection.BeginTransaction();
            connection.Execute("SELECT pg_advisory_xact_lock(@MigrationLockKey)", new { MigrationLockKey }, tx);
            connection.Execute("""
                CREATE TABLE IF NOT EXISTS schema_version (
                    version    bigint PRIMARY KEY,
                    applied_at bigint NOT NULL  -- unix ms
                )
                """, transaction: tx);
            var current = connection.ExecuteScalar<long>("SELECT COALESCE(MAX(version), 0) FROM schema_version", transaction: tx);
            var next = migrations.FirstOrDefault(m => m.Version > current);
            if (next.Sql is null)
            {
                tx.Commit();
                return (int)current;
            }
            connection.Execute(next.Sql, transaction: tx);
            connection.Execute("INSERT INTO schema_version (version, applied_at) VALUES (@Version, @At)",
                new { next.Version, At = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx);
            tx.Commit();
        }
    }

    /// <summary>The schema version recorded, 0 for a database QuizBot never migrated.</summary>
    public long SchemaVersion()
    {
        using var connection = Open();
        if (connection.ExecuteScalar<string?>("SELECT to_regclass('schema_version')::text") is null) return 0;
        return connection.ExecuteScalar<long>("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    }

    /// <summary>A write that is rolled back: a read-only server (a standby), a read-only user or a full disk fail here.</summary>
    public void CheckWritable()
    {
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        connection.Execute("INSERT INTO bot_state (key, value) VALUES ('startup.check', '') ON CONFLICT (key) DO NOTHING", transaction: tx);
        tx.Rollback();
    }

    /// <summary>"database quizbot on 127.0.0.1:5432 as quizbot": what the operator needs to find it, never the password.</summary>
    public string Describe() => Describe(ConnectionString);

    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL database {b.Database ?? b.Username} on {b.Host}:{b.Port}{(b.Username is { } user ? $" as {user}" : "")}";
    }

    /// <summary>
    /// A PostgreSQL error message for a log or start-up line. Npgsql's and the server's texts do not carry the password,
    /// but the connection string's password is cut out anyway, in case a future version quotes it.
    /// </summary>
    public static string Redact(string message, string connectionString)
    {
        try
        {
            var password = new NpgsqlConnectionStringBuilder(connectionString).Password;
            return string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return message;
        }
    }

    /// <summary>
    /// The database's advisory lock, taken by a restore so that no bot runs while it does: the same key the bots' leader
    /// holds (<see cref="PostgresLeaderElection"/>), on a connection of its own, held until it is disposed (the server
    /// releases it when the connection closes, however the process died). False when another session holds it.
    /// </summary>
    public bool TryTakeInstanceLock()
    {
        if (_instanceLock is not null) return true;
        // Its own connection, outside the pool: a pooled one would go back to the pool with the lock still held.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        if (connection.ExecuteScalar<bool>("SELECT pg_try_advisory_lock(@InstanceLockKey)", new { InstanceLockKey }))
        {
            _instanceLock = connection;
            return true;
        }
        connection.Dispose();
        return false;
    }

    public void Dispose()
    {
        _instanceLock?.Dispose();
        _instanceLock = null;
        if (_source.IsValueCreated) _source.Value.Dispose();
    }
}
