using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Quizzes;
using QuizBot.Storage;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace QuizBot.Telegram;

/// <summary>
/// Webhook mode (issue 12, <c>Telegram:Mode=webhook</c>): Telegram posts each update to <c>Telegram:WebhookUrl</c>, which a
/// load balancer forwards to this host's Kestrel, listening on the standard <c>Urls</c> setting. A call is answered 200
/// only once its update is stored (the inbox row and its <c>update_seen</c> mark, one transaction), so a crash after the
/// 200 loses nothing and Telegram's redelivery of an update it did not see answered inserts nothing. The update is then
/// handled from the inbox by its chat's lane, as in polling mode. With several instances (docs/deploy.md) every one of them
/// stores what it is posted, and the leader alone handles the inbox: what it stored itself at once, what followers stored
/// at its next look (<see cref="InboxLook"/>), so one chat's updates are never handled on two instances. The secret header is compared in constant time; a call
/// without it gets 401, an oversized body 413, anything but a well-formed update 400, all before anything is stored.
/// <c>GET /healthz</c> tells the load balancer whether this instance can take updates.
/// </summary>
internal sealed class WebhookIntake(
    IConfiguration configuration,
    ITelegramBotClient bot,
    UpdateRouter router,
    UpdateLanes lanes,
    ChatterGate gate,
    BotSetup setup,
    LeaderStart start,
    UpdateBacklog backlog,
    Leadership leadership,
    InboxStore inbox,
    TimeProvider time,
    IOptions<TelegramOptions> options,
    ILogger<WebhookIntake> log) : BackgroundService
{
    /// <summary>Telegram's updates are a few kilobytes; a message with every optional part stays far below this.</summary>
    public const long MaxBodyBytes = 256 * 1024;

    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Received-update marks are kept this long: Telegram gives up on an update after 24 hours.</summary>
    public static readonly TimeSpan SeenKept = TimeSpan.FromHours(48);

    private const int PurgeEvery = 1000;

    /// <summary>How often the leader looks for updates that followers stored (issue 12).</summary>
    public static readonly TimeSpan InboxLook = TimeSpan.FromMilliseconds(100);

    private readonly TaskCompletionSource _accepting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;
    private CancellationToken _stopping;
    private int _accepted;

    /// <summary>The addresses Kestrel listens on (with the real port when <c>Urls</c> asked for port 0).</summary>
    public IReadOnlyList<string> Addresses => _app?.Urls.ToList() ?? [];

    /// <summary>Completes once this instance handles updates: it leads, the stored inbox is handed over, the webhook is being set.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Completes once this instance stores the updates posted to it (a follower too): Telegram answered getMe.</summary>
    public Task Accepting => _accepting.Task;

    /// <summary>The path of <c>Telegram:WebhookUrl</c>, where updates are served.</summary>
    public string HookPath => new Uri(options.Value.WebhookUrl).AbsolutePath;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        // Only what is set here (a source, so UseUrls can write to it): the bot's own configuration is read below.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        // The standard setting (--urls, Urls in appsettings.json, ASPNETCORE_URLS), read from the bot's configuration.
        var urls = configuration["Urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://localhost:5000";
        builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        app.MapPost(HookPath, (Func<HttpContext, Task<IResult>>)ReceiveAsync); // a Delegate: its IResult is written
        app.MapGet("/healthz", (Func<HttpContext, Task<IResult>>)HealthAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
        log.LogInformation("Listening for webhook calls at {Path} on {Urls}", HookPath, string.Join(", ", app.Urls));
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app) await app.StopAsync(cancellationToken); // no more updates taken before the lanes stop
        await base.StopAsync(cancellationToken);
        if (_app is not null) await _app.DisposeAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        // Every instance stores the updates posted to it (issue 12); only the leader handles them. Reading commands needs
        // the bot's username, so getMe comes first.
        await setup.IdentifyAsync(stoppingToken);
        _accepting.TrySetResult();
        await start.RunAsync(stoppingToken);
        // Telegram delivers what waited for it once the webhook answers; what was stored before is handled first.
        _ = lanes.WhenCurrentHandled().ContinueWith(_ => backlog.MarkCaughtUp(), CancellationToken.None,
            TaskContinuationOptions.None, TaskScheduler.Default);
        try
        {
            await inbox.PurgeSeenAsync(time.GetUtcNow().Subtract(SeenKept).ToUnixTimeMilliseconds());
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex))
        {
            log.LogDebug("Old received-update marks not deleted: {Error}", StorageErrors.Describe(ex));
        }
        _ready.TrySetResult();
        var registering = RegisterWebhookAsync(stoppingToken);
        if (leadership.Elected) await WatchInboxAsync(stoppingToken);
        await registering;
    }

    /// <summary>
    /// The leader's look at the inbox for what the followers stored (issue 12), every <see cref="InboxLook"/> (real time:
    /// it waits on other processes). What this process stored itself is already in its lanes and is skipped.
    /// </summary>
    private async Task WatchInboxAsync(CancellationToken ct)
    {
        var failing = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await lanes.HandOverNewAsync(ct);
                if (failing) log.LogInformation("The inbox can be read again");
                failing = false;
            }
            catch (Exception ex) when (StorageErrors.IsUnavailable(ex) || ex is System.Data.Common.DbException or TimeoutException)
            {
                if (!failing) log.LogWarning("Reading the inbox for updates other instances stored failed: {Error}; retrying", StorageErrors.Describe(ex));
                failing = true;
            }
            try { await Task.Delay(InboxLook, TimeProvider.System, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>
    /// Calls setWebhook only when Telegram's settings (getWebhookInfo) or the secret (not readable back: a fingerprint in
    /// bot_state) differ from ours, so a restart or a second instance changes nothing at Telegram. Retries with backoff.
    /// </summary>
    private async Task RegisterWebhookAsync(CancellationToken ct)
    {
        var o = options.Value;
        var wanted = UpdatePoller.Wanted;
        var allowed = wanted.Select(t => JsonSerializer.Serialize(t, JsonBotAPI.Options).Trim('"')).Order(StringComparer.Ordinal).ToList();
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{o.WebhookUrl}\n{o.WebhookSecret}\n{string.Join(",", allowed)}\n{o.WebhookMaxConnections}")));
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var info = await bot.GetWebhookInfo(ct);
                var theirs = (info.AllowedUpdates ?? []).Select(t => JsonSerializer.Serialize(t, JsonBotAPI.Options).Trim('"'))
                    .Order(StringComparer.Ordinal).ToList();
                if (info.Url == o.WebhookUrl && info.MaxConnections == o.WebhookMaxConnections && theirs.SequenceEqual(allowed)
                    && await inbox.GetWebhookFingerprintAsync() == fingerprint)
                {
                    log.LogInformation("The webhook is already set as configured");
                    return;
                }
                await bot.SetWebhook(o.WebhookUrl, maxConnections: o.WebhookMaxConnections, allowedUpdates: wanted,
                    dropPendingUpdates: false, secretToken: o.WebhookSecret, cancellationToken: ct);
                await inbox.SetWebhookFingerprintAsync(fingerprint);
                log.LogInformation("Webhook set to {Url}", o.WebhookUrl);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var error = StorageErrors.IsUnavailable(ex) ? StorageErrors.Describe(ex) : UpdatePoller.Describe(ex);
                log.LogWarning("Setting the webhook failed: {Error}; retrying in {Seconds} s", error, delay.TotalSeconds);
            }
            try { await Task.Delay(delay, time, ct); }
            catch (OperationCanceledException) { return; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
        }
    }

    private async Task<IResult> ReceiveAsync(HttpContext http)
    {
        if (!SecretMatches(http.Request.Headers[SecretHeader].ToString())) return Results.StatusCode(StatusCodes.Status401Unauthorized);
        // Several instances: any of them stores (the leader's look takes what arrives while it starts). A single one: only
        // once its stored inbox is handed over, so nothing stored meanwhile waits for the next start. Telegram retries a 503.
        if (!(leadership.Elected ? Accepting : Ready).IsCompleted) return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        string body;
        try
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        Update? update;
        try
        {
            update = JsonSerializer.Deserialize<Update>(body, JsonBotAPI.Options);
        }
        catch (JsonException)
        {
            update = null;
        }
        if (update is not { Id: > 0 }) return Results.BadRequest();

        // Handled here only by a leader that has taken over its inbox; otherwise stored for the leader (its look, or its
        // hand-over at start, takes the row).
        var handling = Ready.IsCompleted;
        router.Seen([update]);
        var admitted = gate.Admit(update, handledHere: handling);
        var row = new InboxRow(update.Id, UpdateLanes.LaneOf(update), router.SeenAt(update.Id), body);
        bool fresh;
        try
        {
            fresh = await inbox.AcceptDeliveredAsync(row, admitted);
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex) || ex is StaleLeadershipException)
        {
            // Not stored, so not acknowledged: Telegram delivers it again (to the new leader, when this one was replaced).
            log.LogWarning("Update {UpdateId} could not be stored: {Error}; answered 503", update.Id, StorageErrors.Describe(ex));
            router.Forget([update.Id]);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (!fresh || !admitted || !handling)
        {
            router.Forget([update.Id]);
            return Results.Ok();
        }
        _ = lanes.Enqueue(update, _stopping);
        if (Interlocked.Increment(ref _accepted) % PurgeEvery == 0)
            _ = inbox.PurgeSeenAsync(time.GetUtcNow().Subtract(SeenKept).ToUnixTimeMilliseconds()).ContinueWith(
                t => log.LogDebug("Old received-update marks not deleted: {Error}", t.Exception?.GetBaseException().Message),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return Results.Ok();
    }

    /// <summary>Constant-time: both sides hashed to the same length first, so neither content nor length leaks through timing.</summary>
    private bool SecretMatches(string given) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.WebhookSecret)));

    private async Task<IResult> HealthAsync(HttpContext http)
    {
        long? backlog = null;
        try
        {
            backlog = await inbox.CountInboxAsync();
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex) || ex is System.Data.Common.DbException or TimeoutException)
        {
            log.LogDebug("Health check: the database did not answer: {Error}", StorageErrors.Describe(ex));
        }
        // A follower is healthy too: it stores what it is sent, and the leader handles it.
        var ready = (leadership.Elected ? Accepting : Ready).IsCompleted && backlog is not null;
        var body = new Health(ready ? "ok" : "unavailable", backlog is null ? "unreachable" : "reachable", Ready.IsCompleted,
            leadership.IsLeader ? "leader" : "follower", backlog ?? -1, lanes.Pending);
        return Results.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The body of /healthz.</summary>
    internal sealed record Health(string Status, [property: JsonPropertyName("database")] string DatabaseState, bool Started, string Role,
        long Backlog, int Handling);
}
