using System.Globalization;
using System.Text.RegularExpressions;
using QuizBot.Core.Text;

namespace QuizBot.Core.Daily;

/// <summary>
/// Local dates and times in the bot's time zone (Quiz:TimeZone). Instants are unix milliseconds, as in the database.
/// A local time that a daylight-saving change skips moves forward by the gap; a repeated one takes its first occurrence
/// (Asia/Shanghai has neither, other zones may).
/// </summary>
public static partial class LocalClock
{
    public static DateOnly Day(long unixMs, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), zone).DateTime);

    public static DateTime Local(long unixMs, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), zone).DateTime;

    /// <summary>The instant of a local date and time.</summary>
    public static long At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        // In a skipped hour the offset from before the change applies, which lands the same distance past the gap.
        var offset = zone.IsInvalidTime(local) ? zone.GetUtcOffset(local.AddHours(-6))
            : zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUnixTimeMilliseconds();
    }

    /// <summary>Midnight at the start of the local day that contains <paramref name="unixMs"/>.</summary>
    public static long StartOfDay(long unixMs, TimeZoneInfo zone) => At(Day(unixMs, zone), TimeOnly.MinValue, zone);

    /// <summary>The first instant strictly after <paramref name="afterMs"/> at local time <paramref name="time"/>.</summary>
    public static long Next(TimeOnly time, long afterMs, TimeZoneInfo zone)
    {
        var day = Day(afterMs, zone);
        var candidate = At(day, time, zone);
        return candidate > afterMs ? candidate : At(day.AddDays(1), time, zone);
    }

    /// <summary>The last instant at or before <paramref name="nowMs"/> at local time <paramref name="time"/>.</summary>
    public static long Latest(TimeOnly time, long nowMs, TimeZoneInfo zone)
    {
        var day = Day(nowMs, zone);
        var candidate = At(day, time, zone);
        return candidate <= nowMs ? candidate : At(day.AddDays(-1), time, zone);
    }

    // [0-9], not \d: \d also matches other scripts' digits, which int.Parse refuses (TypedText).
    [GeneratedRegex(@"^(?<h>[0-9]{1,2})\s*[:：.点]\s*(?<m>[0-9]{2})$")]
    private static partial Regex ClockPattern();

    /// <summary>Reads "8:30", "08:30", "08：30" or "０８：３０" (full-width, as Chinese input methods type it); null for anything else.</summary>
    public static TimeOnly? ParseClock(string? text)
    {
        var m = ClockPattern().Match(TypedText.Normalize(text));
        if (!m.Success) return null;
        var h = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var min = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        return h is >= 0 and <= 23 && min is >= 0 and <= 59 ? new TimeOnly(h, min) : null;
    }

    public static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A local date as stored ("2026-03-02"): ISO order, so text comparison is date comparison.</summary>
    public static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly ParseKey(string key) => DateOnly.ParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
