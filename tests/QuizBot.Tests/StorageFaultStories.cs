using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>
/// Issue 7: the database locked by another process, read-only, or full. Read-only and full are SQLite's own per-connection
/// limits applied to the bot's connections through <see cref="StorageFaults"/>, so the bot meets the real SQLite errors.
/// </summary>
public sealed class StorageFaultStories
{
    private const string Outage = "The database is unavailable";

    private static int Count(ListLoggerProvider logs, string prefix) =>
        logs.Lines.Count(l => l.Text.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Waits until <paramref name="done"/> holds, woken by the bot's calls to the fake and by its log lines.</summary>
    private static async Task Until(FakeBotApi api, ListLoggerProvider logs, Func<bool> done, string what, int seconds = 20)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            var woken = Task.WhenAny(api.NextActivity, logs.NextLine);
            if (done()) return;
            try
            {
                await woken.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.True(done(), what);
                return;
            }
        }
    }

    [Fact]
    public async Task A_full_or_read_only_database_is_storage_unavailable_and_a_broken_row_is_not()
    {
        var faults = new StorageFaults();
        using var db = new TempDatabase(faults);
        var store = db.Migrated();

        faults.Set(StorageFault.ReadOnly);
        var readOnly = await Assert.ThrowsAsync<SqliteException>(() => store.People.UpsertUserAsync(1, "甲", null, 1));
        Assert.Equal(8, readOnly.SqliteErrorCode); // SQLITE_READONLY
        Assert.True(StorageErrors.IsUnavailable(readOnly));
        Assert.Null(await store.Chats.GetStateAsync("x")); // reading still works

        faults.Set(StorageFault.Full);
        var full = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            // Rows fit in the pages the file already has for a while; the first one that needs a new page fails.
            for (var i = 0; i < 10_000; i++) await store.People.UpsertUserAsync(100 + i, new string('名', 50), null, 1);
        });
        Assert.Equal(13, full.SqliteErrorCode); // SQLITE_FULL
        Assert.Contains("full", full.Message, StringComparison.Ordinal);
        Assert.True(StorageErrors.IsUnavailable(new InvalidOperationException("wrapped", full)));

        faults.Set(StorageFault.None);
        await store.People.UpsertUserAsync(99_999, "乙", null, 1);
        using var connection = db.Database.Open();
        var broken = Assert.Throws<SqliteException>(() => connection.Execute("INSERT INTO users (user_id) VALUES (1)"));
        Assert.False(StorageErrors.IsUnavailable(broken)); // NOT NULL constraint: bad input, retrying cannot help
    }

    [Fact]
    public async Task While_the_database_is_read_only_a_private_quiz_answer_is_held_the_player_is_told_once_and_it_counts_once_after()
    {
        var faults = new StorageFaults();
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        await using var bot = await TestBot.StartAsync(api, db, faults: faults);
        var lin = FakeBotApi.MakeUser(8201, "Lin");
        api.SendText(FakeBotApi.PrivateChat(lin), lin, "/quiz 2");
        var first = await api.WaitForPollAsync(lin.Id);
        await api.WaitUntilHandledAsync(); // the quiz start is stored

        faults.Set(StorageFault.ReadOnly);
        api.AnswerPoll(first.PollId, lin, [.. first.CorrectOptionIds]);
        await bot.Logs.WaitForLineAsync(Outage, TimeSpan.FromSeconds(20));
        Assert.Contains("readonly", bot.Logs.Lines.First(l => l.Text.StartsWith(Outage, StringComparison.Ordinal)).Text, StringComparison.Ordinal);
        var after = api.CallCount;
        api.SendText(FakeBotApi.PrivateChat(lin), lin, "/me"); // sent while the answer waits: it waits behind it
        var told = await api.WaitForMessageAsync(lin.Id, after: after, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(Texts.StorageUnavailable, told.Text);
        // Several retries fail (1 s, 2 s apart), still one error line; nothing moved on and Telegram keeps both updates.
        await Until(api, bot.Logs, () => bot.Logs.Lines.Count(l => l.Text.StartsWith("Update ", StringComparison.Ordinal) && l.Text.Contains("waits for storage", StringComparison.Ordinal)) >= 3,
            "the held answer was not retried");
        Assert.Equal(1, Count(bot.Logs, Outage));
        Assert.Single(api.PollsTo(lin.Id));
        Assert.Equal(2, api.PendingUpdateCount);
        Assert.Single(api.MessagesTo(lin.Id), m => m.Text == Texts.StorageUnavailable);

        faults.Set(StorageFault.None);
        var second = await api.WaitForPollAsync(lin.Id, p => p.PollId != first.PollId, timeout: TimeSpan.FromSeconds(30));
        Assert.StartsWith("【第2/2题】", second.Question);
        var me = await api.WaitForMessageAsync(lin.Id, m => m.PlainText.Contains("答题数", StringComparison.Ordinal), after: after);
        Assert.Contains("答题数：1", me.PlainText);
        Assert.Contains(bot.Logs.Lines, l => l.Text.StartsWith("The database is available again", StringComparison.Ordinal));
        using var connection = db.Database.Open();
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM answers WHERE user_id = @Id", new { lin.Id }));
        Assert.Single(api.MessagesTo(lin.Id), m => m.Text == Texts.StorageUnavailable);
    }

    [Fact]
    public async Task When_the_disk_fills_during_a_group_round_the_answers_that_do_not_fit_wait_and_every_one_counts_once_after()
    {
        var faults = new StorageFaults();
        var time = new WatchedClock(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        await using var bot = await TestBot.StartAsync(api, db, time: time, faults: faults,
            settings: new() { ["Quiz:QuestionSeconds"] = "60" });
        var admin = FakeBotApi.MakeUser(500, "管理员");
        var group = FakeBotApi.Group(-7001, "学习小组");
        api.SetAdmins(group.Id, admin.Id);
        api.SetMemberCount(group.Id, 400);
        api.SendText(group, admin, "/quiz 1");
        // The clock's next tick sends the first question: a second at a time, each woken by the bot's calls, at most 300 ms.
        for (var i = 0; i < 200 && !await api.TryWaitUntilAsync(() => api.PollsTo(group.Id).Count > 0, TimeSpan.FromMilliseconds(300)); i++)
            time.Advance(TimeSpan.FromSeconds(1));
        var poll = Assert.Single(api.PollsTo(group.Id));
        await api.WaitUntilHandledAsync(); // the round start is stored

        // The disk fills: members keep answering; those that fit in pages the file already has are stored, until one
        // needs the file to grow. From then on each update waits: in the inbox while its small row still fits in the free
        // pages, and at Telegram, unconfirmed, once not even that fits.
        faults.Set(StorageFault.Full);
        var answered = new List<global::Telegram.Bot.Types.User>();
        long Held()
        {
            using var c = db.Database.Open();
            return api.PendingUpdateCount + c.ExecuteScalar<long>("SELECT COUNT(*) FROM update_inbox");
        }
        for (var i = 0; i < 390 && Count(bot.Logs, Outage) == 0; i++)
        {
            var member = FakeBotApi.MakeUser(20_000 + i, $"成员{i + 1}号，来自一个名字相当长的学习小组");
            answered.Add(member);
            api.AnswerPoll(poll.PollId, member, [.. poll.CorrectOptionIds]);
            await Until(api, bot.Logs, () => api.PendingUpdateCount == 0 || Count(bot.Logs, Outage) > 0, "an answer was neither stored nor held");
        }
        Assert.Equal(1, Count(bot.Logs, Outage));
        Assert.Contains("database or disk is full", bot.Logs.Lines.First(l => l.Text.StartsWith(Outage, StringComparison.Ordinal)).Text, StringComparison.Ordinal);
        Assert.True(Held() >= 1);
        var late = FakeBotApi.MakeUser(29_999, "后来的成员");
        answered.Add(late);
        api.AnswerPoll(poll.PollId, late, [.. poll.CorrectOptionIds]);
        var after = api.CallCount;
        api.SendText(group, admin, "/top");
        api.SendText(group, answered[0], "/top week");
        var allAnsweredBy = time.GetUtcNow().ToUnixTimeMilliseconds();
        // Unless the bot is holding a batch it could not store (then it looks at what waits after each failed retry), it
        // reads these at once: let it, before the clock moves (a getUpdates begun after them means the one before returned).
        await api.TryWaitUntilAsync(() => api.CallsTo("getUpdates").Any(c => c.Index >= after), TimeSpan.FromSeconds(5));
        // Held answers are retried 1, 2, 4 … s apart on the bot's clock, each in its own lane (moved each time the bot
        // waits); the group's commands are not stuck behind them (issue 10): a command that writes nothing new is answered
        // from what is stored, and one that cannot be stored is held with one notice to the group.
        var waits = 0;
        foreach (var retry in new[] { 1, 2, 4 })
        {
            waits = await time.WaitForWaitAsync(TimeSpan.FromSeconds(retry), after: waits, timeout: TimeSpan.FromSeconds(20)) + 1;
            time.Advance(TimeSpan.FromSeconds(retry));
        }
        await api.WaitForMessageAsync(group.Id, _ => true, after: after); // the group heard from the bot
        Assert.Equal(1, Count(bot.Logs, Outage));
        Assert.True(api.MessagesTo(group.Id).Count(m => m.Text == Texts.StorageUnavailable) <= 1);
        Assert.True(Held() >= 1);

        faults.Set(StorageFault.None);
        var freedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        time.Advance(TimeSpan.FromSeconds(8)); // the next retries are due
        // Each held lane retries on its own schedule (up to 16 s by now): move the clock until every update is stored and handled.
        for (var i = 0; i < 60 && !(Held() == 0 && bot.Idle); i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await api.TryWaitUntilAsync(() => Held() == 0 && bot.Idle, TimeSpan.FromMilliseconds(200));
        }
        Assert.True(Held() == 0 && bot.Idle, "the held updates were not stored after the disk was freed");
        Assert.Contains(bot.Logs.Lines, l => l.Text.StartsWith("The database is available again", StringComparison.Ordinal));
        var top = await api.WaitForMessageAsync(group.Id, m => m.PlainText.Contains("排行榜", StringComparison.Ordinal), after: after);
        Assert.Contains("成员", top.PlainText);
        await api.WaitForMessageAsync(group.Id, m => m.PlainText.Contains("排行榜", StringComparison.Ordinal), after: top.CallIndex + 1);
        using var connection = db.Database.Open();
        var rows = connection.Query<long>("SELECT user_id FROM answers WHERE poll_id = @PollId", new { poll.PollId }).ToList();
        Assert.Equal(answered.Select(u => u.Id).Order(), rows.Order()); // every member once: none lost, none twice
        // Scored as of when each answer reached the bot (the late one: its first look at what waited during the outage,
        // one retry later), not when the disk was freed 10 s on: the outage cost nobody speed points.
        var latest = connection.ExecuteScalar<long>("SELECT MAX(answered_at) FROM answers WHERE poll_id = @PollId", new { poll.PollId });
        // The bot first sees the late answer when it next reads Telegram: at once, or after a retry of its own held batch (the
        // test moves the clock through the retries of 1, 2 and 4 s meanwhile), never as late as when the disk is freed.
        Assert.InRange(latest, allAnsweredBy - 60_000, allAnsweredBy + 7_500);
        Assert.True(latest <= freedAt, "the answer was timed after storage came back");
        Assert.True(time.GetUtcNow().ToUnixTimeMilliseconds() - allAnsweredBy > 8_000, "the outage was too short to tell");
    }

    [Fact]
    public async Task While_another_process_holds_the_database_answers_are_held_and_stored_once_it_lets_go()
    {
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        await using var bot = await TestBot.StartAsync(api, db);
        var yan = FakeBotApi.MakeUser(8101, "Yan");
        api.SendText(FakeBotApi.PrivateChat(yan), yan, "/quiz 2");
        var first = await api.WaitForPollAsync(yan.Id);
        await api.WaitUntilHandledAsync(); // the quiz is fully stored

        // Another process takes the write lock and keeps it past the bot's 5 s busy timeout.
        using (var other = new SqliteConnection($"{db.ConnectionString};Pooling=False"))
        {
            other.Open();
            using var hold = other.BeginTransaction(System.Data.IsolationLevel.Serializable);
            using (var write = other.CreateCommand())
            {
                write.Transaction = hold;
                write.CommandText = "INSERT INTO bot_state (key, value) VALUES ('lock-holder', '1')";
                write.ExecuteNonQuery();
            }
            api.AnswerPoll(first.PollId, yan, [.. first.CorrectOptionIds]);
            await bot.Logs.WaitForLineAsync("The database is unavailable", TimeSpan.FromSeconds(15));
            Assert.Single(api.PollsTo(yan.Id)); // nothing moved on without the answer stored
            Assert.True(api.PendingUpdateCount >= 1); // and Telegram still holds the answer: it is not confirmed
            hold.Rollback();
        }

        var second = await api.WaitForPollAsync(yan.Id, p => p.PollId != first.PollId, timeout: TimeSpan.FromSeconds(30));
        Assert.True(second.Question.StartsWith("【第2/2题】", StringComparison.Ordinal),
            string.Join("\n", bot.Logs.Lines.Where(l => l.Level >= LogLevel.Debug && l.Category.StartsWith("QuizBot")).TakeLast(25).Select(l => $"{l.Category}: {l.Text}")));
        var after = api.CallCount;
        api.SendText(FakeBotApi.PrivateChat(yan), yan, "/me");
        Assert.Contains("答题数：1", (await api.WaitForMessageAsync(yan.Id, after: after)).PlainText);
        Assert.Contains(bot.Logs.Lines, l => l.Text.StartsWith("The database is available again", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a folder where the file should be")]
    [InlineData("read-only")]
    public void A_database_that_cannot_be_opened_or_written_stops_the_start_with_one_line_naming_the_setting(string problem)
    {
        var faults = new StorageFaults();
        using var db = new TempDatabase();
        var connectionString = db.ConnectionString;
        if (problem == "read-only") faults.Set(StorageFault.ReadOnly);
        else Directory.CreateDirectory(db.Path);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ContentRootPath = db.Folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:QuizBot"] = connectionString,
            ["Quiz:QuestionsPath"] = Path.Combine(TestBot.RepoRoot(), "questions"),
        });
        builder.Logging.ClearProviders();
        builder.AddQuizBot(RunMode.Play);
        builder.Services.AddSingleton(faults);
        using var host = builder.Build();

        var error = Assert.Throws<StartupException>(() => host.Services.GetRequiredService<StartupChecks>().Run());
        var line = Assert.Single(error.Problems);
        Assert.Contains("ConnectionStrings:QuizBot", line, StringComparison.Ordinal);
        Assert.Contains(db.Path, line, StringComparison.Ordinal);
        Assert.Contains(problem == "read-only" ? "readonly" : "unable to open", line, StringComparison.Ordinal);
    }
}
