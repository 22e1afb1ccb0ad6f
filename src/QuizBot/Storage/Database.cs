using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace QuizBot.Storage;

/// <summary>Opens SQLite connections with the pragmas every connection needs, and applies the embedded migrations.</summary>
/// <param name="faults">Only tests pass one (<see cref="StorageFaults"/>); production connections have none.</param>
/// <param name="syncEveryCommit">
/// <c>synchronous = FULL</c> (the default, and what the bot runs with): each commit is on the disk before it returns, so
/// an answer confirmed to Telegram survives a power cut. False (NORMAL) only for the ingestion benchmark's comparison.
/// </param>
internal sealed class Database(string connectionString, StorageFaults? faults = null, bool syncEveryCommit = true) : IDatabase
{
    public string ConnectionString { get; } = connectionString;

    public StorageProvider Provider => StorageProvider.Sqlite;

    /// <summary>The database file's full path (or the data source as written, for ":memory:" and "file:" URIs).</summary>
    public string Describe() => InstanceLock.DatabaseFile(ConnectionString) ?? new SqliteConnectionStringBuilder(ConnectionString).DataSource;

    /// <summary>SQLite handles (kept alive by the connection pool) whose per-connection pragmas are set.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Prepared = new();

    /// <summary>Page cache per pooled connection: negative means kilobytes (256 KB).</summary>
    public const int ReaderCacheSize = -256;

    /// <summary>
    /// How long a statement waits for a write lock another connection holds before it fails with SQLITE_BUSY: SQLite's
    /// busy timeout, and the library's own retry loop (<see cref="SqliteConnection.DefaultTimeout"/>, 30 s by default) cut
    /// to the same. The caller then holds what it must not lose and retries later (docs/operations.md).
    /// </summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString) { DefaultTimeout = (int)LockWait.TotalSeconds };
        connection.Open();
        // WAL + FULL: the log is synced at every commit, so a commit survives a power cut, not only a crash of the process
        // (NORMAL syncs it only at checkpoints). The bot confirms updates to Telegram after their commit, and Telegram
        // then forgets them: NORMAL could lose confirmed answers. The group commit pays one sync per batch, not per answer
        // (docs/operations.md, "Durability"; the cost is measured in docs/benchmarks.md). busy_timeout: see LockWait.
        // A pooled connection keeps these settings: set them once per underlying SQLite handle, not on every Open (the
        // answer path opens several connections per answer; docs/benchmarks.md). cache_size: 256 KB of page cache per
        // connection instead of 2 MB, as up to 128 handler lanes each hold one; the OS page cache holds the file anyway.
        if (connection.Handle is { } handle && Prepared.TryAdd(handle, true))
            connection.Execute($"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(syncEveryCommit ? "FULL" : "NORMAL")}; PRAGMA busy_timeout = {(int)LockWait.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA cache_size = {ReaderCacheSize};");
        faults?.Apply(connection);
        return connection;
    }

    /// <summary>A connection for the subject stores, which speak only System.Data.Common and Dapper (docs/storage.md).</summary>
    public DbConnection Connect() => Open();

    /// <summary>SQLite opens a file: nothing to wait for on the network, so this is <see cref="Connect"/>.</summary>
    public ValueTask<DbConnection> ConnectAsync() => ValueTask.FromResult<DbConnection>(Open());

    /// <summary>Takes the write lock and lets it go, so a read-only or locked database is found at start, not at the first answer.</summary>
    public void CheckWritable()
    {
        using var connection = Open();
        connection.Execute("BEGIN IMMEDIATE; ROLLBACK;");
    }

    /// <summary>Creates the folder of a file database so a fresh checkout runs with no set-up.</summary>
    public void EnsureFolder()
    {
        var path = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:" || path.StartsWith("file:", StringComparison.Ordinal)) return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }

    /// <summary>Migration scripts embedded from Storage/Migrations/Sqlite, numbered 001_…, applied in order.</summary>
    public static IReadOnlyList<(int Version, string Sql)> Migrations() => EmbeddedMigrations.For(StorageProvider.Sqlite);

    /// <summary>Brings the schema up to date; forward-only, each script in its own transaction with its version.</summary>
    public int Migrate()
    {
        EnsureFolder();
        using var connection = Open();
        var current = connection.ExecuteScalar<long>("PRAGMA user_version");
        foreach (var (version, sql) in Migrations().Where(m => m.Version > current))
        {
            using var tx = connection.BeginTransaction();
            connection.Execute(sql, transaction: tx);
            connection.Execute($"PRAGMA user_version = {version}", transaction: tx);
            tx.Commit();
            current = version;
        }
        return (int)current;
    }
}

/// <summary>The storage faults a test can switch on and off while the bot runs.</summary>
internal enum StorageFault
{
    None,

    /// <summary>The disk is full: SQLite's <c>max_page_count</c> is pinned at the file's size, so a write that needs a new
    /// page fails with SQLITE_FULL ("database or disk is full"), as when the file cannot grow.</summary>
    Full,

    /// <summary>The database cannot be written: <c>query_only</c>, so every write fails with SQLITE_READONLY.</summary>
    ReadOnly,
}

/// <summary>
/// A fault-injection seam, registered only by tests: applies the current <see cref="StorageFault"/> to every connection
/// <see cref="Database.Open"/> hands out (pooled ones included), using SQLite's own per-connection limits, so the bot's
/// real queries meet real SQLite errors. We run as root, so file modes cannot make a file read-only, and CI cannot
/// mount a small filesystem; <c>chattr +i</c> works on some filesystems only.
/// </summary>
internal sealed class StorageFaults
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, Applied> _applied = new();
    private StorageFault _fault;
    private int _generation;

    public StorageFault Current => _fault;

    /// <summary>Takes effect on each connection at its next Open; connections in use finish what they are doing.</summary>
    public void Set(StorageFault fault)
    {
        _fault = fault;
        Interlocked.Increment(ref _generation);
    }

    internal void Apply(SqliteConnection connection)
    {
        var generation = Volatile.Read(ref _generation);
        if (connection.Handle is not { } handle) return;
        var applied = _applied.GetValue(handle, _ => new Applied(connection.ExecuteScalar<long>("PRAGMA max_page_count")));
        if (applied.Generation == generation) return;
        var fault = _fault;
        var maxPages = fault == StorageFault.Full ? connection.ExecuteScalar<long>("PRAGMA page_count") : applied.DefaultMaxPages;
        connection.Execute($"PRAGMA max_page_count = {maxPages}; PRAGMA query_only = {(fault == StorageFault.ReadOnly ? 1 : 0)};");
        applied.Generation = generation;
    }

    private sealed class Applied(long defaultMaxPages)
    {
        public long DefaultMaxPages { get; } = defaultMaxPages;
        public int Generation { get; set; }
    }
}
