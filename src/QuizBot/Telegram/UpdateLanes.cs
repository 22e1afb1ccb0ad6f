using QuizBot.Storage;
using Telegram.Bot.Types;

namespace QuizBot.Telegram;

/// <summary>
/// Handles stored updates chat by chat (issue 10): one lane per chat, or per person for poll answers, each handling its
/// updates in order and independently of every other lane. The poller hands updates over and goes back to Telegram at
/// once, so a chat whose replies wait for Telegram's per-chat limits, or whose storage write is held, delays only itself.
/// A handled update's inbox row is deleted; a crash leaves the row, and the next start hands it over again.
/// </summary>
internal sealed class UpdateLanes(UpdateRouter router, ChatterGate gate, InboxStore inbox, TimeProvider time, ILogger<UpdateLanes> log)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly Lock _sync = new();
    private readonly Dictionary<long, Queue<Work>> _lanes = [];
    private readonly HashSet<long> _told = []; // chats told during this outage that their command is held
    // Updates handed over and not yet handled, and the last ones handled (whose rows may not be deleted yet): with several
    // instances the leader also takes what followers stored (HandOverNewAsync), and must not take an update twice.
    private readonly HashSet<int> _taken = [];
    private readonly HashSet<int> _handled = [];
    private readonly Queue<int> _handledOrder = new();
    private const int HandledKept = 20_000;
    private int _pending;
    private int _holders; // lanes (and the poller) waiting for storage now

    private sealed record Work(Update Update, TaskCompletionSource Done);

    /// <summary>Updates handed over and not yet handled.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>The lane an update is handled in: its chat, or the person who answered a poll.</summary>
    public static long LaneOf(Update u) => u switch
    {
        { Message: { } m } => m.Chat.Id,
        { PollAnswer: { } a } => a.User?.Id ?? a.VoterChat?.Id ?? 0,
        { CallbackQuery: { } q } => q.Message?.Chat.Id ?? q.From.Id,
        { MyChatMember: { } m } => m.Chat.Id,
        _ => 0,
    };

    /// <summary>
    /// Queues an update on its lane; the task completes once it is handled (or dropped, or the bot stops). An update already
    /// queued or handled by this process is not queued again.
    /// </summary>
    public Task Enqueue(Update update, CancellationToken ct)
    {
        var lane = LaneOf(update);
        var work = new Work(update, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_sync)
        {
            if (_handled.Contains(update.Id) || !_taken.Add(update.Id)) return Task.CompletedTask;
            if (!_lanes.TryGetValue(lane, out var queue)) _lanes[lane] = queue = new Queue<Work>();
            queue.Enqueue(work);
            start = queue.Count == 1;
            _pending++;
        }
        if (start) _ = Task.Run(() => RunAsync(lane, ct), CancellationToken.None);
        return work.Done.Task;
    }

    /// <summary>Hands over the updates a previous process stored and did not finish handling, oldest first.</summary>
    public async Task HandOverStoredAsync(CancellationToken ct) => HandOver(await inbox.GetInboxAsync(), ct);

    /// <summary>
    /// Hands over the updates stored since by other instances (issue 12: every instance stores webhook calls, the leader
    /// handles them), oldest first; what this process took already is skipped. Returns how many were new.
    /// </summary>
    public async Task<int> HandOverNewAsync(CancellationToken ct)
    {
        var stored = await inbox.GetInboxIdsAsync();
        List<long> fresh;
        lock (_sync) fresh = [.. stored.Where(id => !_taken.Contains((int)id) && !_handled.Contains((int)id))];
        if (fresh.Count == 0) return 0;
        // Read after the check: a row handled and deleted meanwhile is no longer there, so it is not taken twice.
        var rows = await inbox.GetInboxAsync(fresh);
        HandOver(rows, ct);
        return rows.Count;
    }

    private void HandOver(IEnumerable<InboxRow> rows, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            var update = System.Text.Json.JsonSerializer.Deserialize<Update>(row.Body, global::Telegram.Bot.JsonBotAPI.Options);
            if (update is null) continue;
            router.Seen((int)row.UpdateId, row.SeenAt);
            _ = Enqueue(update, ct);
        }
    }

    /// <summary>Completes when every update handed over so far is handled.</summary>
    public Task WhenCurrentHandled()
    {
        lock (_sync) return Task.WhenAll(_lanes.Values.SelectMany(q => q).Select(w => w.Done.Task).ToList());
    }

    private async Task RunAsync(long lane, CancellationToken ct)
    {
        while (true)
        {
            Work work;
            lock (_sync)
            {
                work = _lanes[lane].Peek(); // a running lane is never empty: it is removed when its last update is done
            }
            try
            {
                await HandleAsync(lane, work.Update, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Shutting down: the update's row stays in the inbox and is handled at the next start.
                lock (_sync)
                {
                    foreach (var left in _lanes.GetValueOrDefault(lane) ?? [])
                    {
                        left.Done.TrySetCanceled(ct);
                        _taken.Remove(left.Update.Id);
                    }
                    _pending -= _lanes.GetValueOrDefault(lane)?.Count ?? 0;
                    _lanes.Remove(lane);
                }
                return;
            }
            bool more;
            lock (_sync)
            {
                var queue = _lanes[lane];
                queue.Dequeue();
                _pending--;
                Handled(work.Update.Id);
                more = queue.Count > 0;
                // An empty lane is removed here, in the same lock: the next update for it starts a new runner.
                if (!more) _lanes.Remove(lane);
            }
            work.Done.TrySetResult();
            if (!more) return;
        }
    }

    /// <summary>Moves an update from taken to handled, keeping the last <see cref="HandledKept"/> (under <see cref="_sync"/>).</summary>
    private void Handled(int updateId)
    {
        _taken.Remove(updateId);
        if (!_handled.Add(updateId)) return;
        _handledOrder.Enqueue(updateId);
        if (_handledOrder.Count > HandledKept) _handled.Remove(_handledOrder.Dequeue());
    }

    /// <summary>Handles one update, retrying on the documented schedule (1, 2, 4… s, at most a minute) while storage is unavailable.</summary>
    private async Task HandleAsync(long lane, Update update, CancellationToken ct)
    {
        var seenAt = router.SeenAt(update.Id);
        gate.Started(update);
        if (gate.IsStale(update, seenAt))
        {
            Forget(update.Id);
            return;
        }
        var delay = TimeSpan.FromSeconds(1);
        var holding = false;
        while (!await router.HandleSafelyAsync(update, ct))
        {
            if (!holding) BeginHold(router.LastStorageError);
            holding = true;
            // The held update and the commands queued behind it: their chat hears once that they are kept.
            List<Update> waiting;
            lock (_sync) waiting = [.. _lanes[lane].Select(w => w.Update)];
            foreach (var held in waiting) await TellHeldAsync(held, ct);
            await Task.Delay(delay, time, ct);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
        if (holding) EndHold();
        Forget(update.Id);
    }

    /// <summary>Tells the update's chat, once per outage, that its command is kept and will be handled.</summary>
    private async Task TellHeldAsync(Update update, CancellationToken ct)
    {
        if (router.HeldNoticeChat(update) is not { } chat) return;
        lock (_sync)
        {
            if (!_told.Add(chat)) return;
        }
        await router.SendHeldNoticeAsync(chat, ct);
    }

    /// <summary>The poller could not store what it took from Telegram: the same incident as a held lane.</summary>
    public void BeginHold(string error)
    {
        lock (_sync)
        {
            if (_holders++ > 0) return;
        }
        log.LogError("The database is unavailable ({Error}); updates are held and retried until it is back", error);
    }

    public void EndHold()
    {
        lock (_sync)
        {
            if (--_holders > 0) return;
            _told.Clear();
        }
        log.LogInformation("The database is available again; held updates are stored");
    }

    /// <summary>Tells a chat, once per outage, that its command is held (the poller's updates that could not be stored).</summary>
    public async Task TellHeldAsync(IEnumerable<Update> updates, CancellationToken ct)
    {
        foreach (var update in updates) await TellHeldAsync(update, ct);
    }

    /// <summary>Deletes a handled update's row; a failure only means it is handled again after a restart (handlers allow it).</summary>
    private void Forget(int updateId)
    {
        _ = inbox.DeleteHandledUpdatesAsync([updateId]).ContinueWith(
            t => log.LogDebug("Could not delete handled update {UpdateId}: {Error}", updateId, t.Exception?.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
