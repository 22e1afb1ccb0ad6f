using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Core.Questions;
using QuizBot.Core.Quizzes;
using QuizBot.Play;
using QuizBot.Quizzes;
using QuizBot.Storage;
using QuizBot.Telegram;
using QuizBot.Telegram.Commands;
using Telegram.Bot;

namespace QuizBot;

/// <summary>How the process runs: the Telegram bot, the terminal play mode, a database backup or restore, or the copy of a
/// SQLite database into PostgreSQL.</summary>
internal enum RunMode { Bot, Play, Backup, Restore, MigrateToPostgres }

/// <summary>A configuration or bank problem found at start: printed as one line per problem, then the process exits.</summary>
internal sealed class StartupException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

internal static class QuizBotServices
{
    public const string DefaultConnectionString = StorageOptions.DefaultSqlite;

    private static readonly string[] Verbs = ["play", "bot", "backup", "restore", "migrate-to-postgres"];

    /// <summary>Separates the optional first word (play, bot, backup, restore) from the configuration arguments.</summary>
    public static (string? Verb, string[] Remaining) SplitVerb(string[] args) =>
        args.Length > 0 && Verbs.Contains(args[0]) ? (args[0], args[1..]) : (null, args);

    /// <summary>The verb decides; without one, the bot when a token is configured and the terminal play mode when not.</summary>
    public static RunMode ChooseMode(string? verb, IConfiguration configuration) => verb switch
    {
        "play" => RunMode.Play,
        "bot" => RunMode.Bot,
        "backup" => RunMode.Backup,
        "restore" => RunMode.Restore,
        "migrate-to-postgres" => RunMode.MigrateToPostgres,
        _ => string.IsNullOrWhiteSpace(configuration["Telegram:BotToken"]) ? RunMode.Play : RunMode.Bot,
    };

    /// <summary>
    /// The host builder of every QuizBot host (the bot, the tests, the benchmarks). Configuration files are read once, not
    /// watched: the default reload-on-change watches the whole content root, where data/quizbot.db lives, so every SQLite
    /// write woke a watcher thread that stat-ed the file (a tenth of the CPU of answer ingestion; docs/benchmarks.md). No
    /// setting is re-read at run time anyway (options are read through IOptions, not IOptionsMonitor).
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(HostApplicationBuilderSettings settings)
    {
        settings.Configuration ??= new ConfigurationManager();
        // A source, not the indexer: a configuration without sources drops what is set through its indexer.
        settings.Configuration.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
        return Host.CreateApplicationBuilder(settings);
    }

    /// <summary>Everything the app needs, in one place, so tests start the very same host with their own settings.</summary>
    public static IHostApplicationBuilder AddQuizBot(this IHostApplicationBuilder builder, RunMode mode)
    {
        var services = builder.Services;
        // Storage:Provider and ConnectionStrings:QuizBot; StartupChecks reports a wrong value as one line naming the key.
        var storage = StorageOptions.Read(builder.Configuration);
        var connectionString = storage.EffectiveConnectionString;
        services.AddSingleton(storage);
        if (storage.Parsed == StorageProvider.Postgres)
        {
            services.AddSingleton(_ => new PostgresDatabase(connectionString));
            services.AddSingleton<IDatabase>(sp => sp.GetRequiredService<PostgresDatabase>());
        }
        else
        {
            // StorageFaults is registered by tests only (issue 7: simulated full or read-only disk).
            services.AddSingleton(sp => new Database(connectionString, sp.GetService<StorageFaults>()));
            services.AddSingleton<IDatabase>(sp => sp.GetRequiredService<Database>());
        }
        if (mode is RunMode.Backup or RunMode.Restore or RunMode.MigrateToPostgres) return builder;

        services.AddOptions<QuizOptions>().Bind(builder.Configuration.GetSection(QuizOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QuizOptions>, QuizOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddStores(); // one class per subject, one writer (docs/storage.md)
        services.AddSingleton(sp => LoadBank(sp.GetRequiredService<IOptions<QuizOptions>>().Value));
        services.AddSingleton(_ => new QuizPlanner(new Random()));
        // Issue 14: FSRS cards, the next right question, mastery (Quizzes/LearningService.cs; docs/learning.md).
        services.AddOptions<LearningOptions>().Bind(builder.Configuration.GetSection(LearningOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LearningOptions>, LearningOptionsValidator>();
        services.AddSingleton<LearningService>();
        services.AddSingleton<QuizService>();
        services.AddSingleton<ChatService>();
        services.AddSingleton<ScoreService>();
        // First hosted service: migrate the schema and validate the bank before anything polls Telegram.
        services.AddSingleton<StartupChecks>();
        services.AddHostedService(sp => sp.GetRequiredService<StartupChecks>());
        services.AddHostedService<ScoreTotalsCheck>(); // after the migration, before anything reads or adds scores

        if (mode == RunMode.Play)
        {
            services.AddSingleton(_ => new TerminalPlay(
                _.GetRequiredService<QuizService>(), _.GetRequiredService<ChatService>(), _.GetRequiredService<ScoreService>(), Console.In, Console.Out));
            return builder;
        }

        // SQLite: one bot per database, through a lock file StartupChecks takes before anything else touches the database
        // (Storage/InstanceLock.cs). PostgreSQL (issue 12): any number of instances elect a leader, which does the work that
        // must happen once; the others follow and take over when it goes (Storage/PostgresLeaderElection.cs, docs/deploy.md).
        var webhook = string.Equals(builder.Configuration["Telegram:Mode"], "webhook", StringComparison.OrdinalIgnoreCase);
        var elected = storage.Parsed == StorageProvider.Postgres;
        if (elected) services.AddHostedService<PostgresLeaderElection>(); // after the migration, before anything leads
        else services.AddSingleton(_ => new InstanceLock(connectionString));
        services.AddSingleton(elected ? Leadership.ByElection() : Leadership.Sole());
        services.AddOptions<TelegramOptions>().Bind(builder.Configuration.GetSection(TelegramOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        services.AddHttpClient("telegram")
            .RemoveAllLoggers() // default HttpClient logging writes request URLs, which contain the token
            .ConfigureHttpClient((sp, http) =>
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<TelegramOptions>>().Value.RequestTimeoutSeconds))
            .AddTypedClient<ITelegramBotClient>((http, sp) =>
            {
                var o = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
                // RetryThreshold 0: the library's own 429 retry blocks silently; BotSender honours retry_after itself.
                return new TelegramBotClient(new TelegramBotClientOptions(o.BotToken, o.ApiBaseUrl) { RetryThreshold = 0 }, http);
            });
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<BotSender>();
        services.AddSingleton<BotSetup>();
        services.AddSingleton<QuizFlow>();
        services.AddSingleton<PollsInFlight>();
        services.AddSingleton<PollDispatcher>();
        services.AddSingleton<UpdateBacklog>();
        services.AddSingleton<InfoCommands>();
        services.AddSingleton<QuizCommand>();
        services.AddSingleton<ScoreCommands>();
        services.AddSingleton<GroupRounds>();
        services.AddSingleton<IRoundMembers, RoundMembers>(); // only a group's members score in its rounds (issue 10)
        services.AddSingleton<ForgetCommand>();
        services.AddSingleton<ReportCommand>();
        services.AddSingleton<UpdateRouter>();
        services.AddSingleton<ChatterGate>();
        services.AddSingleton<UpdateLanes>();
        services.AddSingleton<LeaderStart>();
        // Telegram:Mode: getUpdates (default), or Telegram posting to our webhook (issue 12); TelegramOptionsValidator
        // names a wrong value.
        if (webhook)
        {
            services.AddSingleton<WebhookIntake>();
            services.AddHostedService(sp => sp.GetRequiredService<WebhookIntake>());
        }
        else
        {
            services.AddHostedService<UpdatePoller>();
        }
        services.AddHostedService<RoundClock>();
        services.AddDailyPush(); // issue 5: /daily, /review and the scheduler (Quizzes/DailyServices.cs)
        return builder;
    }

    private static QuestionBank LoadBank(QuizOptions options)
    {
        var result = QuestionBank.Load(options.QuestionsPath);
        if (result.Bank is null)
            throw new StartupException(result.Problems
                .Select(p => $"Question bank {Path.GetFullPath(options.QuestionsPath)}: {p} (see docs/question-bank.md; Quiz:QuestionsPath sets the folder)")
                .ToList());
        return result.Bank;
    }

    /// <summary>Runs the host in the chosen mode and turns start-up problems into readable lines and exit code 2.</summary>
    public static async Task<int> RunQuizBotAsync(this IHost host, RunMode mode, string[] arguments)
    {
        if (mode is RunMode.Backup or RunMode.Restore or RunMode.MigrateToPostgres)
        {
            var storage = host.Services.GetRequiredService<StorageOptions>();
            if (storage.Problems() is { Count: > 0 } problems)
            {
                foreach (var line in problems) Console.Error.WriteLine($"QuizBot cannot start: {line}");
                return 2;
            }
            if (mode == RunMode.MigrateToPostgres) return await PostgresCopy.RunAsync(host.Services.GetRequiredService<IDatabase>(), arguments);
            return RunBackup(host.Services.GetRequiredService<IDatabase>(), mode, arguments);
        }
        try
        {
            // The same checks the StartupChecks hosted service runs, done first so a problem prints as one clean line.
            host.Services.GetRequiredService<StartupChecks>().Run();
            if (mode == RunMode.Bot)
            {
                await host.RunAsync();
                return 0;
            }
            await host.StartAsync();
            using var leave = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                // Every answer is already committed; say so and let the process end.
                Console.Out.WriteLine(Texts.TerminalInterrupted);
            };
            var code = await host.Services.GetRequiredService<TerminalPlay>().RunAsync(leave.Token);
            await host.StopAsync();
            return code;
        }
        catch (Exception ex) when (Unwrap(ex) is { } problems)
        {
            foreach (var line in problems) Console.Error.WriteLine($"QuizBot cannot start: {line}");
            return 2;
        }
    }

    private static int RunBackup(IDatabase db, RunMode mode, string[] arguments)
    {
        var file = arguments.FirstOrDefault(a => !a.StartsWith('-'));
        if (file is null)
        {
            var extension = db.Provider == StorageProvider.Postgres ? "dump" : "db";
            Console.Error.WriteLine($"Usage: dotnet run --project src/QuizBot -- {mode.ToString().ToLowerInvariant()} <file.{extension}>");
            return 2;
        }
        try
        {
            switch (db, mode)
            {
                case (Database sqlite, RunMode.Backup): Backup.Save(sqlite, file); break;
                case (Database sqlite, _): Backup.Restore(sqlite, file); break;
                case (PostgresDatabase postgres, RunMode.Backup): PostgresBackup.Save(postgres, file); break;
                case (PostgresDatabase postgres, _): PostgresBackup.Restore(postgres, file); break;
            }
            Console.WriteLine(mode == RunMode.Backup ? $"Backup written to {Path.GetFullPath(file)}" : $"Database restored from {Path.GetFullPath(file)}");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException or UnauthorizedAccessException
            or Npgsql.NpgsqlException)
        {
            var message = db is PostgresDatabase pg ? PostgresDatabase.Redact(StorageErrors.Describe(ex), pg.ConnectionString) : ex.Message;
            Console.Error.WriteLine($"QuizBot {mode.ToString().ToLowerInvariant()} failed: {message}");
            return 1;
        }
    }

    private static IReadOnlyList<string>? Unwrap(Exception ex) => ex switch
    {
        StartupException s => s.Problems,
        OptionsValidationException o => o.Failures.ToList(),
        AggregateException a => a.InnerExceptions.Select(Unwrap).Where(p => p is not null).SelectMany(p => p!).ToList() is { Count: > 0 } all ? all : null,
        { InnerException: { } inner } => Unwrap(inner),
        _ => null,
    };
}

/// <summary>Migrates the database and loads the bank at start, so a broken bank or database stops the host at once.</summary>
internal sealed class StartupChecks(IDatabase db, IServiceProvider services, ILogger<StartupChecks> log) : IHostedService
{
    private int _done;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Run();
        return Task.CompletedTask;
    }

    /// <summary>Validates options, migrates, loads the bank; once per process.</summary>
    public void Run()
    {
        if (Interlocked.Exchange(ref _done, 1) == 1) return;
        var problems = new List<string>(services.GetRequiredService<StorageOptions>().Problems());
        Validate<QuizOptions>(problems);
        Validate<LearningOptions>(problems);
        if (services.GetService<IValidateOptions<TelegramOptions>>() is not null) Validate<TelegramOptions>(problems);
        if (problems.Count > 0) throw new StartupException(problems);
        if (services.GetService<InstanceLock>() is { } instance) TakeOrExplain(instance); // the bot only, not terminal play
        // The bank's YAML parse (the longest step of start-up) runs beside the migration check.
        var loading = Task.Run(services.GetRequiredService<QuestionBank>);
        var version = MigrateOrExplain();
        var bank = loading.GetAwaiter().GetResult();
        // What the Leitner review left becomes FSRS cards, once (docs/learning.md, "From Leitner"); later starts find none.
        var converted = services.GetRequiredService<LearningService>().ConvertLeitnerAsync().GetAwaiter().GetResult();
        if (converted > 0) log.LogInformation("{Count} Leitner review boxes became FSRS cards", converted);
        log.LogInformation("Database at schema version {Version}; {Count} approved questions loaded", version, bank.Approved.Count);
    }

    /// <summary>Migrates and checks the database can be written, or stops the start with one line naming the setting.</summary>
    private int MigrateOrExplain()
    {
        try
        {
            var version = db.Migrate();
            db.CheckWritable();
            return version;
        }
        catch (Exception ex) when (db is PostgresDatabase postgres && ex is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new StartupException([
                $"the {postgres.Describe()} cannot be reached or written: {PostgresDatabase.Redact(StorageErrors.Describe(ex), postgres.ConnectionString)} " +
                "(ConnectionStrings:QuizBot sets it; check the server runs and listens there, the database exists, and the user may " +
                "log in and write; see docs/operations.md)"]);
        }
        catch (Exception ex) when (db is Database sqlite && ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(sqlite.ConnectionString).DataSource;
            if (file.Length > 0 && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal)) file = Path.GetFullPath(file);
            throw new StartupException([
                $"the database {file} cannot be opened or written: {ex.Message} " +
                "(ConnectionStrings:QuizBot sets the file; check the folder exists and is writable, the disk has space, " +
                "and no other process holds the database; see docs/operations.md)"]);
        }
    }

    /// <summary>Takes the one-bot-per-database lock, or stops the start with one line naming the file and the setting.</summary>
    private void TakeOrExplain(InstanceLock instance)
    {
        var file = InstanceLock.DatabaseFile(((Database)db).ConnectionString);
        try
        {
            if (instance.TryAcquire())
            {
                log.LogDebug("Holding {LockFile}: no second bot can start on this database", instance.FilePath);
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupException([
                $"the lock file {instance.FilePath} beside the database cannot be created: {ex.Message} " +
                "(ConnectionStrings:QuizBot sets the database; its folder must be writable; see docs/operations.md)"]);
        }
        throw new StartupException([
            $"another QuizBot bot (or a restore) is using the database {file}: it holds {instance.FilePath} (its process id is in " +
            "that file). One bot per database: stop the other one first, or set ConnectionStrings:QuizBot to another database " +
            "(see docs/operations.md)."]);
    }

    private void Validate<T>(List<string> problems) where T : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
