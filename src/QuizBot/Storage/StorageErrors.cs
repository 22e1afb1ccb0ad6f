using Microsoft.Data.Sqlite;
using Npgsql;

namespace QuizBot.Storage;

/// <summary>Tells a database that is unavailable for now (held and retried) from a failure that retrying cannot fix.</summary>
internal static class StorageErrors
{
    // SQLite primary result codes: https://www.sqlite.org/rescode.html
    private const int Busy = 5, Locked = 6, ReadOnly = 8, IoError = 10, Full = 13, CantOpen = 14;
    private const int ConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE, an extended code

    // PostgreSQL's SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html) that mean what SQLite's
    // busy, read-only, full and I/O errors mean: the server or its disk, not the statement. Anything else from the server
    // (a constraint, bad SQL) is a bug or bad input, as on SQLite.
    private static readonly HashSet<string> PostgresUnavailable =
    [
        "53000", "53100", "53200", "53300", "53400", // insufficient resources: disk full, out of memory, too many connections
        "57P01", "57P02", "57P03", "57P05",          // the server shuts down, crashed, is starting, or dropped an idle session
        "58000", "58030",                            // system and I/O errors
        "08000", "08001", "08003", "08004", "08006", // connection failures the server reports
        "25006",                                     // read-only transaction (a standby, default_transaction_read_only)
        "55P03",                                     // lock not available (lock_timeout)
        "40001", "40P01",                            // serialization failure, deadlock: the transaction can simply run again
    ];

    /// <summary>A lock another session holds kept this one waiting past <c>lock_timeout</c>.</summary>
    private const string PostgresLockNotAvailable = "55P03";

    /// <summary>A unique constraint or primary key refused the row: SQLite's CONSTRAINT_UNIQUE, PostgreSQL's 23505.</summary>
    public static bool IsUniqueViolation(Exception ex) => ex switch
    {
        SqliteException s => s.SqliteExtendedErrorCode == ConstraintUnique,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// Locked, read-only, full, an I/O error or a file that cannot be opened: conditions of the disk or of another
    /// process, which pass. Constraint violations, bad SQL and the like are bugs or bad input and are not retried.
    /// </summary>
    public static bool IsUnavailable(Exception? ex) => ex switch
    {
        null => false,
        SqliteException { SqliteErrorCode: Busy or Locked or ReadOnly or IoError or Full or CantOpen } => true,
        PostgresException p => PostgresUnavailable.Contains(p.SqlState),
        // Not from the server: it could not be reached (refused, reset, timed out; Npgsql wraps the socket's and the
        // timeout's exception) or the pool had no free connection in time.
        NpgsqlException => true,
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
        PostgresException { SqlState: PostgresLockNotAvailable } => true,
        AggregateException a => a.InnerExceptions.Any(IsLocked),
        _ => IsLocked(ex.InnerException),
    };

    /// <summary>The first storage error's message, for a log line (SQLite's and PostgreSQL's texts hold no secrets).</summary>
    public static string Describe(Exception ex) => ex switch
    {
        SqliteException s => s.Message,
        PostgresException p => p.Message,
        NpgsqlException { InnerException: { } inner } n => $"{n.Message} ({inner.Message})",
        NpgsqlException n => n.Message,
        AggregateException a when a.InnerExceptions.FirstOrDefault(IsUnavailable) is { } inner => Describe(inner),
        { InnerException: { } inner } when ex is not IOException && IsUnavailable(inner) => Describe(inner),
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
