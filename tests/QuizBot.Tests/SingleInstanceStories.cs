using System.Collections.Concurrent;
using Dapper;
using Microsoft.Data.Sqlite;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>
/// One bot per database (docs/operations.md, "One bot per database"): a second bot started by mistake on the same file
/// stops at start, before it polls, runs the round clock or pushes anything; a restore refuses while anything has the
/// database open. Backups and the terminal play mode still run beside the bot.
/// </summary>
public sealed class SingleInstanceStories
{
    private static StartupException? FindStartupProblem(Exception? ex) => ex switch
    {
        null => null,
        StartupException s => s,
        AggregateException a => a.InnerExceptions.Select(FindStartupProblem).FirstOrDefault(s => s is not null),
        _ => FindStartupProblem(ex.InnerException),
    };

    [Fact]
    public async Task A_second_bot_on_the_same_database_stops_at_start_while_backups_and_terminal_play_still_run_beside_the_first()
    {
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        await using var elsewhere = await FakeBotApi.StartAsync();
        await using var bot = await TestBot.StartAsync(api, db);

        TestBot? twin = null;
        var error = await Record.ExceptionAsync(async () => twin = await TestBot.StartAsync(elsewhere, db));
        if (twin is not null) await twin.DisposeAsync();
        var line = Assert.Single(Assert.IsType<StartupException>(FindStartupProblem(error)).Problems);
        Assert.Contains(db.Path, line, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:QuizBot", line, StringComparison.Ordinal);
        Assert.Empty(elsewhere.CallsTo("getUpdates"));

        // The first bot goes on answering.
        var ann = FakeBotApi.MakeUser(9101, "Ann");
        api.SendText(FakeBotApi.PrivateChat(ann), ann, "/start");
        await api.WaitForMessageAsync(ann.Id);

        // A backup is taken while it runs, and the terminal play mode (no polling, no clock, no push) starts beside it.
        Backup.Save(db.Database, Path.Combine(db.Folder, "while-running.db"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ContentRootPath = db.Folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:QuizBot"] = db.ConnectionString,
            ["Quiz:QuestionsPath"] = Path.Combine(TestBot.RepoRoot(), "questions"),
        });
        builder.Logging.ClearProviders();
        builder.AddQuizBot(RunMode.Play);
        using var play = builder.Build();
        play.Services.GetRequiredService<StartupChecks>().Run();
    }

    [Fact]
    public async Task A_second_bot_process_on_the_same_database_exits_with_one_line_and_never_polls()
    {
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        await using var elsewhere = await FakeBotApi.StartAsync();
        await using var bot = await TestBot.StartAsync(api, db);

        var output = new ConcurrentQueue<string>();
        using var process = BotLauncher.Start(elsewhere, db.ConnectionString, db.Folder,
            new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Testing" }, output.Enqueue);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
        }
        process.WaitForExit(); // and its output is read to the end
        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single(output, l => l.Contains("QuizBot", StringComparison.Ordinal));
        Assert.StartsWith("QuizBot cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(db.Path + ".lock", line, StringComparison.Ordinal);
        Assert.Empty(elsewhere.CallsTo("getUpdates"));
    }

    [Fact]
    public async Task Restore_refuses_while_a_bot_process_has_the_database_open_and_leaves_it_untouched()
    {
        using var db = new TempDatabase();
        var store = db.Migrated();
        await store.Answers.TryRecordAnswerAsync(Rows.Answer("in-backup", 7, chatId: 7, correct: true, points: 10, at: 1));
        var backup = Path.Combine(db.Folder, "old.db");
        Backup.Save(db.Database, backup);
        await store.Answers.TryRecordAnswerAsync(Rows.Answer("after-backup", 7, chatId: 7, correct: true, points: 10, at: 2));
        SqliteConnection.ClearAllPools();

        await using var api = await FakeBotApi.StartAsync();
        using (BotProcess.Start(api, db))
        {
            await api.WaitForCallAsync("getUpdates", timeout: TimeSpan.FromSeconds(90));
            var error = Assert.Throws<IOException>(() => Backup.Restore(db.Database, backup));
            Assert.Contains("stop", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(db.Path, error.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(db.Path + "-wal")); // the running bot's write-ahead log was left alone
        }

        using var c = db.Database.Open();
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM answers WHERE poll_id = 'after-backup'"));
    }
}
