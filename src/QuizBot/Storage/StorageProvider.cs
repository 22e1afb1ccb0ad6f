using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace QuizBot.Storage;

/// <summary>Which database the bot stores its data in: <c>Storage:Provider</c> (docs/storage.md, "Providers").</summary>
internal enum StorageProvider
{
    /// <summary>A SQLite file (the default): nothing to install, one bot per file.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database reached through Npgsql.</summary>
    Postgres,
}

/// <summary>
/// The provider seam: what opens a connection and migrates the schema, for each provider. <see cref="Database"/> is
/// SQLite's, <see cref="PostgresDatabase"/> PostgreSQL's. Everything a provider does differently at this level lives in
/// those two classes; the SQL that differs lives in one visible place per storage subject.
/// </summary>
internal interface IDatabase
{
    StorageProvider Provider { get; }

    /// <summary>An open connection (pooled by the provider); the caller disposes it.</summary>
    DbConnection Connect();

    /// <summary>
    /// As <see cref="Connect"/>, opened without blocking a thread: what the subject stores use. A pool whose connections are
    /// all taken (a burst of lanes and webhook calls) then queues awaiting callers instead of blocking thread-pool threads,
    /// which starved the writer's own continuations for seconds at a time (docs/benchmarks.md, "Several instances").
    /// </summary>
    ValueTask<DbConnection> ConnectAsync();

    /// <summary>Brings the schema up to date (forward-only, numbered per provider); returns the version now applied.</summary>
    int Migrate();

    /// <summary>Fails when the database cannot be written, so that is found at start, not at the first answer.</summary>
    void CheckWritable();

    /// <summary>Where the data is, for the operator (a file path, or host, port and database): never a password.</summary>
    string Describe();
}

/// <summary>Section "Storage", and the connection string it applies to.</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string ConnectionStringKey = "ConnectionStrings:QuizBot";
    public const string DefaultSqlite = "Data Source=data/quizbot.db";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>ConnectionStrings:QuizBot, in the provider's own form; the SQLite default file when not set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The provider named, or null when <see cref="Provider"/> is not one QuizBot knows.</summary>
    public StorageProvider? Parsed => Provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" or "" => StorageProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => StorageProvider.Postgres,
        _ => null,
    };

    /// <summary>Reads Storage:Provider and ConnectionStrings:QuizBot once, at wiring time.</summary>
    public static StorageOptions Read(IConfiguration configuration) => new()
    {
        Provider = configuration[$"{Section}:Provider"] ?? "sqlite",
        ConnectionString = configuration.GetConnectionString("QuizBot"),
    };

    /// <summary>The connection string to use: for SQLite the default file when none is set; for PostgreSQL as given.</summary>
    public string EffectiveConnectionString => ConnectionString ?? (Parsed == StorageProvider.Postgres ? "" : DefaultSqlite);

    /// <summary>
    /// The start-up check of these two settings: one line per problem, naming the key. A connection string that does not
    /// parse is described, never repeated: it may hold a password.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        switch (Parsed)
        {
            case null:
                return [$"Storage:Provider '{Provider}' is not known: use sqlite (the default) or postgres, e.g. Storage__Provider=postgres."];
            case StorageProvider.Sqlite:
                try
                {
                    _ = new SqliteConnectionStringBuilder(EffectiveConnectionString).DataSource;
                    return [];
                }
                catch (ArgumentException)
                {
                    return [$"{ConnectionStringKey} is not a SQLite connection string (Storage:Provider is sqlite): write it as " +
                        "Data Source=data/quizbot.db, or set Storage:Provider to postgres for a PostgreSQL connection string."];
                }
            default:
                if (string.IsNullOrWhiteSpace(ConnectionString))
                    return [$"{ConnectionStringKey} is missing: Storage:Provider is postgres, so it must name the PostgreSQL database, " +
                        "e.g. Host=127.0.0.1;Port=5432;Database=quizbot;Username=quizbot;Password=… (docs/operations.md)."];
                try
                {
                    var parsed = new NpgsqlConnectionStringBuilder(ConnectionString);
                    if (string.IsNullOrWhiteSpace(parsed.Host))
                        return [$"{ConnectionStringKey} names no Host: Storage:Provider is postgres, so write it as " +
                            "Host=127.0.0.1;Port=5432;Database=quizbot;Username=quizbot;Password=… (docs/operations.md)."];
                    return [];
                }
                catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
                {
                    return [$"{ConnectionStringKey} is not a PostgreSQL connection string (Storage:Provider is postgres): it must be " +
                        "Key=Value pairs such as Host=127.0.0.1;Port=5432;Database=quizbot;Username=quizbot;Password=… " +
                        "(the setting is not repeated here, as it may hold a password; docs/operations.md)."];
                }
        }
    }
}

/// <summary>The numbered migration scripts embedded from Storage/Migrations/&lt;Provider&gt;/, in order.</summary>
internal static class EmbeddedMigrations
{
    public static IReadOnlyList<(int Version, string Sql)> For(StorageProvider provider)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var folder = $".Storage.Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[(n.IndexOf(folder, StringComparison.Ordinal) + folder.Length)..];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (Version: int.Parse(file[..3], System.Globalization.CultureInfo.InvariantCulture), Sql: reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }
}

/// <summary>
/// The spellings that differ between the providers and are shared by several subjects, in one place. A difference of one
/// subject's alone stays in its class (docs/storage.md, "Where provider differences live").
/// </summary>
internal static class Dialect
{
    /// <summary>
    /// <c>column IN @list</c> for a list parameter. Dapper expands a list into <c>(@list1, @list2, …)</c> for SQLite, but
    /// hands it to Npgsql whole, as one array, which PostgreSQL compares with <c>= ANY</c>. Pass the list as an array.
    /// </summary>
    public static string InList(this IDatabase db, string column, string parameter) =>
        db.Provider == StorageProvider.Postgres ? $"{column} = ANY({parameter})" : $"{column} IN {parameter}";
}
