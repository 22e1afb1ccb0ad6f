namespace QuizBot.Core.Daily;

/// <summary>What to do about a subscription whose push time has come.</summary>
/// <param name="DueAt">The scheduled instant being handled: the latest push time at or before now.</param>
/// <param name="Day">The local date of <paramref name="DueAt"/>: the push's day, one per chat.</param>
/// <param name="Send">False when the push is older than the grace period: it is recorded as skipped instead.</param>
/// <param name="NextAt">The next push time after this one.</param>
public sealed record DueDecision(long DueAt, DateOnly Day, bool Send, long NextAt);

/// <summary>
/// The daily schedule's rules (docs/daily.md). A subscription keeps its next push instant. When that instant has passed,
/// only the latest occurrence counts: days missed entirely while the bot was down are not made up. The latest occurrence
/// is sent if it is at most the grace period old, and otherwise skipped; either way the next push is the following day.
/// </summary>
public static class DailySchedule
{
    /// <summary>The earliest that daily group polls close after the push.</summary>
    public static readonly TimeSpan MinGroupOpen = TimeSpan.FromHours(1);

    public static DueDecision? Decide(long nextAt, TimeOnly time, long now, TimeSpan grace, TimeZoneInfo zone)
    {
        if (nextAt > now) return null;
        var latest = LocalClock.Latest(time, now, zone);
        if (latest < nextAt) latest = nextAt; // the stored instant is authoritative when it was computed in another zone
        var send = now - latest <= (long)grace.TotalMilliseconds;
        return new DueDecision(latest, LocalClock.Day(latest, zone), send, LocalClock.Next(time, latest, zone));
    }

    /// <summary>Daily group polls close at the first <paramref name="closeTime"/> at least <see cref="MinGroupOpen"/> after the push.</summary>
    public static long GroupClosesAt(long dueAt, TimeOnly closeTime, TimeZoneInfo zone) =>
        LocalClock.Next(closeTime, dueAt + (long)MinGroupOpen.TotalMilliseconds - 1, zone);
}
