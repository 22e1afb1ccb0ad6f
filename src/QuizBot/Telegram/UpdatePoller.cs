using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Storage;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuizBot.Telegram;

/// <summary>
/// Our own small getUpdates loop rather than the library's receiver, which retries polling errors with no delay (about
/// 1,000 requests a second against a dead server; Telegram.Bot 22's `ReceiveAsync`/`StartReceiving` also move the offset
/// before the handler runs). The offset is stored after each batch; a crash mid-batch redelivers that batch, which the
/// handlers tolerate (answers count once). Errors back off exponentially up to a minute and are logged once per incident.
/// </summary>
internal sealed class UpdatePoller(
    ITelegramBotClient bot,
    UpdateRouter router,
    BotSetup setup,
    QuizFlow flow,
    UpdateBacklog backlog,
    IQuizStore store,
    TimeProvider time,
    IOptions<TelegramOptions> options,
    ILogger<UpdatePoller> log) : BackgroundService
{
    private const string OffsetKey = "telegram.offset";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    // PollAnswer must be listed explicitly, and an unset list would reuse whatever the previous caller asked for.
    private static readonly UpdateType[] Wanted =
        [UpdateType.Message, UpdateType.PollAnswer, UpdateType.CallbackQuery, UpdateType.MyChatMember];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await setup.RunAsync(stoppingToken);
        try
        {
            await flow.RecoverAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Resuming interrupted quizzes failed; they resume when their players send /quiz");
        }
        var offset = int.TryParse(await store.GetStateAsync(OffsetKey), out var saved) ? saved : 0;
        var backoff = TimeSpan.Zero;
        string? incident = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                // Until the backlog is read, no long poll: an empty answer must come at once, not after the poll timeout.
                var timeout = backlog.CaughtUp ? options.Value.PollTimeoutSeconds : 0;
                updates = await bot.GetUpdates(offset, limit: 100, timeout: timeout, Wanted, stoppingToken);
                if (incident is not null) log.LogInformation("Telegram is reachable again after: {Incident}", incident);
                incident = null;
                backoff = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                var kind = Describe(ex);
                if (kind != incident) log.LogWarning("getUpdates failed: {Incident}; retrying with backoff", kind);
                incident = kind;
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                if (ex is ApiRequestException { Parameters.RetryAfter: { } retry }) backoff = TimeSpan.FromSeconds(retry);
                try { await Task.Delay(backoff, time, stoppingToken); }
                catch (OperationCanceledException) { break; }
                continue;
            }

            if (updates.Length == 0)
            {
                backlog.MarkCaughtUp();
                continue;
            }
            if (!await HandleUntilStoredAsync(updates, stoppingToken)) break;
            if (updates.Length < 100) backlog.MarkCaughtUp(); // what waited at start is handled (a full batch may have more behind it)
            offset = updates.Max(u => u.Id) + 1;
            try
            {
                await store.SetStateAsync(OffsetKey, offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                // The next getUpdates confirms the batch to Telegram anyway; the stored offset only shortens a restart.
                log.LogWarning("Could not store the update offset ({Error}); carrying on", ex.Message);
            }
        }
    }

    /// <summary>
    /// Handles a batch; while storage is unavailable, tries the updates that could not be stored again with backoff, and
    /// only then moves the offset on, so no answer is confirmed to Telegram before it is in the database. False on shutdown.
    /// </summary>
    private async Task<bool> HandleUntilStoredAsync(IReadOnlyList<Update> updates, CancellationToken ct)
    {
        var waiting = await router.HandleBatchAsync(updates, ct);
        if (waiting.Count == 0) return true;
        // One error line per incident; each retry is logged at Debug by the router.
        log.LogError("The database is unavailable ({Error}); {Count} updates are held and retried until it is back",
            router.LastStorageError, waiting.Count);
        var told = new HashSet<long>(); // chats told during this outage
        await TellHeldAsync(waiting, told, ct);
        var newest = updates.Max(u => u.Id);
        var delay = TimeSpan.FromSeconds(1);
        while (waiting.Count > 0)
        {
            try { await Task.Delay(delay, time, ct); }
            catch (OperationCanceledException) { return false; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
            // Updates sent since wait at Telegram, unconfirmed, and are handled in order once these are stored; meanwhile
            // their chats hear once that they were not lost.
            var since = await PeekAsync(waiting[0].Id, ct);
            router.Seen(since); // an answer among them is scored as of now, not when storage is back
            await TellHeldAsync(since.Where(u => u.Id > newest).ToList(), told, ct);
            waiting = await router.HandleBatchAsync(waiting, ct);
        }
        log.LogInformation("The database is available again; held updates are stored");
        return true;
    }

    private async Task TellHeldAsync(IReadOnlyList<Update> held, HashSet<long> toldChats, CancellationToken ct)
    {
        foreach (var update in held) await router.TellHeldAsync(update, toldChats, ct);
    }

    /// <summary>
    /// The updates waiting at Telegram from the oldest held one on, without confirming any of them (an offset confirms
    /// only the updates before it, all stored). Empty when Telegram cannot be reached: this is only a courtesy.
    /// </summary>
    private async Task<IReadOnlyList<Update>> PeekAsync(int oldestHeld, CancellationToken ct)
    {
        try
        {
            return await bot.GetUpdates(oldestHeld, limit: 100, timeout: 0, Wanted, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            log.LogDebug("Looking for updates sent during the outage failed: {Error}", Describe(ex));
            return [];
        }
    }

    /// <summary>A short, token-free description: exception texts from the HTTP layer may contain the request URL.</summary>
    private static string Describe(Exception ex) => ex switch
    {
        ApiRequestException { ErrorCode: 409 } => "409 Conflict: another process is polling with this token",
        ApiRequestException { ErrorCode: 401 } => "401 Unauthorized: the bot token was rejected",
        ApiRequestException api => $"Telegram error {api.ErrorCode}",
        RequestException { InnerException: TaskCanceledException } => "request timed out",
        RequestException => "Telegram unreachable or gave an unreadable answer",
        _ => ex.GetType().Name,
    };
}
