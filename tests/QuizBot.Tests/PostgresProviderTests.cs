using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>
/// The PostgreSQL provider on a real server (tests/postgres.sh): its migrations, the start-up checks of Storage:Provider
/// and ConnectionStrings:QuizBot, which of its errors mean "unavailable for now", backup and restore with pg_dump and
/// pg_restore, and migrate-to-postgres.
/// </summary>
public sealed class PostgresProviderTests
{
    private const string Password = "hunter2-секрет";

    [Fact]
    public void Migrations_run_from_empty_and_a_second_run_changes_nothing()
    {
        using var db = new TempPostgresDatabase(migrated: false);
        var latest = PostgresDatabase.Migrations().Max(m => m.Version);
        Assert.Equal(0, db.Database.SchemaVersion());
        Assert.Equal(latest, db.Database.Migrate());
        Assert.Equal(latest, db.Database.Migrate());
        using var c = db.Database.Open();
        Assert.Equal(Enumerable.Range(1, latest).Select(v => (long)v), c.Query<long>("SELECT version FROM schema_version ORDER BY version"));
        Assert.Contains("answers", c.Query<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public void Migrations_are_numbered_without_gaps()
    {
        var versions = PostgresDatabase.Migrations().Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }

    [Fact]
    public async Task Two_processes_migrating_at_once_apply_each_script_once()
    {
        using var db = new TempPostgresDatabase(migrated: false);
        using var other = new PostgresDatabase(db.ConnectionString);
        var versions = await Task.WhenAll(Task.Run(db.Database.Migrate), Task.Run(other.Migrate));
        Assert.All(versions, v => Assert.Equal(PostgresDatabase.Migrations().Max(m => m.Version), v));
        using var c = db.Database.Open();
        Assert.Equal(PostgresDatabase.Migrations().Count, c.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_version"));
    }

    /// <summary>The same tables, the same columns in the same order, the same NOT NULLs and primary keys as SQLite's schema.</summary>
    [Fact]
    public void The_PostgreSQL_schema_has_the_tables_columns_and_keys_of_the_SQLite_schema()
    {
        using var sqlite = new TempDatabase();
        sqlite.Database.Migrate();
        using var postgres = new TempPostgresDatabase();
        using var s = sqlite.Database.Open();
        using var p = postgres.Database.Open();

        var sqliteTables = s.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").ToList();
        var postgresTables = p.Query<string>("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_name <> 'schema_version' ORDER BY table_name COLLATE "C"
            """).ToList();
        Assert.Equal(sqliteTables, postgresTables);
        foreach (var table in sqliteTables)
        {
            var sqliteColumns = s.Query<(string Name, string Type, long NotNull, long Key)>($"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')")
                .Select(c => $"{c.Name} {c.Type switch { "INTEGER" => "bigint", "REAL" => "double precision", _ => "text" }} {(c.NotNull == 1 || c.Key > 0 ? "not null" : "null")} key{c.Key}")
                .ToList();
            var postgresColumns = p.Query<(string Name, string Type, string Nullable, long Key)>("""
                SELECT c.column_name, c.data_type, c.is_nullable,
                       COALESCE((SELECT k.ordinal_position FROM information_schema.key_column_usage k
                                 JOIN information_schema.table_constraints t ON t.constraint_name = k.constraint_name AND t.constraint_type = 'PRIMARY KEY'
                                 WHERE k.table_name = c.table_name AND k.column_name = c.column_name), 0)
                FROM information_schema.columns c
                WHERE c.table_schema = 'public' AND c.table_name = @table ORDER BY c.ordinal_position
                """, new { table })
                .Select(c => $"{c.Name} {c.Type} {(c.Nullable == "NO" ? "not null" : "null")} key{c.Key}")
                .ToList();
            Assert.Equal(sqliteColumns, postgresColumns);
        }
        // The constraints the answer path relies on: one answer per poll and person, one running round per chat.
        var indexes = p.Query<string>("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'").ToList();
        Assert.Contains(indexes, i => i.Contains("UNIQUE INDEX", StringComparison.Ordinal) && i.Contains("(poll_id, user_id)", StringComparison.Ordinal));
        Assert.Contains(indexes, i => i.Contains("rounds_one_running_per_chat", StringComparison.Ordinal) && i.Contains("WHERE (status = 'running'", StringComparison.Ordinal));
    }

    private static IHost BuildHost(string provider, string connectionString, RunMode mode = RunMode.Bot)
    {
        var folder = Directory.CreateTempSubdirectory("quizbot-test-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ContentRootPath = folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = "http://127.0.0.1:9",
            ["Storage:Provider"] = provider,
            ["ConnectionStrings:QuizBot"] = connectionString,
            ["Quiz:QuestionsPath"] = Path.Combine(TestBot.RepoRoot(), "questions"),
        });
        builder.Logging.ClearProviders();
        builder.AddQuizBot(mode);
        return builder.Build();
    }

    private static string StartupLine(string provider, string connectionString)
    {
        using var host = BuildHost(provider, connectionString);
        var error = Assert.Throws<StartupException>(() => host.Services.GetRequiredService<StartupChecks>().Run());
        var line = Assert.Single(error.Problems);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain(Password, line, StringComparison.Ordinal);
        return line;
    }

    [Fact]
    public void An_unknown_provider_stops_the_start_with_one_line_naming_the_key()
    {
        var line = StartupLine("mysql", "Data Source=x.db");
        Assert.StartsWith("Storage:Provider 'mysql' is not known", line, StringComparison.Ordinal);
        Assert.Contains("postgres", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres", $"Host=127.0.0.1;Passwrd={Password}")]
    [InlineData("postgres", $"Host=127.0.0.1;Password={Password};Port=fivefour")]
    [InlineData("postgres", $"{Password}")]
    [InlineData("postgres", $"Database=quizbot;Password={Password}")]
    [InlineData("sqlite", $"Host=127.0.0.1;Database=quizbot;Password={Password}")]
    public void A_connection_string_not_in_the_providers_form_stops_the_start_with_one_line_naming_the_key_and_not_the_password(string provider, string connectionString)
    {
        var line = StartupLine(provider, connectionString);
        Assert.StartsWith("ConnectionStrings:QuizBot", line, StringComparison.Ordinal);
        Assert.Contains(provider == "sqlite" ? "Data Source=" : "Host=", line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_server_stops_the_start_with_one_line_naming_the_key_and_not_the_password()
    {
        // A loopback port nothing listens on: a closed port of this machine, never traffic elsewhere.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var line = StartupLine("postgres", $"Host=127.0.0.1;Port={port};Database=quizbot;Username=quizbot;Password={Password};Timeout=5");
        Assert.Contains("ConnectionStrings:QuizBot", line, StringComparison.Ordinal);
        Assert.Contains($"PostgreSQL database quizbot on 127.0.0.1:{port} as quizbot cannot be reached", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_that_does_not_exist_stops_the_start_with_one_line_naming_the_key_and_not_the_password()
    {
        var line = StartupLine("postgres", $"{PostgresServer.ConnectionString};Database=no_such_database;Password={Password}");
        Assert.Contains("ConnectionStrings:QuizBot", line, StringComparison.Ordinal);
        Assert.Contains("3D000", line, StringComparison.Ordinal); // invalid_catalog_name, the server's own words follow
    }

    [Fact]
    public void A_bot_starts_on_PostgreSQL_and_a_second_bot_on_the_same_database_starts_too_to_follow_it()
    {
        using var db = new TempPostgresDatabase(migrated: false);
        using var first = BuildHost("postgres", db.ConnectionString);
        first.Services.GetRequiredService<StartupChecks>().Run();
        Assert.Equal(PostgresDatabase.Migrations().Max(m => m.Version), db.Database.SchemaVersion());

        // Several instances share one PostgreSQL (issue 12): the second is not refused; the election decides who leads
        // (LeaderStories). It finds the schema migrated and changes nothing.
        using var second = BuildHost("postgres", db.ConnectionString);
        second.Services.GetRequiredService<StartupChecks>().Run();
        Assert.Equal(PostgresDatabase.Migrations().Max(m => m.Version), db.Database.SchemaVersion());
        Assert.True(second.Services.GetRequiredService<QuizBot.Telegram.Leadership>().Elected);
        Assert.False(second.Services.GetRequiredService<QuizBot.Telegram.Leadership>().IsLeader);
    }

    [Fact]
    public void A_unique_violation_is_bad_input_and_not_an_outage()
    {
        using var db = new TempPostgresDatabase();
        using var c = db.Database.Open();
        c.Execute("INSERT INTO bot_state (key, value) VALUES ('k', 'v')");
        var error = Assert.Throws<PostgresException>(() => c.Execute("INSERT INTO bot_state (key, value) VALUES ('k', 'w')"));
        Assert.True(StorageErrors.IsUniqueViolation(error));
        Assert.False(StorageErrors.IsUnavailable(error));
    }

    [Fact]
    public void A_server_that_cannot_be_reached_or_takes_no_more_connections_or_ends_the_session_is_unavailable_for_now()
    {
        using var db = new TempPostgresDatabase();
        // Connection refused: a loopback port nothing listens on.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using (var refused = new PostgresDatabase($"Host=127.0.0.1;Port={port};Username=x;Timeout=5"))
        {
            var error = Assert.ThrowsAny<Exception>(() => refused.Open());
            Assert.True(StorageErrors.IsUnavailable(error), error.ToString());
        }

        // 53300 too_many_connections: a role allowed no connections meets the server's real refusal.
        var role = $"limited_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
        using (var admin = db.Database.Open()) admin.Execute($"CREATE ROLE {role} LOGIN CONNECTION LIMIT 0");
        using (var limited = new PostgresDatabase(new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role }.ConnectionString))
        {
            var error = Assert.Throws<PostgresException>(() => limited.Open());
            Assert.Equal("53300", error.SqlState);
            Assert.True(StorageErrors.IsUnavailable(error));
        }

        // 57P01 admin_shutdown: the server ends the session (as at a restart or failover); the next statement fails.
        using var victim = new NpgsqlConnection(db.ConnectionString + ";Pooling=false");
        victim.Open();
        var pid = victim.ProcessID;
        using (var admin = db.Database.Open()) admin.Execute("SELECT pg_terminate_backend(@pid)", new { pid });
        var ended = Assert.ThrowsAny<NpgsqlException>(() => victim.Execute("SELECT 1"));
        Assert.True(StorageErrors.IsUnavailable(ended), ended.ToString());
        Assert.False(string.IsNullOrEmpty(StorageErrors.Describe(ended)));
    }

    [Fact]
    public void A_lock_held_past_lock_timeout_counts_as_locked()
    {
        using var db = new TempPostgresDatabase();
        using var holder = db.Database.Open();
        using var tx = holder.BeginTransaction();
        holder.Execute("LOCK TABLE bot_state IN ACCESS EXCLUSIVE MODE", transaction: tx);
        using var waiter = db.Database.Open();
        waiter.Execute("SET lock_timeout = '50ms'");
        var error = Assert.Throws<PostgresException>(() => waiter.Execute("INSERT INTO bot_state (key, value) VALUES ('k', 'v')"));
        Assert.Equal("55P03", error.SqlState);
        Assert.True(StorageErrors.IsLocked(error));
        Assert.True(StorageErrors.IsUnavailable(error));
    }

    [Fact]
    public void A_backup_made_with_pg_dump_is_private_and_restores_with_pg_restore_but_not_while_a_bot_holds_the_database()
    {
        using var source = new TempPostgresDatabase();
        using (var c = source.Database.Open())
            c.Execute("INSERT INTO users (user_id, display_name, updated_at) VALUES (7, '小明', 1), (8, 'Ann', 2)");
        var folder = Directory.CreateTempSubdirectory("quizbot-test-").FullName;
        try
        {
            var file = Path.Combine(folder, "quizbot.dump");
            PostgresBackup.Save(source.Database, file);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Throws<IOException>(() => PostgresBackup.Save(source.Database, file)); // never overwrites

            using var target = new TempPostgresDatabase();
            using (var c = target.Database.Open())
                c.Execute("INSERT INTO users (user_id, display_name, updated_at) VALUES (9, 'Someone else', 3)");

            // A bot on the target: the restore refuses and changes nothing.
            using (var bot = new PostgresDatabase(target.ConnectionString))
            {
                Assert.True(bot.TryTakeInstanceLock());
                using var restorer = new PostgresDatabase(target.ConnectionString);
                var refused = Assert.Throws<IOException>(() => PostgresBackup.Restore(restorer, file));
                Assert.Contains("stop it first", refused.Message, StringComparison.Ordinal);
                using var c = target.Database.Open();
                Assert.Equal([9L], c.Query<long>("SELECT user_id FROM users"));
            }

            using (var restorer = new PostgresDatabase(target.ConnectionString))
                PostgresBackup.Restore(restorer, file);
            using (var c = target.Database.Open())
            {
                Assert.Equal(["7 小明", "8 Ann"], c.Query<string>("SELECT user_id || ' ' || display_name FROM users ORDER BY user_id"));
                Assert.Equal(PostgresDatabase.Migrations().Max(m => m.Version), c.ExecuteScalar<long>("SELECT MAX(version) FROM schema_version"));
            }

            // A file that is not a dump is refused before anything changes.
            var junk = Path.Combine(folder, "junk.dump");
            File.WriteAllText(junk, "not a dump");
            Assert.Throws<IOException>(() => PostgresBackup.Restore(target.Database, junk));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Migrate_to_postgres_copies_every_table_checks_counts_and_boards_and_ids_continue_after_the_copied_ones()
    {
        using var sqlite = new TempDatabase();
        var store = sqlite.Migrated();
        await store.People.UpsertUserAsync(7, "小明", "xm", 1);
        await store.People.UpsertUserAsync(8, "Ann", null, 1);
        var at = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.True(await store.Answers.TryRecordAnswerAsync(Rows.Answer("p1", 7, -100, true, 15, at)));
        Assert.True(await store.Answers.TryRecordAnswerAsync(Rows.Answer("p2", 7, -100, false, 0, at + 1000)));
        Assert.True(await store.Answers.TryRecordAnswerAsync(Rows.Answer("p1", 8, -100, true, 12, at + 2000)));
        Assert.True(await store.Answers.TryRecordAnswerAsync(Rows.Answer("p3", 8, 8, true, 10, at + 3000)));
        using (var c = sqlite.Database.Open())
        {
            // An id handed out and deleted since (a /forget): PostgreSQL must not hand it out again.
            c.Execute("INSERT INTO answers (answer_id, poll_id, user_id, chat_id, round_id, question_id, chosen, is_correct, points, elapsed_ms, answered_at) VALUES (50, 'gone', 9, 9, 1, 'q', '0', 0, 0, 0, 0)");
            c.Execute("DELETE FROM answers WHERE answer_id = 50");
        }

        using var target = new TempPostgresDatabase(migrated: false);
        var report = PostgresCopy.Copy(sqlite.Database, target.Database);

        Assert.Equal(4, report.Tables.Single(t => t.Table == "answers").Rows);
        Assert.Equal(2, report.Tables.Single(t => t.Table == "users").Rows);
        Assert.True(report.BoardRows > 0);
        using var p = target.Database.Open();
        using var s = sqlite.Database.Open();
        foreach (var table in report.Tables)
            Assert.Equal(s.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table.Table}"), p.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table.Table}"));
        Assert.Equal(s.Query<string>("SELECT poll_id || user_id || points || answered_at FROM answers ORDER BY answer_id"),
            p.Query<string>("SELECT poll_id || user_id || points || answered_at FROM answers ORDER BY answer_id"));
        Assert.Equal(51, p.ExecuteScalar<long>("""
            INSERT INTO answers (poll_id, user_id, chat_id, round_id, question_id, chosen, is_correct, points, elapsed_ms, answered_at)
            VALUES ('p9', 7, 7, 1, 'q', '0', 1, 10, 0, 0) RETURNING answer_id
            """));

        // A database that is not empty is refused, and nothing more is written to it.
        var refused = Assert.Throws<InvalidDataException>(() => PostgresCopy.Copy(sqlite.Database, target.Database));
        Assert.Contains("not empty", refused.Message, StringComparison.Ordinal);
        Assert.Equal(5, p.ExecuteScalar<long>("SELECT COUNT(*) FROM answers"));
    }
}
