using Microsoft.Data.Sqlite;
using QuizBot.Storage;

namespace QuizBot.Tests.Support;

/// <summary>A real SQLite file in its own temporary folder, deleted afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    /// <param name="faults">Storage faults a test switches on and off (see <see cref="StorageFaults"/>).</param>
    public TempDatabase(StorageFaults? faults = null)
    {
        Folder = Directory.CreateTempSubdirectory("quizbot-test-").FullName;
        Path = System.IO.Path.Combine(Folder, "quizbot.db");
        ConnectionString = $"Data Source={Path}";
        Database = new Database(ConnectionString, faults);
    }

    public string Folder { get; }
    public string Path { get; }
    public string ConnectionString { get; }
    public Database Database { get; }

    public Stores Migrated()
    {
        Database.Migrate();
        return new Stores(Database);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep -wal/-shm open
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { /* best effort on a temp folder */ }
    }
}
