namespace QuizBot.Telegram;

/// <summary>
/// The polls this process has asked Telegram to send and not yet stored. Telegram can deliver the first answer to a poll
/// before the bot has read the sendPoll reply and stored the poll's id (a quick player, a busy machine); the answer's poll
/// is then unknown for a moment. Such an answer waits until the sends in flight are stored and is tried once more, instead
/// of being dropped, or adopted by guesswork when several chats are waiting for their polls at once.
/// </summary>
internal sealed class PollsInFlight
{
    /// <summary>Long enough for a send that got its reply to be stored; a send still waiting for Telegram is not waited out.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Marks a poll send as started; dispose once its id is stored (or the send failed).</summary>
    public Scope Enter()
    {
        Interlocked.Increment(ref _count);
        return new Scope(this);
    }

    /// <summary>Waits (in real time: it waits for this process's own I/O) until no poll send is in flight, at most <see cref="MaxWait"/>.</summary>
    public async Task<bool> WaitIdleAsync(CancellationToken ct)
    {
        var until = DateTime.UtcNow + MaxWait;
        while (Count > 0 && DateTime.UtcNow < until) await Task.Delay(20, ct);
        return Count == 0;
    }

    internal sealed class Scope(PollsInFlight owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref owner._count);
        }
    }
}
