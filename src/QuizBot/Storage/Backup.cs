using Dapper;
using Microsoft.Data.Sqlite;

namespace QuizBot.Storage;

/// <summary>
/// Online backup and restore of the SQLite database (docs/operations.md). A backup is taken with VACUUM INTO while the bot
/// runs: a consistent, compact copy from one read transaction. A restore replaces the database file and must run while the bot
/// is stopped; the file is checked before it replaces anything.
/// </summary>
internal static class Backup
{
    public static void Save(Database db, string target)
    {
        var full = Path.GetFullPath(target);
        if (File.Exists(full)) throw new IOException($"{full} already exists; choose a new file name for the backup.");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var c = db.Open();
        c.Execute("VACUUM INTO @full", new { full });
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
        SqliteConnection.ClearAllPools();
        db.EnsureFolder();
        var staging = target + ".restoring";
        File.Copy(full, staging, overwrite: true);
        foreach (var suffix in new[] { "-wal", "-shm" })
            if (File.Exists(target + suffix)) File.Delete(target + suffix); // a stale WAL would be replayed onto the restored file
        File.Move(staging, target, overwrite: true);
        db.Migrate(); // an older backup is brought up to the current schema
    }
}
