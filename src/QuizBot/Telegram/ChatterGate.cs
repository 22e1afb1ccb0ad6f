using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuizBot.Telegram;

/// <summary>
/// Decides, as updates arrive, which messages deserve a reply, so one person or chat sending fast costs little and never
/// builds a queue (issue 10; README "Throttling"). Telegram lets the bot send one message a second to a private chat and
/// twenty a minute to a group: a reply to every one of 150 texts or 60 commands would take minutes to send, and the
/// chat's own quiz would wait behind them. What is dropped is dropped on purpose, counted, and logged once per incident.
/// Poll answers, buttons and membership changes always pass: they are how people play.
/// <list type="bullet">
/// <item>plain text in a private chat: at most one "that is not a command" reply a minute per chat;</item>
/// <item>the same command (same text) from the same person in the same chat while the bot has not yet started on the
/// previous one: answered once (sent again after its reply, it is answered again: people check their /me after a quiz);</item>
/// <item>each person: a burst of <see cref="PersonBurst"/> commands per chat, then one every <see cref="PersonRefill"/>;</item>
/// <item>in a group, commands that only show something (/help, /top, /me…): a burst of <see cref="GroupInfoBurst"/>,
/// then one every <see cref="GroupInfoRefill"/>, leaving most of the group's 20 messages a minute to its quiz;</item>
/// <item>a command that only shows something and waited longer than <see cref="StaleAfter"/> (its chat was busy) is not
/// answered late.</item>
/// </list>
/// </summary>
internal sealed class ChatterGate : IDisposable
{
    public static readonly TimeSpan PlainTextEvery = TimeSpan.FromMinutes(1);
    public const int PersonBurst = 10;
    public static readonly TimeSpan PersonRefill = TimeSpan.FromSeconds(6);
    public const int GroupInfoBurst = 10;
    public static readonly TimeSpan GroupInfoRefill = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    /// <summary>A chat with nothing dropped for this long is calm again: its incident is logged as ended.</summary>
    public static readonly TimeSpan IncidentQuiet = TimeSpan.FromMinutes(1);

    private readonly BotIdentity _identity;
    private readonly Commands.ReportCommand? _reports;
    private readonly TimeProvider _time;
    private readonly ILogger<ChatterGate> _log;
    private readonly PartitionedRateLimiter<long> _plainText;
    private readonly PartitionedRateLimiter<(long Chat, long Person)> _person;
    private readonly PartitionedRateLimiter<long> _groupInfo;
    private readonly ConcurrentDictionary<(long Chat, long Person, string Text), int> _waiting = new();
    private readonly ConcurrentDictionary<long, Incident> _incidents = new();
    private long _dropped;

    public ChatterGate(BotIdentity identity, TimeProvider time, ILogger<ChatterGate> log, Commands.ReportCommand? reports = null)
    {
        _identity = identity;
        _reports = reports;
        _time = time;
        _log = log;
        _plainText = PartitionedRateLimiter.Create<long, long>(chat => RateLimitPartition.GetTokenBucketLimiter(chat, _ =>
            Bucket(1, PlainTextEvery)));
        _person = PartitionedRateLimiter.Create<(long, long), (long, long)>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ =>
            Bucket(PersonBurst, PersonRefill)));
        _groupInfo = PartitionedRateLimiter.Create<long, long>(chat => RateLimitPartition.GetTokenBucketLimiter(chat, _ =>
            Bucket(GroupInfoBurst, GroupInfoRefill)));
    }

    private static TokenBucketRateLimiterOptions Bucket(int burst, TimeSpan refill) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = refill,
        QueueLimit = 0, // never queued: a reply that cannot go now is not wanted later
        AutoReplenishment = true,
    };

    /// <summary>Messages dropped since the start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>True when the update is to be stored and handled; false when it is chatter to drop now.</summary>
    /// <param name="handledHere">False on a follower (issue 12), which stores updates for the leader to handle: it never
    /// starts on them, so it does not remember a command as waiting (it would drop every later one as a repeat). The rate
    /// limits still apply, per instance: behind a load balancer of N instances a flood is cut at N times the limits.</param>
    public bool Admit(Update update, bool handledHere = true)
    {
        if (update.Message is not { From: { } from } message || message.MigrateToChatId is not null) return true;
        var chat = message.Chat.Id;
        var command = CommandLine.Parse(message.Text, _identity.Username);
        if (command is null)
        {
            // Only plain text in a private chat gets a reply; anything else costs nothing and is let through.
            if (message.Chat.Type != ChatType.Private || message.Text is null) return true;
            if (_reports?.AwaitsNote(from.Id) == true) return true; // the note to a report the person just asked to make
            return Decide(chat, _plainText.AttemptAcquire(chat).IsAcquired, "plain text");
        }
        if (message.Chat.Type != ChatType.Private && !command.AddressedToUs && !CommandTable.IsKnown(command.Name))
            return true; // another bot's command: ignored by the router at no cost

        var key = (chat, from.Id, message.Text!.Trim());
        if (_waiting.TryGetValue(key, out var waiting))
            // The same update again (a webhook call answered 503 while storage was down, retried by Telegram) is not a repeat.
            return waiting == update.Id || Decide(chat, false, "the same command again");
        if (!_person.AttemptAcquire((chat, from.Id)).IsAcquired) return Decide(chat, false, "too many commands from one person");
        if (message.Chat.Type != ChatType.Private && IsShowOnly(command.Name) && !_groupInfo.AttemptAcquire(chat).IsAcquired)
            return Decide(chat, false, "too many commands in the group");
        if (handledHere) _waiting[key] = update.Id;
        return Decide(chat, true, "");
    }

    /// <summary>The bot starts on an update: the same command sent from now on is a new request, not a repeat.</summary>
    public void Started(Update update)
    {
        if (update.Message is { From: { } from, Text: { } text } message)
            _waiting.TryRemove(new KeyValuePair<(long, long, string), int>((message.Chat.Id, from.Id, text.Trim()), update.Id));
    }

    /// <summary>A command that only shows something and waited too long in its chat's queue: answered late it only confuses.</summary>
    public bool IsStale(Update update, long seenAt)
    {
        if (update.Message is not { } message || CommandLine.Parse(message.Text, _identity.Username) is not { } command) return false;
        if (!IsShowOnly(command.Name)) return false;
        if (_time.GetUtcNow().ToUnixTimeMilliseconds() - seenAt <= StaleAfter.TotalMilliseconds) return false;
        Decide(message.Chat.Id, false, "replies waited longer than a minute");
        return true;
    }

    /// <summary>Commands whose reply only shows something (<see cref="CommandTable"/>), and unknown ones: dropped first, never answered late.</summary>
    private static bool IsShowOnly(string command) => CommandTable.Find(command) is not { } spec || spec.ShowOnly;

    private bool Decide(long chat, bool admitted, string reason)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (admitted)
        {
            // An incident ends once the chat has had nothing dropped for a while (a reply let through now and then
            // during a flood does not end it).
            if (_incidents.TryGetValue(chat, out var ended) && now - Volatile.Read(ref ended.LastDrop) > IncidentQuiet.TotalMilliseconds
                && _incidents.TryRemove(chat, out _))
                _log.LogInformation("Chat {ChatId} slowed down: {Count} messages were dropped ({Reason})", chat, ended.Count, ended.Reason);
            return true;
        }
        Interlocked.Increment(ref _dropped);
        var incident = _incidents.GetOrAdd(chat, _ => new Incident(reason));
        Volatile.Write(ref incident.LastDrop, now);
        if (Interlocked.Increment(ref incident.Count) == 1)
            _log.LogWarning("Chat {ChatId} sends faster than it can be answered ({Reason}): its extra messages are dropped, not queued", chat, reason);
        return false;
    }

    public void Dispose()
    {
        _plainText.Dispose();
        _person.Dispose();
        _groupInfo.Dispose();
    }

    private sealed class Incident(string reason)
    {
        public string Reason { get; } = reason;
        public int Count;
        public long LastDrop;
    }
}
