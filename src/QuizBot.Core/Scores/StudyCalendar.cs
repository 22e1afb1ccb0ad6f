namespace QuizBot.Core.Scores;

/// <summary>The periods a leaderboard can cover.</summary>
public enum ScorePeriod { Week, Month, All }

/// <summary>One period as a leaderboard sees it: its first local day (its key), and the instants it starts and ends.</summary>
/// <param name="Key">yyyymmdd of the first day; 0 for all time. Maintained score totals are stored under this key.</param>
/// <param name="End">The start of the next period (exclusive); <see cref="DateTimeOffset.MaxValue"/> for all time.</param>
public sealed record PeriodWindow(ScorePeriod Period, int Key, DateOnly FirstDay, DateTimeOffset Start, DateTimeOffset End)
{
    public long StartMs => Period == ScorePeriod.All ? 0 : Start.ToUnixTimeMilliseconds();
    public long EndMs => Period == ScorePeriod.All ? long.MaxValue : End.ToUnixTimeMilliseconds();
}

/// <summary>
/// Days, weeks and months in the chat's time zone: a day starts at local midnight, a week on Monday, a month on the 1st.
/// Pure functions of an instant and a zone, so tests pin them with a fixed clock (FakeTimeProvider).
/// </summary>
public static class StudyCalendar
{
    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public static DateOnly LocalDay(long unixMs, TimeZoneInfo zone) => LocalDay(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), zone);

    /// <summary>The Monday on or before <paramref name="day"/>.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static DateOnly MonthStart(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>
    /// The instant a local day begins: midnight, or where a daylight-saving jump skips midnight the first local time that
    /// exists; where midnight happens twice, the first time.
    /// </summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>yyyymmdd, e.g. 20260302: readable in the database and ordered like the days.</summary>
    public static int Key(DateOnly day) => day.Year * 10000 + day.Month * 100 + day.Day;

    public static DateOnly FromKey(int key) => new(key / 10000, key / 100 % 100, key % 100);

    /// <summary>The week, month or all time that contains <paramref name="now"/>.</summary>
    public static PeriodWindow Window(ScorePeriod period, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = LocalDay(now, zone);
        return period switch
        {
            ScorePeriod.Week => Span(period, WeekStart(today), WeekStart(today).AddDays(7), zone),
            ScorePeriod.Month => Month(today.Year, today.Month, zone),
            _ => new PeriodWindow(ScorePeriod.All, 0, DateOnly.MinValue, DateTimeOffset.MinValue, DateTimeOffset.MaxValue),
        };
    }

    /// <summary>A calendar month (for a monthly record such as /export 2026-03).</summary>
    public static PeriodWindow Month(int year, int month, TimeZoneInfo zone)
    {
        var first = new DateOnly(year, month, 1);
        return Span(ScorePeriod.Month, first, first.AddMonths(1), zone);
    }

    /// <summary>The keys an answer at this instant is counted under: its week and its month.</summary>
    public static (int Week, int Month) Keys(long unixMs, TimeZoneInfo zone)
    {
        var day = LocalDay(unixMs, zone);
        return (Key(WeekStart(day)), Key(MonthStart(day)));
    }

    private static PeriodWindow Span(ScorePeriod period, DateOnly first, DateOnly next, TimeZoneInfo zone) =>
        new(period, Key(first), first, StartOf(first, zone), StartOf(next, zone));
}

/// <summary>How people name a period in a command: /top week, /top 本月, /top 总榜.</summary>
public static class ScorePeriods
{
    public const ScorePeriod Default = ScorePeriod.Week;

    /// <summary>The period named by a command argument; <see cref="Default"/> when empty; null when not understood.</summary>
    public static ScorePeriod? Parse(string? argument) => Text.TypedText.Normalize(argument).ToLowerInvariant() switch
    {
        "" => Default,
        "week" or "w" or "weekly" or "本周" or "周" or "周榜" or "本周榜" => ScorePeriod.Week,
        "month" or "m" or "monthly" or "本月" or "月" or "月榜" or "本月榜" => ScorePeriod.Month,
        "all" or "a" or "total" or "总榜" or "总" or "全部" or "总计" => ScorePeriod.All,
        _ => null,
    };
}
