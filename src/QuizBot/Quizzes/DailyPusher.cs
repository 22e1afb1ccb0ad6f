using System.Collections.Concurrent;
using System.Threading.Channels;
using QuizBot.Storage;
using QuizBot.Telegram;

namespace QuizBot.Quizzes;

/// <summary>
/// The daily push's scheduler (docs/daily.md). Every <see cref="Tick"/> (and at start, to catch up after downtime) it
/// resumes pushes a crash or stop interrupted, claims the subscriptions that are due (each claim writes the day's durable
/// push record before anything is sent) and posts the summaries of group pushes whose polls have closed. A fixed pool of
/// workers sends them, so one slow or failing chat never holds up the others. Time comes from the injected TimeProvider,
/// so tests move the clock instead of waiting. After a start it first waits for the updates that queued while the bot was
/// down to be read (<see cref="UpdateBacklog"/>): an answer among them may adopt a poll an interrupted push sent, which is
/// then not sent again, and the first sends come after the bot has reached Telegram.
/// </summary>
internal sealed class DailyPusher(
    DailyService daily, DailyBroadcast broadcast, DailyStore pushes, UpdateBacklog backlog, TimeProvider time, ILogger<DailyPusher> log)
    : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(10);

    private sealed record Work(DailyPush Push, bool Summary);

    private readonly ConcurrentDictionary<(long ChatId, string Day, bool Summary), byte> _inFlight = new();
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleWriter = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting
        try
        {
            if (!await backlog.WaitAsync(stoppingToken))
                log.LogWarning("The daily pusher starts before the waiting updates were read (not read in {Seconds} s)", UpdateBacklog.MaxWait.TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var workers = Enumerable.Range(0, broadcast.Concurrency).Select(_ => WorkAsync(stoppingToken)).ToList();
        using var timer = new PeriodicTimer(Tick, time);
        var waitingForStorage = false;
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                if (waitingForStorage) log.LogInformation("The daily pusher goes on: the database is available again");
                waitingForStorage = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (StorageErrors.IsUnavailable(ex))
            {
                // One error per outage, not one per tick.
                if (!waitingForStorage)
                    log.LogError("The daily pusher waits for the database ({Error}); trying again every tick", StorageErrors.Describe(ex));
                waitingForStorage = true;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "The daily pusher failed a round of its schedule; trying again next tick");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
        _queue.Writer.TryComplete();
        await Task.WhenAll(workers);
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        // Interrupted pushes first: they were due before anything claimed now.
        foreach (var push in await pushes.GetUnfinishedPushesAsync()) Enqueue(new Work(push, Summary: false));
        var claimed = 0;
        await foreach (var push in daily.ClaimDueAsync(ct))
        {
            Enqueue(new Work(push, Summary: false));
            claimed++;
        }
        if (claimed > 0) log.LogInformation("Daily push: {Count} chats due", claimed);
        foreach (var push in await pushes.GetPushesToSummarizeAsync(daily.Now)) Enqueue(new Work(push, Summary: true));
    }

    private void Enqueue(Work work)
    {
        if (_inFlight.TryAdd((work.Push.ChatId, work.Push.Day, work.Summary), 0)) _queue.Writer.TryWrite(work);
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await foreach (var work in _queue.Reader.ReadAllAsync(ct))
            {
                try
                {
                    var run = work.Summary ? await broadcast.SummarizeAsync(work.Push, ct) : await broadcast.RunAsync(work.Push, ct);
                    if (run == PushRun.Retry)
                        log.LogWarning("Daily push to chat {ChatId} got no answer from Telegram; trying again next tick", work.Push.ChatId);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    log.LogError(ex, "Daily push to chat {ChatId} failed; it is retried next tick", work.Push.ChatId);
                }
                finally
                {
                    _inFlight.TryRemove((work.Push.ChatId, work.Push.Day, work.Summary), out _);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
