using Microsoft.Data.Sqlite;

namespace QuizBot.Storage;

/// <summary>
/// One bot per database (docs/operations.md, "One bot per database"): an exclusive operating-system lock on a file beside
/// the database (data/quizbot.db.lock), taken at start and held for the life of the process. Two bots on one database would
/// both run the round clock and the daily push and send every podium and daily message twice. A restore takes the same lock
/// while it replaces the file. The lock is <c>flock</c> on Linux and macOS (FileShare.None) and a sharing lock on Windows:
/// the operating system lets go of it when the process ends, however it ends (SIGKILL too), so the file left behind is
/// harmless and is never deleted (deleting a lock file others may be opening would let two of them hold "the" lock).
/// </summary>
internal sealed class InstanceLock(string connectionString) : IDisposable
{
    private FileStream? _held;

    /// <summary>The lock file, or null for a database that is not a file (":memory:", "file:" URIs).</summary>
    public string? FilePath { get; } = DatabaseFile(connectionString) is { } file ? file + ".lock" : null;

    /// <summary>The database file as a full path, or null when it is not a plain file.</summary>
    public static string? DatabaseFile(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.Ordinal)) return null;
        return Path.GetFullPath(source);
    }

    /// <summary>Takes the lock; false when another process (or another host in this one) holds it.</summary>
    public bool TryAcquire()
    {
        if (_held is not null || FilePath is null) return true;
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        try
        {
            _held = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(FilePath))
        {
            return false; // a sharing violation: the lock is held
        }
        // For the operator: which process holds it (cat data/quizbot.db.lock; the file is not read by QuizBot itself).
        _held.SetLength(0);
        using (var writer = new StreamWriter(_held, leaveOpen: true)) writer.WriteLine(Environment.ProcessId);
        _held.Flush();
        return true;
    }

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }
}
