using Dapper;
using Microsoft.Data.Sqlite;

namespace QuizBot.Storage;

/// <summary>
/// Online backup and restore of the SQLite database (docs/operations.md). A backup is taken with VACUUM INTO while the bot
/// runs: a consistent, compact copy from one read transaction, in a file only its owner can read (it holds personal data).
/// A restore replaces the database file and refuses while anything has it open; the file is checked before it replaces
/// anything.
/// </summary>
internal static class Backup
{
    public static void Save(Database db, string target)
    {
        var full = Path.GetFullPath(target);
        if (File.Exists(full)) throw new IOException($"{full} already exists; choose a new file name for the backup.");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // VACUUM INTO fills an empty file: create it first, for its owner only (0600), so the copy is never readable by others,
        // not even for a moment. CreateNew also keeps a file that appeared meanwhile.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (new FileStream(full, options)) { }
        try
        {
            using var c = db.Open();
            c.Execute("VACUUM INTO @full", new { full });
        }
        catch (Exception)
        {
            File.Delete(full); // no empty or partial file that looks like a backup
            throw;
        }
    }

    public static void Restore(Database db, string source)
    {
        var full = Path.GetFullPath(source);
        if (!File.Exists(full)) throw new FileNotFoundException($"{full} does not exist.");
        using (var check = new SqliteConnection($"Data Source={full};Mode=ReadOnly;Pooling=False"))
        {
            check.Open();
            var integrity = check.ExecuteScalar<string>("PRAGMA integrity_check");
            if (integrity != "ok") throw new InvalidDataException($"{full} failed its integrity check: {integrity}");
            var version = check.ExecuteScalar<long>("PRAGMA user_version");
            var latest = Database.Migrations().Max(m => m.Version);
            if (version < 1 || version > latest)
                throw new InvalidDataException($"{full} has schema version {version}; this build knows versions 1–{latest}.");
        }

        var target = new SqliteConnectionStringBuilder(db.ConnectionString).DataSource;
        // Held until the restore is done: a bot that starts meanwhile stops at once instead of opening a half-replaced file.
        using var instance = new InstanceLock(db.ConnectionString);
        if (!instance.TryAcquire())
            throw new IOException($"a QuizBot bot is running on {Path.GetFullPath(target)} (it holds {instance.FilePath}): stop it first, " +
                "then restore. Nothing was changed.");
        SqliteConnection.ClearAllPools();
        db.EnsureFolder();
        if (File.Exists(target)) LeaveWal(target);
        var staging = target + ".restoring";
        File.Copy(full, staging, overwrite: true);
        foreach (var suffix in new[] { "-wal", "-shm" })
            if (File.Exists(target + suffix)) File.Delete(target + suffix); // a stale WAL would be replayed onto the restored file
        File.Move(staging, target, overwrite: true);
        db.Migrate(); // an older backup is brought up to the current schema
    }

    /// <summary>
    /// Checkpoints the live database and switches it out of WAL mode, which SQLite allows only when no other connection, in
    /// any process, has the file open (each holds a shared lock on it for as long as it is open in WAL mode). So a terminal
    /// play session, a backup in progress or a sqlite3 shell makes the restore refuse instead of losing its -wal under it.
    /// A file SQLite cannot read at all is being replaced because it is broken: that goes ahead.
    /// </summary>
    private static void LeaveWal(string target)
    {
        string? mode;
        // DefaultTimeout 1 s: Microsoft.Data.Sqlite retries a busy database for that long, not its default 30 s.
        using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()) { DefaultTimeout = 1 })
        {
            try
            {
                c.Open();
                mode = c.ExecuteScalar<string>("PRAGMA journal_mode = DELETE");
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is not (SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED))
            {
                return;
            }
            catch (SqliteException)
            {
                mode = null;
            }
        }
        if (!string.Equals(mode, "delete", StringComparison.OrdinalIgnoreCase))
            throw new IOException($"{Path.GetFullPath(target)} is open in another process (the terminal play mode, a backup in progress, " +
                "a sqlite3 shell): close it, then restore again. Nothing was changed.");
    }
}
