using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using QuizBot.Storage;
using QuizBot.Telegram;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

/// <summary>
/// Issue 12, webhook mode on one instance: Telegram (the fake) posts updates to the bot's Kestrel through a "load balancer"
/// (<see cref="FakeBotApi.RouteWebhooksTo"/>); forged calls change nothing; an update is stored before the 200; a
/// redelivered update inserts nothing; setWebhook only when the settings differ; polling again deletes the webhook and keeps
/// its pending updates; /healthz.
/// </summary>
public abstract class WebhookStories
{
    private readonly StorageProvider _provider;

    private protected WebhookStories(StorageProvider provider) => _provider = provider;

    internal static readonly User Alice = FakeBotApi.MakeUser(501, "Alice");
    private static readonly User Bob = FakeBotApi.MakeUser(502, "Bob");

    private TempDatabase NewDatabase() => new(_provider);

    internal static HttpClient Client() => new() { Timeout = TimeSpan.FromSeconds(10) };

    internal static HttpRequestMessage Post(TestBot bot, string body, string? secret = TestBot.WebhookSecret) =>
        Post(bot.WebhookAddress, body, secret);

    /// <summary>A webhook call as Telegram (or a forger) makes it, to the instance at <paramref name="address"/>.</summary>
    internal static HttpRequestMessage Post(string address, string body, string? secret = TestBot.WebhookSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, address + "/telegram/hook")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (secret is not null) request.Headers.Add(WebhookIntake.SecretHeader, secret);
        return request;
    }

    /// <summary>A /start from Alice as Telegram would post it, under an update_id of the test's choosing.</summary>
    internal static string StartUpdate(int updateId) => JsonSerializer.Serialize(new Update
    {
        Id = updateId,
        Message = new Message
        {
            Id = 1,
            Chat = FakeBotApi.PrivateChat(Alice),
            From = Alice,
            Date = DateTime.UtcNow,
            Text = "/start",
            Entities = [new() { Type = global::Telegram.Bot.Types.Enums.MessageEntityType.BotCommand, Offset = 0, Length = 6 }],
        },
    }, JsonBotAPI.Options);

    /// <summary>Rows in update_seen and update_inbox.</summary>
    internal static async Task<(long Seen, long Inbox)> StoredAsync(TempDatabase db)
    {
        await using var c = db.Storage.Connect();
        return (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM update_seen"), await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM update_inbox"));
    }

    internal static async Task<TestBot> StartWebhookBotAsync(FakeBotApi api, TempDatabase db, string secret = TestBot.WebhookSecret,
        ListLoggerProvider? logs = null, StorageFaults? faults = null)
    {
        var bot = await TestBot.StartAsync(api, db, settings: TestBot.WebhookSettings(secret), logs: logs, faults: faults);
        api.RouteWebhooksTo(bot.WebhookAddress);
        await bot.Host.Services.GetRequiredService<WebhookIntake>().Ready.WaitAsync(TimeSpan.FromSeconds(20));
        return bot;
    }

    [Fact]
    public async Task Updates_posted_by_Telegram_are_answered_and_the_webhook_is_set_with_secret_allowed_updates_and_max_connections()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var db = NewDatabase();
        await using var bot = await StartWebhookBotAsync(api, db);

        var call = await api.WaitForCallAsync("setWebhook");
        Assert.Equal(TestBot.PublicWebhookUrl, call.Body.GetProperty("url").GetString());
        Assert.Equal(TestBot.WebhookSecret, call.Body.GetProperty("secret_token").GetString());
        Assert.Equal(40, call.Body.GetProperty("max_connections").GetInt32());
        var allowed = call.Body.GetProperty("allowed_updates").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("poll_answer", allowed);
        Assert.Contains("message", allowed);

        var sent = api.SendText(FakeBotApi.PrivateChat(Alice), Alice, "/start");
        await api.WaitForMessageAsync(Alice.Id);
        await api.WaitUntilHandledAsync();
        Assert.All(api.Deliveries, d => Assert.Equal(200, d.Status));
        Assert.Contains(api.Deliveries, d => d.UpdateId == sent.Id);
        Assert.Empty(api.CallsTo("getUpdates")); // webhook mode never polls
        // Handled, so its inbox row goes (deleted just after the handling, off the lane's path); the mark stays for redeliveries.
        Assert.True(await api.TryWaitUntilAsync(async () => (await StoredAsync(db)).Inbox == 0, TimeSpan.FromSeconds(10)), "the inbox row stayed");
        Assert.Equal(1, (await StoredAsync(db)).Seen);
    }

    [Fact]
    public async Task An_update_is_stored_before_the_200_goes_back()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var db = NewDatabase();
        await using var bot = await StartWebhookBotAsync(api, db);
        using var http = Client();

        using var response = await http.SendAsync(Post(bot, StartUpdate(900_001)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var c = db.Storage.Connect();
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM update_seen WHERE update_id = 900001"));
        await api.WaitForMessageAsync(Alice.Id);
    }

    /// <summary>
    /// Forged calls to the instance at <paramref name="address"/>, each with the status it must get: no secret header or a
    /// wrong one 401, an oversized body 413, malformed JSON or anything but an update 400 (without a stack trace), a GET 405.
    /// Their update is a /start from Alice.
    /// </summary>
    internal static async Task ForgeCallsAsync(string address)
    {
        using var http = Client();
        var valid = StartUpdate(900_100);

        using (var r = await http.SendAsync(Post(address, valid, secret: null))) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using (var r = await http.SendAsync(Post(address, valid, secret: "wrong"))) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using (var r = await http.SendAsync(Post(address, valid, secret: TestBot.WebhookSecret + "x"))) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        var oversized = valid.Replace("/start", "/start " + new string('x', (int)WebhookIntake.MaxBodyBytes), StringComparison.Ordinal);
        using (var r = await http.SendAsync(Post(address, oversized))) Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        foreach (var malformed in new[] { "{\"update_id\": 900101, \"message\": {", "not json", "[]", "{}", "{\"update_id\": \"x\"}", "" })
        {
            using var r = await http.SendAsync(Post(address, malformed));
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var text = await r.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Exception", text, StringComparison.Ordinal); // no stack trace
        }
        using (var r = await http.GetAsync(address + "/telegram/hook")) Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode);
    }

    [Fact]
    public async Task Forged_webhook_calls_get_401_413_or_400_and_change_nothing()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var db = NewDatabase();
        await using var bot = await StartWebhookBotAsync(api, db);

        await ForgeCallsAsync(bot.WebhookAddress);

        Assert.Equal((0, 0), await StoredAsync(db));
        Assert.Empty(api.MessagesTo(Alice.Id));
        // The bot still takes real updates.
        api.SendText(FakeBotApi.PrivateChat(Bob), Bob, "/start");
        await api.WaitForMessageAsync(Bob.Id);
        await api.WaitUntilHandledAsync();
        Assert.Empty(api.MessagesTo(Alice.Id));
    }

    [Fact]
    public async Task A_redelivered_update_inserts_nothing_and_is_answered_once()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var db = NewDatabase();
        await using var bot = await StartWebhookBotAsync(api, db);
        using var http = Client();

        using (var r = await http.SendAsync(Post(bot, StartUpdate(900_200)))) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await api.WaitForMessageAsync(Alice.Id);
        await api.WaitUntilAsync(() => bot.Idle, "the first delivery handled");
        // Telegram did not see that 200 (a timeout at the load balancer) and posts the same update again, twice.
        using (var r = await http.SendAsync(Post(bot, StartUpdate(900_200)))) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using (var r = await http.SendAsync(Post(bot, StartUpdate(900_200)))) Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        // Something later, through the same door, is handled: by then a second answer to Alice would have been sent.
        api.SendText(FakeBotApi.PrivateChat(Bob), Bob, "/start");
        await api.WaitForMessageAsync(Bob.Id);
        await api.WaitUntilHandledAsync();
        Assert.Single(api.MessagesTo(Alice.Id));
        Assert.Equal((2, 0), await StoredAsync(db));
    }

    [Fact]
    public async Task SetWebhook_is_called_only_when_the_settings_differ_and_polling_again_deletes_it_keeping_pending_updates()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var db = NewDatabase();
        var logs = new ListLoggerProvider();
        await using (var first = await StartWebhookBotAsync(api, db, logs: logs))
            await logs.WaitForLineAsync("Webhook set to");
        Assert.Single(api.CallsTo("setWebhook"));

        logs = new ListLoggerProvider();
        await using (var again = await StartWebhookBotAsync(api, db, logs: logs))
            await logs.WaitForLineAsync("The webhook is already set as configured");
        Assert.Single(api.CallsTo("setWebhook")); // a restart with the same settings changes nothing at Telegram

        logs = new ListLoggerProvider();
        await using (var rotated = await StartWebhookBotAsync(api, db, secret: "rotated-secret", logs: logs))
            await logs.WaitForLineAsync("Webhook set to");
        Assert.Equal(2, api.CallsTo("setWebhook").Count); // a new secret cannot be read back from Telegram: it is set
        Assert.Equal("rotated-secret", api.WebhookSecret);

        // No instance runs; an update waits at Telegram for the webhook. Then the bot is started in polling mode.
        api.RouteWebhooksTo(); // the load balancer has nobody behind it
        api.SendText(FakeBotApi.PrivateChat(Alice), Alice, "/start");
        await using var polling = await TestBot.StartAsync(api, db);
        var deleted = await api.WaitForCallAsync("deleteWebhook");
        Assert.False(deleted.Body.TryGetProperty("drop_pending_updates", out var drop) && drop.GetBoolean());
        await api.WaitForMessageAsync(Alice.Id); // the pending update came through getUpdates
        Assert.Equal("", api.WebhookUrl);
    }

    [Fact]
    public async Task Healthz_is_503_until_updates_can_be_taken_then_200_with_database_role_and_backlog()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var db = NewDatabase();
        api.Unreachable = true; // getMe cannot succeed: the instance cannot take updates yet
        await using var bot = await TestBot.StartAsync(api, db, settings: TestBot.WebhookSettings());
        using var http = Client();

        using (var r = await http.GetAsync(bot.WebhookAddress + "/healthz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            using var json = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            Assert.False(json.RootElement.GetProperty("started").GetBoolean());
        }
        using (var r = await http.SendAsync(Post(bot, StartUpdate(900_300))))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode); // Telegram delivers it again later

        api.Unreachable = false;
        await bot.Host.Services.GetRequiredService<WebhookIntake>().Ready.WaitAsync(TimeSpan.FromSeconds(20));
        using (var r = await http.GetAsync(bot.WebhookAddress + "/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            using var json = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
            Assert.Equal("reachable", json.RootElement.GetProperty("database").GetString());
            Assert.Equal("leader", json.RootElement.GetProperty("role").GetString());
            Assert.Equal(0, json.RootElement.GetProperty("backlog").GetInt64());
        }
        Assert.Equal((0, 0), await StoredAsync(db));
    }

}

public sealed class WebhookStoriesOnSqlite() : WebhookStories(StorageProvider.Sqlite);

public sealed class WebhookStoriesOnPostgres() : WebhookStories(StorageProvider.Postgres);

/// <summary>Webhook mode with SQLite's own write faults (<see cref="StorageFaults"/>), and its settings.</summary>
public sealed class WebhookFaultStories
{
    private static readonly User Alice = FakeBotApi.MakeUser(701, "Alice");

    [Fact]
    public async Task While_the_database_cannot_be_written_Telegram_gets_503_and_its_retry_is_handled_once_storage_is_back()
    {
        var faults = new StorageFaults();
        await using var api = await FakeBotApi.StartAsync();
        using var db = new TempDatabase(faults);
        var logs = new ListLoggerProvider();
        await using var bot = await WebhookStories.StartWebhookBotAsync(api, db, logs: logs, faults: faults);
        await api.WaitForCallAsync("setWebhook");
        await logs.WaitForLineAsync("Webhook set to");

        faults.Set(StorageFault.ReadOnly);
        var sent = api.SendText(FakeBotApi.PrivateChat(Alice), Alice, "/start");
        await api.WaitUntilAsync(() => api.Deliveries.Any(d => d.UpdateId == sent.Id && d.Status == 503), "a 503 for the unstored update");
        Assert.Empty(api.MessagesTo(Alice.Id));

        faults.Set(StorageFault.None);
        await api.WaitForMessageAsync(Alice.Id);
        await api.WaitUntilHandledAsync();
        Assert.Single(api.MessagesTo(Alice.Id));
        Assert.Single(api.Deliveries, d => d.UpdateId == sent.Id && d.Status == 200);
    }

    [Fact]
    public void Webhook_mode_settings_are_checked_at_start_with_one_line_each()
    {
        var validator = new QuizBot.Configuration.TelegramOptionsValidator();
        var o = new QuizBot.Configuration.TelegramOptions
        {
            BotToken = FakeBotApi.Token,
            Mode = "webhook",
            WebhookUrl = "http://bot.example/hook",
            WebhookSecret = "has space",
            WebhookMaxConnections = 0,
        };
        var failures = validator.Validate(null, o).Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Telegram:WebhookUrl", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Telegram:WebhookSecret", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Telegram:WebhookMaxConnections", StringComparison.Ordinal));
        o.Mode = "push";
        Assert.Contains(validator.Validate(null, o).Failures!, f => f.StartsWith("Telegram:Mode", StringComparison.Ordinal));
    }
}

/// <summary>Issue 12: the real bot process, in webhook mode, killed with SIGKILL after it answered 200.</summary>
public abstract class WebhookCrashStories
{
    private readonly StorageProvider _provider;

    private protected WebhookCrashStories(StorageProvider provider) => _provider = provider;

    private static readonly User Alice = FakeBotApi.MakeUser(601, "Alice");

    [Fact]
    public async Task A_bot_killed_after_the_200_handles_the_stored_update_at_its_next_start_without_Telegram_sending_it_again()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var db = new TempDatabase(_provider);
        var port = Cluster.FreePort();
        var settings = TestBot.WebhookSettings().ToDictionary(kv => kv.Key, kv => kv.Value!);
        settings["Urls"] = $"http://127.0.0.1:{port}";
        api.RouteWebhooksTo($"http://127.0.0.1:{port}");

        using (var bot = BotProcess.Start(api, db, settings))
        {
            await api.WaitForCallAsync("setWebhook", timeout: TimeSpan.FromSeconds(30));
            // From now on the bot cannot reach Telegram, so it cannot answer before it dies: only the inbox has the update.
            api.Unreachable = true;
            var sent = api.SendText(FakeBotApi.PrivateChat(Alice), Alice, "/start");
            await api.WaitUntilAsync(() => api.Deliveries.Any(d => d.UpdateId == sent.Id && d.Status == 200), "the update acknowledged",
                TimeSpan.FromSeconds(20));
            bot.Kill();
        }
        await using (var c = db.Storage.Connect())
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM update_inbox"));
        api.Unreachable = false;

        using var restarted = BotProcess.Start(api, db, settings);
        await api.WaitForMessageAsync(Alice.Id, timeout: TimeSpan.FromSeconds(30));
        Assert.Single(api.Deliveries, d => d.Status == 200); // Telegram delivered it once; the inbox did the rest
        Assert.Single(api.MessagesTo(Alice.Id));
    }
}

public sealed class WebhookCrashStoriesOnSqlite() : WebhookCrashStories(StorageProvider.Sqlite);

public sealed class WebhookCrashStoriesOnPostgres() : WebhookCrashStories(StorageProvider.Postgres);
