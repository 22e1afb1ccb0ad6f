using Microsoft.Data.Sqlite;
using QuizBot.Storage;

namespace QuizBot.Tests.Support;

/// <summary>
/// A real database of the test's own, deleted afterwards: a SQLite file in a temporary folder, or a PostgreSQL database on
/// the test run's server (<see cref="PostgresServer"/>), already at the current schema. Either way <see cref="Folder"/> is a
/// temporary folder of the test's (the host's content root).
/// </summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly Database? _sqlite;
    private readonly PostgresDatabase? _postgres;

    /// <param name="faults">Storage faults a test switches on and off (see <see cref="StorageFaults"/>; SQLite only).</param>
    public TempDatabase(StorageFaults? faults = null) : this(StorageProvider.Sqlite, faults)
    {
    }

    public TempDatabase(StorageProvider provider, StorageFaults? faults = null)
    {
        Provider = provider;
        Folder = Directory.CreateTempSubdirectory("quizbot-test-").FullName;
        if (provider == StorageProvider.Sqlite)
        {
            ConnectionString = $"Data Source={System.IO.Path.Combine(Folder, "quizbot.db")}";
            _sqlite = new Database(ConnectionString, faults);
            return;
        }
        if (faults is not null) throw new ArgumentException("Storage faults are SQLite's own limits", nameof(faults));
        ConnectionString = PostgresServer.CreateDatabase();
        _postgres = new PostgresDatabase(ConnectionString);
    }

    public StorageProvider Provider { get; }
    public string Folder { get; }
    public string ConnectionString { get; }

    /// <summary>The database, whichever the provider: what the stores and the host use.</summary>
    public IDatabase Storage => (IDatabase?)_sqlite ?? _postgres!;

    /// <summary>The SQLite database, for tests of what only SQLite has (its file, pragmas, faults).</summary>
    public Database Database => _sqlite ?? throw new InvalidOperationException("a SQLite-only test ran on PostgreSQL");

    /// <summary>The SQLite file (SQLite only).</summary>
    public string Path => InstanceLock.DatabaseFile(Database.ConnectionString)!;

    /// <summary>The host settings that point at this database: Storage:Provider and ConnectionStrings:QuizBot.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Storage:Provider", Provider == StorageProvider.Postgres ? "postgres" : "sqlite"),
        new("ConnectionStrings:QuizBot", ConnectionString),
    ];

    public Stores Migrated()
    {
        Storage.Migrate();
        return new Stores(Storage);
    }

    public void Dispose()
    {
        if (_postgres is not null)
        {
            _postgres.Dispose();
            PostgresServer.DropDatabase(ConnectionString);
        }
        else
        {
            SqliteConnection.ClearAllPools(); // pooled connections keep -wal/-shm open
        }
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { /* best effort on a temp folder */ }
    }
}
