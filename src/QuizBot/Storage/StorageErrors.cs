using Microsoft.Data.Sqlite;

namespace QuizBot.Storage;

/// <summary>Tells a database that is unavailable for now (held and retried) from a failure that retrying cannot fix.</summary>
internal static class StorageErrors
{
    // SQLite primary result codes: https://www.sqlite.org/rescode.html
    private const int Busy = 5, Locked = 6, ReadOnly = 8, IoError = 10, Full = 13, CantOpen = 14;

    /// <summary>
    /// Locked, read-only, full, an I/O error or a file that cannot be opened: conditions of the disk or of another
    /// process, which pass. Constraint violations, bad SQL and the like are bugs or bad input and are not retried.
    /// </summary>
    public static bool IsUnavailable(Exception? ex) => ex switch
    {
        null => false,
        SqliteException { SqliteErrorCode: Busy or Locked or ReadOnly or IoError or Full or CantOpen } => true,
        IOException => true,
        AggregateException a => a.InnerExceptions.Any(IsUnavailable),
        _ => IsUnavailable(ex.InnerException),
    };

    /// <summary>
    /// Another connection holds the write lock (and kept it through SQLite's busy timeout): every write on this database
    /// would wait for the same lock, unlike a full disk or a bad row, where one write can fail and the next succeed.
    /// </summary>
    public static bool IsLocked(Exception? ex) => ex switch
    {
        null => false,
        SqliteException { SqliteErrorCode: Busy or Locked } => true,
        AggregateException a => a.InnerExceptions.Any(IsLocked),
        _ => IsLocked(ex.InnerException),
    };

    /// <summary>The first storage error's message, for a log line (SQLite's texts hold no secrets).</summary>
    public static string Describe(Exception ex) => ex switch
    {
        SqliteException s => s.Message,
        AggregateException a when a.InnerExceptions.FirstOrDefault(IsUnavailable) is { } inner => Describe(inner),
        { InnerException: { } inner } when ex is not IOException && IsUnavailable(inner) => Describe(inner),
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
