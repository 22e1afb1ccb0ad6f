namespace QuizBot.Tests.Fakes;

/// <summary>At most <paramref name="Count"/> sends in any sliding <paramref name="Window"/>.</summary>
public sealed record RateLimit(int Count, TimeSpan Window);

public sealed class FakeBotApiOptions
{
    /// <summary>Upper bound for a getUpdates long poll. Telegram caps at 50 s; tests may shorten it.</summary>
    public TimeSpan LongPollCap { get; init; } = TimeSpan.FromSeconds(50);

    /// <summary>The update_id of the first queued update (Telegram's ids only grow; a bot that stored an offset may expect more).</summary>
    public int FirstUpdateId { get; init; } = 1;

    /// <summary>Off by default so functional tests never see 429; on for tests of the bot's own throttling.</summary>
    public bool EnforceRateLimits { get; init; }

    /// <summary>About 1 message/s per private chat with a short burst tolerated (official FAQ).</summary>
    public RateLimit PrivateChatLimit { get; init; } = new(3, TimeSpan.FromSeconds(3));

    /// <summary>20 messages per minute per group (official FAQ). Any negative chat id counts as a group.</summary>
    public RateLimit GroupLimit { get; init; } = new(20, TimeSpan.FromMinutes(1));

    /// <summary>About 30 messages per second overall (official FAQ).</summary>
    public RateLimit GlobalLimit { get; init; } = new(30, TimeSpan.FromSeconds(1));

    /// <summary>
    /// Webhook POSTs in flight at once, each on its own connection, at most the webhook's max_connections (Telegram's
    /// default 40). 1, the default, delivers one update at a time, oldest first, as the stories expect; a benchmark
    /// delivers as Telegram does under load.
    /// </summary>
    public int WebhookConnections { get; init; } = 1;

    /// <summary>Clock for rate-limit windows and message dates (a FakeTimeProvider makes 429 tests deterministic).
    /// Long polls always use real time: they are about the bot's HTTP waits, not about its schedule.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>How a chat answers the bot's calls (set with <see cref="FakeBotApi.SetChatState"/>).</summary>
public enum FakeChatState
{
    Active,
    /// <summary>400 "Bad Request: chat not found".</summary>
    NotFound,
    /// <summary>403 "Forbidden: bot was blocked by the user".</summary>
    BlockedByUser,
    /// <summary>403 "Forbidden: user is deactivated".</summary>
    UserDeactivated,
    /// <summary>403 "Forbidden: bot was kicked from the group chat" (or "supergroup chat" for -100… ids, as Telegram says).</summary>
    BotKicked,
    /// <summary>403 "Forbidden: bot is not a member of the group chat" (after leaveChat).</summary>
    BotLeft,
}
