using System.Collections.Concurrent;

namespace QuizBot.Telegram;

/// <summary>
/// The polls this process has asked Telegram to send and not yet stored. Telegram can deliver the first answer to a poll
/// before the bot has read the sendPoll reply and stored the poll's id (a quick player, a busy machine); the answer's poll
/// is then unknown for a moment. Such an answer waits until the sends that were in flight when it was looked up are
/// stored, and is tried once more, instead of being dropped, or adopted by guesswork when several chats are waiting for
/// their polls at once. Sends that start later cannot be the one answered, so a busy broadcast never makes it wait long.
/// </summary>
internal sealed class PollsInFlight
{
    /// <summary>Long enough for a send that got its reply to be stored; a send still waiting for Telegram is not waited out.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<long, byte> _active = new();
    private long _next;

    public int Count => _active.Count;

    /// <summary>
    /// A scope for one poll send: <see cref="Scope.Start"/> it right before the request goes out (after any pacing), and
    /// dispose it once the poll's id is stored or the send failed.
    /// </summary>
    public Scope Enter() => new(this, Interlocked.Increment(ref _next));

    /// <summary>
    /// Waits (in real time: it waits for this process's own I/O) until every send in flight now has been stored or has
    /// failed, at most <see cref="MaxWait"/>. False if some were still in flight at the limit.
    /// </summary>
    public async Task<bool> WaitForCurrentAsync(CancellationToken ct)
    {
        var current = _active.Keys.ToArray();
        var until = DateTime.UtcNow + MaxWait;
        while (current.Any(_active.ContainsKey))
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(20, ct);
        }
        return true;
    }

    internal sealed class Scope(PollsInFlight owner, long id) : IDisposable
    {
        private int _state; // 0 new, 1 started, 2 disposed

        /// <summary>The request is about to go out (idempotent: a retried request is the same send).</summary>
        public void Start()
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) == 0) owner._active[id] = 0;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _state, 2) != 2) owner._active.TryRemove(id, out _);
        }
    }
}
