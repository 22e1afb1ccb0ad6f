using System.Collections.Concurrent;

namespace QuizBot.Telegram;

/// <summary>
/// At most one step per key at a time (the round clock: one per round), each on the thread pool. A key is taken before its
/// step can start and given back by the step itself as it ends, so however quickly a step ends, its key is free once it
/// has. (Recording the step only after starting it lost that race under load: a step that finished first removed nothing,
/// and the completed task recorded after it kept the round "in flight" for good, a silent stall.)
/// </summary>
internal sealed class KeyedSteps
{
    private readonly ConcurrentDictionary<long, Task> _running = new();

    /// <summary>Starts <paramref name="step"/> for <paramref name="key"/>; null, and nothing started, while one runs for it.</summary>
    public Task? TryStart(long key, Func<Task> step)
    {
        var start = new Task<Task>(async () =>
        {
            try
            {
                await step();
            }
            finally
            {
                _running.TryRemove(key, out _);
            }
        });
        var running = start.Unwrap();
        if (!_running.TryAdd(key, running)) return null;
        start.Start(TaskScheduler.Default);
        return running;
    }

    public bool IsRunning(long key) => _running.ContainsKey(key);

    /// <summary>Completes when every step running now has ended.</summary>
    public Task WhenAll() => Task.WhenAll(_running.Values);
}
