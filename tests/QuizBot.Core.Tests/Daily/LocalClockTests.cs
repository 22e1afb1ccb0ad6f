using QuizBot.Core.Daily;

namespace QuizBot.Core.Tests.Daily;

public sealed class LocalClockTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    [Theory]
    [InlineData("8:30", 8, 30)]
    [InlineData("08:30", 8, 30)]
    [InlineData("08：30", 8, 30)]
    [InlineData(" 23:59 ", 23, 59)]
    [InlineData("0:00", 0, 0)]
    [InlineData("０７：３０", 7, 30)] // full-width, as Chinese input methods type it
    [InlineData("７．０５", 7, 5)]
    [InlineData("\u300021:00\u3000", 21, 0)]
    public void Clock_times_are_read_with_either_colon(string text, int hour, int minute) =>
        Assert.Equal(new TimeOnly(hour, minute), LocalClock.ParseClock(text));

    [Theory]
    [InlineData("24:00")]
    [InlineData("8:60")]
    [InlineData("830")]
    [InlineData("eight")]
    [InlineData("")]
    [InlineData("8:5")]
    [InlineData("٠٧:٣٠")] // Arabic-Indic digits match \d but not int.Parse: refused, not thrown
    [InlineData("०७:३०")]
    [InlineData("０７：６０")]
    public void Impossible_or_unreadable_times_are_refused(string text) => Assert.Null(LocalClock.ParseClock(text));

    [Fact]
    public void The_local_day_follows_the_time_zone_not_utc()
    {
        // 23:30 UTC on March 1 is already 07:30 on March 2 in Shanghai.
        Assert.Equal(new DateOnly(2026, 3, 2), LocalClock.Day(Ms("2026-03-01T23:30:00Z"), Shanghai));
    }

    [Fact]
    public void The_next_occurrence_is_today_before_the_time_and_tomorrow_after_it()
    {
        var at0730 = Ms("2026-03-02T07:30:00+08:00");
        Assert.Equal(Ms("2026-03-02T08:00:00+08:00"), LocalClock.Next(new TimeOnly(8, 0), at0730, Shanghai));
        Assert.Equal(Ms("2026-03-03T08:00:00+08:00"), LocalClock.Next(new TimeOnly(8, 0), Ms("2026-03-02T08:00:00+08:00"), Shanghai));
        Assert.Equal(Ms("2026-03-01T08:00:00+08:00"), LocalClock.Latest(new TimeOnly(8, 0), at0730, Shanghai));
    }

    [Fact]
    public void A_time_skipped_by_daylight_saving_moves_forward_by_the_gap()
    {
        // Berlin skips 02:00–03:00 on 2026-03-29.
        Assert.Equal(Ms("2026-03-29T03:30:00+02:00"), LocalClock.At(new DateOnly(2026, 3, 29), new TimeOnly(2, 30), Berlin));
    }
}
