using Microsoft.Extensions.Time.Testing;

namespace QuizBot.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when someone starts waiting on it: every one-shot timer (a Task.Delay on
/// this clock: a retry_after, a backoff) is recorded with its due time. A test waits until the bot waits, and only then
/// moves time, instead of sleeping and hoping the bot got there. Periodic timers (the round clock's tick) are not recorded.
/// </summary>
internal sealed class WatchedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly object _gate = new();
    private readonly List<TimeSpan> _waits = [];
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The due time of every one-shot timer made on this clock, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits { get { lock (_gate) return _waits.ToArray(); } }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan && dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_gate)
            {
                _waits.Add(dueTime);
                var old = _signal;
                _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
                old.TrySetResult();
            }
        }
        return timer;
    }

    /// <summary>Waits (in real time, on a signal) until a one-shot timer of <paramref name="due"/> was made, at or after
    /// position <paramref name="after"/> of <see cref="Waits"/>; returns its position.</summary>
    public async Task<int> WaitForWaitAsync(TimeSpan due, int after = 0, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Fakes.FakeBotApi.DefaultWaitTimeout);
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                var at = _waits.FindIndex(after, w => w == due);
                if (at >= 0) return at;
                signal = _signal.Task;
            }
            try
            {
                await signal.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"nobody waited {due} on the fake clock (waits so far: {string.Join(", ", Waits)})");
            }
        }
    }
}
