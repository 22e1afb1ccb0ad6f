using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Quizzes;
using QuizBot.Storage;
using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuizBot.Telegram;

/// <summary>
/// Our own small getUpdates loop rather than the library's receiver, which retries polling errors with no delay (about
/// 1,000 requests a second against a dead server; Telegram.Bot 22's `ReceiveAsync`/`StartReceiving` also move the offset
/// before the handler runs). Each batch is stored in the update inbox
/// together with the next offset, in one transaction, before that offset confirms it to Telegram; then each update is
/// handed to its chat's lane (<see cref="UpdateLanes"/>) and the loop asks Telegram for more at once: fetching never waits
/// for one chat's replies, and a crash loses nothing (the next start hands the inbox's rows over again). Chatter is
/// dropped before it is stored (<see cref="ChatterGate"/>). Errors back off exponentially up to a minute and are logged
/// once per incident.
/// </summary>
internal sealed class UpdatePoller(
    ITelegramBotClient bot,
    UpdateRouter router,
    UpdateLanes lanes,
    ChatterGate gate,
    LeaderStart start,
    UpdateBacklog backlog,
    InboxStore inbox,
    TimeProvider time,
    IOptions<TelegramOptions> options,
    ILogger<UpdatePoller> log) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    // PollAnswer must be listed explicitly, and an unset list would reuse whatever the previous caller asked for.
    internal static readonly UpdateType[] Wanted =
        [UpdateType.Message, UpdateType.PollAnswer, UpdateType.CallbackQuery, UpdateType.MyChatMember];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // getUpdates is for one instance at a time (issue 12): a follower on PostgreSQL waits until it leads.
        await start.RunAsync(stoppingToken);
        var offset = await inbox.GetOffsetAsync();
        var backoff = TimeSpan.Zero;
        string? incident = null;
        var backlogTaken = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                // Until the waiting updates are taken, no long poll: an empty answer must come at once, not after the timeout.
                var timeout = backlogTaken ? options.Value.PollTimeoutSeconds : 0;
                updates = await bot.GetUpdates(offset, limit: BatchSize, timeout: timeout, Wanted, stoppingToken);
                if (incident is not null) log.LogInformation("Telegram is reachable again after: {Incident}", incident);
                incident = null;
                backoff = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 409 && ex.Message.Contains("webhook", StringComparison.OrdinalIgnoreCase))
            {
                // Back from webhook mode: Telegram refuses getUpdates while a webhook is set. Deleting it keeps the
                // updates waiting for it (drop_pending_updates false); the next getUpdates takes them.
                if (!await DeleteWebhookAsync(stoppingToken)) break;
                continue;
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

            if (updates.Length > 0)
            {
                router.Seen(updates);
                var admitted = updates.Where(u => gate.Admit(u)).ToList();
                var next = updates.Max(u => u.Id) + 1;
                if (!await StoreUntilAcceptedAsync(updates, admitted, next, stoppingToken)) break;
                offset = next;
                router.Forget(updates.Except(admitted).Select(u => u.Id));
            }
            if (!backlogTaken && updates.Length < BatchSize)
            {
                // Everything that waited at start is taken (a full batch may have more behind it); once it is handled,
                // group rounds and the daily push go on.
                backlogTaken = true;
                _ = lanes.WhenCurrentHandled().ContinueWith(_ => backlog.MarkCaughtUp(), CancellationToken.None,
                    TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Stores the admitted updates of a batch with the next offset, then hands them to their lanes. While storage is
    /// unavailable (a lock held by another process, a full or read-only disk), the offset does not move, so nothing is
    /// confirmed to Telegram before it is stored; the updates are handed over anyway, so what needs no write (a /top, a
    /// /me) is answered meanwhile and what does waits in its lane, which tells its chat once. The batch is stored again with
    /// backoff, less the updates handled meanwhile; the chats of commands sent since, still waiting at Telegram, hear once
    /// that they were not lost. False on shutdown.
    /// </summary>
    private async Task<bool> StoreUntilAcceptedAsync(IReadOnlyList<Update> updates, IReadOnlyList<Update> admitted, int next, CancellationToken ct)
    {
        var rows = admitted.Select(u => new InboxRow(u.Id, UpdateLanes.LaneOf(u), router.SeenAt(u.Id), Serialize(u))).ToList();
        var delay = TimeSpan.FromSeconds(1);
        Dictionary<long, Task>? handling = null; // set once the batch is handed over before it was stored
        IReadOnlyList<Update> since = []; // updates sent after the held batch, seen at the last look
        while (true)
        {
            try
            {
                await inbox.AcceptUpdatesAsync(
                    handling is null ? rows : rows.Where(r => !handling[r.UpdateId].IsCompletedSuccessfully).ToList(), next);
                if (handling is null)
                    foreach (var update in admitted) _ = lanes.Enqueue(update, ct);
                else
                    lanes.EndHold();
                return true;
            }
            catch (Exception ex) when (StorageErrors.IsUnavailable(ex))
            {
                var error = StorageErrors.Describe(ex);
                log.LogDebug("A batch of {Count} updates could not be stored: {Error}", rows.Count, error);
                if (handling is null)
                {
                    lanes.BeginHold(error);
                    handling = admitted.ToDictionary(u => (long)u.Id, u => lanes.Enqueue(u, ct));
                }
                else
                {
                    // Still unavailable: the chats of commands sent since hear once that they were not lost.
                    await lanes.TellHeldAsync(since, ct);
                }
            }
            try { await Task.Delay(delay, time, ct); }
            catch (OperationCanceledException) { return false; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
            // Updates sent since wait at Telegram, unconfirmed, and are taken once these are stored; an answer among them
            // is timed as of now, not when storage is back.
            since = [.. (await PeekAsync(updates[0].Id, ct)).Where(u => u.Id >= next)];
            router.Seen(since);
        }
    }

    /// <summary>The update as Bot API JSON for its inbox row.</summary>
    private string Serialize(Update update)
    {
        try
        {
            return JsonSerializer.Serialize(update, JsonBotAPI.Options);
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException or NotSupportedException)
        {
            // Telegram.Bot 22.10 cannot write every shape it reads (a quiz poll with several right options, forwarded
            // into a chat): keep what the router looks at, which never includes a message's poll.
            log.LogDebug("Update {UpdateId} stored without its message's poll: {Error}", update.Id, ex.Message);
            if (update.Message is { } m) m.Poll = null;
            return JsonSerializer.Serialize(update, JsonBotAPI.Options);
        }
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

    /// <summary>Deletes the webhook, keeping its pending updates, retrying with backoff; false on shutdown.</summary>
    private async Task<bool> DeleteWebhookAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await bot.DeleteWebhook(dropPendingUpdates: false, ct);
                await inbox.SetWebhookFingerprintAsync("");
                log.LogInformation("The webhook was deleted (Telegram:Mode is polling); its pending updates are taken by getUpdates");
                return true;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex)
            {
                log.LogWarning("deleteWebhook failed: {Error}; retrying in {Seconds} s", Describe(ex), delay.TotalSeconds);
            }
            try { await Task.Delay(delay, time, ct); }
            catch (OperationCanceledException) { return false; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    /// <summary>A short, token-free description: exception texts from the HTTP layer may contain the request URL.</summary>
    internal static string Describe(Exception ex) => ex switch
    {
        ApiRequestException { ErrorCode: 409 } => "409 Conflict: another process is polling with this token",
        ApiRequestException { ErrorCode: 401 } => "401 Unauthorized: the bot token was rejected",
        ApiRequestException api => $"Telegram error {api.ErrorCode}",
        RequestException { InnerException: TaskCanceledException } => "request timed out",
        RequestException => "Telegram unreachable or gave an unreadable answer",
        _ => ex.GetType().Name,
    };
}
