using QuizBot.Core.Scores;

namespace QuizBot.Core.Tests;

public sealed class StudyCalendarTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    [Fact]
    public void A_day_in_Shanghai_starts_at_local_midnight_which_is_16_00_UTC_the_day_before()
    {
        Assert.Equal(new DateOnly(2026, 3, 1), StudyCalendar.LocalDay(Utc(2026, 3, 1, 15, 59, 59), Shanghai));
        Assert.Equal(new DateOnly(2026, 3, 2), StudyCalendar.LocalDay(Utc(2026, 3, 1, 16, 0), Shanghai));
        Assert.Equal(Utc(2026, 3, 1, 16, 0), StudyCalendar.StartOf(new DateOnly(2026, 3, 2), Shanghai));
    }

    [Fact]
    public void The_week_starts_on_Monday_at_midnight_local_time()
    {
        // Sunday 1 March 2026, 23:59:59 in Shanghai still belongs to the week of Monday 23 February.
        var sundayNight = StudyCalendar.Window(ScorePeriod.Week, Utc(2026, 3, 1, 15, 59, 59), Shanghai);
        Assert.Equal(new DateOnly(2026, 2, 23), sundayNight.FirstDay);
        Assert.Equal(20260223, sundayNight.Key);
        Assert.Equal(Utc(2026, 3, 1, 16, 0), sundayNight.End);

        // One second later it is Monday 2 March, 00:00, and a new week.
        var mondayMorning = StudyCalendar.Window(ScorePeriod.Week, Utc(2026, 3, 1, 16, 0), Shanghai);
        Assert.Equal(new DateOnly(2026, 3, 2), mondayMorning.FirstDay);
        Assert.Equal(Utc(2026, 3, 1, 16, 0), mondayMorning.Start);
        Assert.Equal(Utc(2026, 3, 8, 16, 0), mondayMorning.End);
    }

    [Fact]
    public void A_week_that_spans_two_months_is_keyed_by_its_monday_while_the_month_changes_at_midnight_on_the_first()
    {
        var lastOfFebruary = Utc(2026, 2, 28, 15, 59, 59); // Saturday 28 Feb, 23:59:59 local
        var firstOfMarch = Utc(2026, 2, 28, 16, 0);        // Sunday 1 Mar, 00:00 local
        Assert.Equal((20260223, 20260201), StudyCalendar.Keys(lastOfFebruary.ToUnixTimeMilliseconds(), Shanghai));
        Assert.Equal((20260223, 20260301), StudyCalendar.Keys(firstOfMarch.ToUnixTimeMilliseconds(), Shanghai));

        var march = StudyCalendar.Window(ScorePeriod.Month, firstOfMarch, Shanghai);
        Assert.Equal(new DateOnly(2026, 3, 1), march.FirstDay);
        Assert.Equal(firstOfMarch, march.Start);
        Assert.Equal(Utc(2026, 3, 31, 16, 0), march.End);
        Assert.Equal(march, StudyCalendar.Month(2026, 3, Shanghai));
    }

    [Fact]
    public void All_time_has_key_zero_and_no_bounds()
    {
        var all = StudyCalendar.Window(ScorePeriod.All, Utc(2026, 3, 1, 12, 0), Shanghai);
        Assert.Equal(0, all.Key);
        Assert.Equal(0, all.StartMs);
        Assert.Equal(long.MaxValue, all.EndMs);
    }

    [Fact]
    public void Where_daylight_saving_skips_midnight_the_day_starts_at_the_first_local_time_that_exists()
    {
        // São Paulo moved its clocks from 00:00 to 01:00 on 4 November 2018.
        var saoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
        var start = StudyCalendar.StartOf(new DateOnly(2018, 11, 4), saoPaulo);
        Assert.Equal(new DateTimeOffset(2018, 11, 4, 1, 0, 0, TimeSpan.FromHours(-2)), start);
        Assert.Equal(new DateOnly(2018, 11, 4), StudyCalendar.LocalDay(start, saoPaulo));
    }

    [Fact]
    public void Keys_round_trip_to_days()
    {
        var day = new DateOnly(2026, 12, 31);
        Assert.Equal(20261231, StudyCalendar.Key(day));
        Assert.Equal(day, StudyCalendar.FromKey(20261231));
    }

    [Theory]
    [InlineData("", ScorePeriod.Week)]
    [InlineData("week", ScorePeriod.Week)]
    [InlineData("本周", ScorePeriod.Week)]
    [InlineData("MONTH", ScorePeriod.Month)]
    [InlineData("本月", ScorePeriod.Month)]
    [InlineData("all", ScorePeriod.All)]
    [InlineData("总榜", ScorePeriod.All)]
    [InlineData("ｍｏｎｔｈ", ScorePeriod.Month)] // full-width, as Chinese input methods type it
    [InlineData("\u3000ＡＬＬ", ScorePeriod.All)]
    public void Period_arguments_are_understood_in_English_and_Chinese(string argument, ScorePeriod expected) =>
        Assert.Equal(expected, ScorePeriods.Parse(argument));

    [Fact]
    public void An_unknown_period_argument_is_not_guessed() => Assert.Null(ScorePeriods.Parse("yesterday"));
}
