using System.Diagnostics;

namespace QuizBot.Telegram;

/// <summary>
/// Whether this process has read the updates that were waiting for it when it started (<see cref="UpdatePoller"/> sets it
/// once the updates taken up to its first batch that is not full, and the inbox's rows from before the start, are handled). Until then group rounds stand still and the daily pusher waits: answers given
/// before a question closed during the downtime must count in the ranking, and an answer to a private daily poll sent
/// just before a crash adopts it, so it is not sent again. At most <see cref="MaxWait"/> after the start (Telegram unreachable, or a
/// busy bot that keeps receiving full batches), the bot goes on anyway. With several instances (issue 12) nothing of this
/// starts before this instance is the leader.
/// </summary>
internal sealed class UpdateBacklog(Leadership leadership)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private readonly TaskCompletionSource _read = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Real time: it waits for Telegram and this process's I/O. Counted from when this instance became the leader (at start
    // for a single instance): a follower that takes over hours later waits for the updates stored before, too.
    private long Since => leadership.AcquiredAt;

    public bool CaughtUp => leadership.IsLeader && (_read.Task.IsCompleted || Stopwatch.GetElapsedTime(Since) >= MaxWait);

    public void MarkCaughtUp() => _read.TrySetResult();

    /// <summary>Waits until <see cref="CaughtUp"/>. True when the backlog was read, false when the wait ran out.</summary>
    public async Task<bool> WaitAsync(CancellationToken ct)
    {
        await leadership.Acquired.WaitAsync(ct); // rounds and the daily push run on the leader only
        var left = MaxWait - Stopwatch.GetElapsedTime(Since);
        if (_read.Task.IsCompleted || left <= TimeSpan.Zero) return _read.Task.IsCompleted;
        try
        {
            await _read.Task.WaitAsync(left, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// The leader's periodic work (the round clock, the evening reminder): waits until <see cref="CaughtUp"/>, then runs
    /// <paramref name="step"/> at once and every <paramref name="tick"/> of <paramref name="time"/> until stopped. The step
    /// handles its own errors; a cancellation on stopping ends the loop.
    /// </summary>
    public async Task EveryTickAsync(TimeSpan tick, TimeProvider time, Func<Task> step, CancellationToken ct)
    {
        await Task.Yield(); // the host's start goes on while this waits
        try
        {
            await WaitAsync(ct);
            using var timer = new PeriodicTimer(tick, time);
            do await step();
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
