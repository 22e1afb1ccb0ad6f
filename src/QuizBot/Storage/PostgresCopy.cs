using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace QuizBot.Storage;

/// <summary>
/// <c>migrate-to-postgres &lt;connection string&gt;</c>: copies the SQLite database of ConnectionStrings:QuizBot into an
/// empty PostgreSQL database (docs/operations.md, "Moving to PostgreSQL"). The SQLite file is read in one read
/// transaction (a consistent snapshot, even with a bot running); every table is written with binary COPY in one PostgreSQL
/// transaction, which commits only after every table's row count and every leaderboard agree with the source. Anything
/// else rolls the whole copy back and leaves the target as it was.
/// </summary>
internal static class PostgresCopy
{
    public sealed record TableCopy(string Table, long Rows);

    public sealed record Report(IReadOnlyList<TableCopy> Tables, long BoardRows, TimeSpan Elapsed);

    public static async Task<int> RunAsync(IDatabase source, string[] arguments)
    {
        var target = arguments.FirstOrDefault(a => !a.StartsWith('-'));
        if (target is null)
        {
            Console.Error.WriteLine("Usage: dotnet run --project src/QuizBot -- migrate-to-postgres \"Host=…;Port=5432;Database=quizbot;Username=…;Password=…\"");
            return 2;
        }
        if (source is not Database sqlite)
        {
            Console.Error.WriteLine("QuizBot migrate-to-postgres failed: it copies the SQLite database that ConnectionStrings:QuizBot names, " +
                "so run it with Storage:Provider sqlite (the default) and the SQLite connection string. Nothing was changed.");
            return 2;
        }
        var problems = new StorageOptions { Provider = "postgres", ConnectionString = target }.Problems();
        if (problems.Count > 0)
        {
            foreach (var line in problems)
                Console.Error.WriteLine($"QuizBot migrate-to-postgres failed: {line.Replace(StorageOptions.ConnectionStringKey, "the connection string argument", StringComparison.Ordinal)}");
            return 2;
        }
        using var postgres = new PostgresDatabase(target);
        try
        {
            var report = await Task.Run(() => Copy(sqlite, postgres, Console.Out));
            Console.WriteLine($"Copied {sqlite.Describe()} into the {postgres.Describe()} in {report.Elapsed.TotalSeconds:0.0} s: " +
                $"{report.Tables.Sum(t => t.Rows):N0} rows in {report.Tables.Count} tables, every count and all {report.BoardRows:N0} leaderboard rows agree.");
            return 0;
        }
        catch (Exception ex) when (ex is InvalidDataException or NpgsqlException or SqliteException or IOException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"QuizBot migrate-to-postgres failed: {PostgresDatabase.Redact(StorageErrors.Describe(ex), target)}. " +
                "Nothing was committed to PostgreSQL.");
            return 1;
        }
    }

    /// <summary>Copies everything, checks it, commits; throws (and commits nothing) when the target is not empty or a check fails.</summary>
    public static Report Copy(Database source, PostgresDatabase target, TextWriter? progress = null)
    {
        var clock = Stopwatch.StartNew();
        source.Migrate(); // the source at the current schema, as the bot's start would bring it
        target.Migrate();
        using var sqlite = source.Open();
        using var snapshot = sqlite.BeginTransaction(deferred: true);
        using var pg = target.Open();
        using var tx = pg.BeginTransaction();

        var tables = TablesInCopyOrder(pg, tx);
        var sqliteTables = sqlite.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            transaction: snapshot).ToHashSet();
        if (!sqliteTables.SetEquals(tables))
            throw new InvalidDataException($"the two schemas do not hold the same tables (SQLite: {string.Join(", ", sqliteTables.Order())}; " +
                $"PostgreSQL: {string.Join(", ", tables.Order())})");
        foreach (var table in tables)
            if (pg.ExecuteScalar<bool>($"SELECT EXISTS (SELECT 1 FROM {table})", transaction: tx))
                throw new InvalidDataException($"the PostgreSQL database is not empty (table {table} has rows): migrate-to-postgres copies into an empty database only");

        var copied = new List<TableCopy>();
        foreach (var table in tables)
        {
            var rows = CopyTable(sqlite, snapshot, pg, table);
            progress?.WriteLine($"  {table}: {rows:N0} rows");
            copied.Add(new TableCopy(table, rows));
        }
        MoveIdentities(sqlite, snapshot, pg, tx);

        foreach (var (table, rows) in copied)
        {
            var inSource = sqlite.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}", transaction: snapshot);
            var inTarget = pg.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}", transaction: tx);
            if (inSource != rows || inTarget != rows)
                throw new InvalidDataException($"table {table}: {inSource} rows in SQLite, {rows} copied, {inTarget} in PostgreSQL");
        }
        var boardRows = CompareBoards(sqlite, snapshot, pg, tx);
        tx.Commit();
        return new Report(copied, boardRows, clock.Elapsed);
    }

    /// <summary>The schema's tables (not schema_version), each after the tables its foreign keys point to.</summary>
    private static List<string> TablesInCopyOrder(NpgsqlConnection pg, NpgsqlTransaction tx)
    {
        var tables = pg.Query<string>("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'
            ORDER BY table_name
            """, transaction: tx).ToList();
        var references = pg.Query<(string From, string To)>("""
            SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c
            WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
            """, transaction: tx).ToList();
        var ordered = new List<string>();
        void Visit(string table)
        {
            if (ordered.Contains(table)) return;
            foreach (var (_, to) in references.Where(r => r.From == table && r.To != table)) Visit(to);
            ordered.Add(table);
        }
        foreach (var table in tables) Visit(table);
        return ordered;
    }

    private static long CopyTable(SqliteConnection sqlite, SqliteTransaction snapshot, NpgsqlConnection pg, string table)
    {
        var columns = pg.Query<(string Name, string Type)>("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position
            """, new { table }).ToList();
        var list = string.Join(", ", columns.Select(c => c.Name));
        using var read = sqlite.CreateCommand();
        read.Transaction = snapshot;
        read.CommandText = $"SELECT {list} FROM {table}";
        using var reader = read.ExecuteReader();
        using var import = pg.BeginBinaryImport($"COPY {table} ({list}) FROM STDIN (FORMAT BINARY)");
        long rows = 0;
        while (reader.Read())
        {
            import.StartRow();
            for (var i = 0; i < columns.Count; i++)
            {
                if (reader.IsDBNull(i)) import.WriteNull();
                else if (columns[i].Type == "bigint") import.Write(reader.GetInt64(i), NpgsqlDbType.Bigint);
                else if (columns[i].Type == "text") import.Write(reader.GetString(i), NpgsqlDbType.Text);
                else throw new InvalidDataException($"column {table}.{columns[i].Name} has type {columns[i].Type}, which the copy does not know");
            }
            rows++;
        }
        import.Complete();
        return rows;
    }

    /// <summary>
    /// Identity columns continue after the copied ids, and after any id SQLite's AUTOINCREMENT already handed out and
    /// whose row was deleted since (sqlite_sequence), so no id is ever reused.
    /// </summary>
    private static void MoveIdentities(SqliteConnection sqlite, SqliteTransaction snapshot, NpgsqlConnection pg, NpgsqlTransaction tx)
    {
        var sequences = sqlite.Query<(string Name, long Seq)>("SELECT name, seq FROM sqlite_sequence", transaction: snapshot)
            .ToDictionary(s => s.Name, s => s.Seq);
        var identities = pg.Query<(string Table, string Column)>("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'
            """, transaction: tx).ToList();
        foreach (var (table, column) in identities)
        {
            var highest = Math.Max(sequences.GetValueOrDefault(table),
                pg.ExecuteScalar<long?>($"SELECT MAX({column}) FROM {table}", transaction: tx) ?? 0);
            // setval(…, n, false) makes n the next value: the next id after the highest one ever used.
            pg.Execute("SELECT setval(pg_get_serial_sequence(@table, @column), @next, false)", new { table, column, next = highest + 1 }, tx);
        }
    }

    /// <summary>
    /// Every leaderboard, row by row, in the order the boards rank them (points, then right answers, then person), from
    /// both databases: the same people with the same totals in the same places. Returns the rows compared.
    /// </summary>
    private static long CompareBoards(SqliteConnection sqlite, SqliteTransaction snapshot, NpgsqlConnection pg, NpgsqlTransaction tx)
    {
        const string boards = """
            SELECT scope, period, start, user_id, answered, correct, points FROM score_totals
            ORDER BY scope, period, start, points DESC, correct DESC, user_id
            """;
        using var fromSqlite = sqlite.ExecuteReader(boards, transaction: snapshot);
        using var fromPostgres = pg.ExecuteReader(boards, transaction: tx);
        long rows = 0;
        while (true)
        {
            var more = fromSqlite.Read();
            if (more != fromPostgres.Read())
                throw new InvalidDataException($"the leaderboards differ in length after {rows} rows");
            if (!more) return rows;
            for (var i = 0; i < 7; i++)
            {
                var a = fromSqlite.GetValue(i);
                var b = fromPostgres.GetValue(i);
                if (!string.Equals(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture),
                        Convert.ToString(b, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
                    throw new InvalidDataException($"the leaderboards differ at row {rows} ({fromSqlite.GetName(i)}: {a} in SQLite, {b} in PostgreSQL)");
            }
            rows++;
        }
    }
}
