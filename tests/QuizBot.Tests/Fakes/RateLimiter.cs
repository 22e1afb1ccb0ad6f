namespace QuizBot.Tests.Fakes;

/// <summary>
/// Telegram's documented send limits as sliding windows: per private chat, per group, and overall. A rejected send
/// does not use up quota, so a bot that waits out retry_after gets through.
/// </summary>
internal sealed class RateLimiter(FakeBotApiOptions options, TimeProvider time)
{
    private readonly Dictionary<long, Queue<DateTimeOffset>> _perChat = [];
    private readonly Queue<DateTimeOffset> _global = new();

    /// <summary>Null when the send may go (and is counted), else the whole seconds to wait (at least 1, as retry_after).</summary>
    public int? TryAcquire(long chatId)
    {
        var now = time.GetUtcNow();
        var chat = _perChat.TryGetValue(chatId, out var q) ? q : _perChat[chatId] = new Queue<DateTimeOffset>();
        var chatLimit = chatId < 0 ? options.GroupLimit : options.PrivateChatLimit;
        var wait = Max(Wait(chat, chatLimit, now), Wait(_global, options.GlobalLimit, now));
        if (wait > TimeSpan.Zero) return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        chat.Enqueue(now);
        _global.Enqueue(now);
        return null;
    }

    private static TimeSpan Wait(Queue<DateTimeOffset> sent, RateLimit limit, DateTimeOffset now)
    {
        while (sent.Count > 0 && sent.Peek() <= now - limit.Window) sent.Dequeue();
        return sent.Count < limit.Count ? TimeSpan.Zero : sent.Peek() + limit.Window - now;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
