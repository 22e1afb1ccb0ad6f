using System.Diagnostics;
using Npgsql;

namespace QuizBot.Storage;

/// <summary>
/// Backup and restore on PostgreSQL (docs/operations.md, "Backup and restore"): PostgreSQL's own tools, <c>pg_dump</c>
/// (one consistent snapshot, while the bot runs) and <c>pg_restore</c> (in one transaction, with the bot stopped). QuizBot
/// only finds them, passes the connection settings through the environment (the password never on a command line, where
/// <c>ps</c> would show it), makes the file private and checks the dump before it replaces anything.
/// </summary>
internal static class PostgresBackup
{
    public static void Save(PostgresDatabase db, string target)
    {
        var full = Path.GetFullPath(target);
        if (File.Exists(full)) throw new IOException($"{full} already exists; choose a new file name for the backup.");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Created empty for its owner only (0600) before pg_dump fills it: it holds personal data. pg_dump keeps the mode.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (new FileStream(full, options)) { }
        try
        {
            // Custom format: compressed, and pg_restore can check and restore it selectively.
            Run(db, "pg_dump", ["--format=custom", "--no-owner", "--no-privileges", $"--file={full}"]);
        }
        catch (Exception)
        {
            File.Delete(full); // no empty or partial file that looks like a backup
            throw;
        }
    }

    public static void Restore(PostgresDatabase db, string source)
    {
        var full = Path.GetFullPath(source);
        if (!File.Exists(full)) throw new FileNotFoundException($"{full} does not exist.");
        // The dump is read whole before anything changes: an unreadable or foreign file stops here.
        var version = DumpSchemaVersion(db, full);
        var latest = PostgresDatabase.Migrations().Max(m => m.Version);
        if (version < 1 || version > latest)
            throw new InvalidDataException($"{full} has schema version {version}; this build knows PostgreSQL versions 1–{latest}.");
        // Held until the restore is done: a bot that starts meanwhile stops at once (and a running bot makes the restore refuse).
        if (!db.TryTakeInstanceLock())
            throw new IOException($"a QuizBot bot is running on the {db.Describe()} (it holds the database's advisory lock): stop it first, " +
                "then restore. Nothing was changed.");
        // One transaction: the restore applies whole or not at all. --clean drops each object of the dump before it is
        // created again; a table the dump does not have stays.
        Run(db, "pg_restore", ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
            $"--dbname={new NpgsqlConnectionStringBuilder(db.ConnectionString).Database}", full]);
        NpgsqlConnection.ClearAllPools();
        db.Migrate(); // an older backup is brought up to the current schema
    }

    /// <summary>The highest version in the dump's schema_version table (pg_restore writes its data as COPY text).</summary>
    private static long DumpSchemaVersion(PostgresDatabase db, string dump)
    {
        var output = Run(db, "pg_restore", ["--data-only", "--table=schema_version", "--file=-", dump]);
        long version = 0;
        var inCopy = false;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("COPY ", StringComparison.Ordinal)) { inCopy = true; continue; }
            if (line == "\\.") { inCopy = false; continue; }
            if (inCopy && long.TryParse(line.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture, out var v))
                version = Math.Max(version, v);
        }
        return version;
    }

    /// <summary>Runs pg_dump or pg_restore with the connection settings in its environment; its error text on failure.</summary>
    private static string Run(PostgresDatabase db, string tool, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(FindTool(tool), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var b = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        // libpq's variables (https://www.postgresql.org/docs/current/libpq-envars.html).
        info.Environment["PGHOST"] = b.Host;
        info.Environment["PGPORT"] = b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (b.Database is { } database) info.Environment["PGDATABASE"] = database;
        if (b.Username is { } user) info.Environment["PGUSER"] = user;
        if (b.Password is { } password) info.Environment["PGPASSWORD"] = password;
        info.Environment["PGSSLMODE"] = b.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        using var process = Process.Start(info) ?? throw new IOException($"{tool} could not be started.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new IOException($"{tool} failed (exit code {process.ExitCode}): {PostgresDatabase.Redact(stderr.Result.Trim(), db.ConnectionString)}");
        return stdout;
    }

    /// <summary>On the PATH, or in Debian's /usr/lib/postgresql/&lt;version&gt;/bin (the newest: it must not be older than the server).</summary>
    private static string FindTool(string tool)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (folder.Length > 0 && File.Exists(Path.Combine(folder, tool))) return Path.Combine(folder, tool);
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin", tool))
                .FirstOrDefault(File.Exists);
            if (newest is not null) return newest;
        }
        throw new IOException($"{tool} is not installed: install PostgreSQL's client tools (Debian: apt-get install postgresql-client), " +
            "of the server's major version or newer.");
    }
}
