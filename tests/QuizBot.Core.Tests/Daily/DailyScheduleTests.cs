using QuizBot.Core.Daily;

namespace QuizBot.Core.Tests.Daily;

public sealed class DailyScheduleTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeOnly Eight = new(8, 0);
    private static readonly TimeSpan Grace = TimeSpan.FromHours(2);

    private static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    [Fact]
    public void Nothing_is_due_before_the_push_time() =>
        Assert.Null(DailySchedule.Decide(Ms("2026-03-02T08:00:00+08:00"), Eight, Ms("2026-03-02T07:59:59+08:00"), Grace, Shanghai));

    [Fact]
    public void A_push_missed_by_less_than_the_grace_period_is_sent_late()
    {
        var d = DailySchedule.Decide(Ms("2026-03-02T08:00:00+08:00"), Eight, Ms("2026-03-02T09:30:00+08:00"), Grace, Shanghai)!;
        Assert.True(d.Send);
        Assert.Equal(new DateOnly(2026, 3, 2), d.Day);
        Assert.Equal(Ms("2026-03-03T08:00:00+08:00"), d.NextAt);
    }

    [Fact]
    public void A_push_missed_by_more_than_the_grace_period_is_skipped_and_the_next_is_tomorrow()
    {
        var d = DailySchedule.Decide(Ms("2026-03-02T08:00:00+08:00"), Eight, Ms("2026-03-02T10:00:01+08:00"), Grace, Shanghai)!;
        Assert.False(d.Send);
        Assert.Equal(Ms("2026-03-03T08:00:00+08:00"), d.NextAt);
    }

    [Fact]
    public void After_days_of_downtime_only_the_latest_push_counts()
    {
        var d = DailySchedule.Decide(Ms("2026-03-02T08:00:00+08:00"), Eight, Ms("2026-03-05T08:30:00+08:00"), Grace, Shanghai)!;
        Assert.True(d.Send);
        Assert.Equal(new DateOnly(2026, 3, 5), d.Day);
        Assert.Equal(Ms("2026-03-06T08:00:00+08:00"), d.NextAt);
    }

    [Fact]
    public void Group_polls_close_in_the_evening_or_the_next_evening_for_a_late_push()
    {
        var close = new TimeOnly(21, 0);
        Assert.Equal(Ms("2026-03-02T21:00:00+08:00"), DailySchedule.GroupClosesAt(Ms("2026-03-02T08:00:00+08:00"), close, Shanghai));
        Assert.Equal(Ms("2026-03-03T21:00:00+08:00"), DailySchedule.GroupClosesAt(Ms("2026-03-02T20:30:00+08:00"), close, Shanghai));
        Assert.Equal(Ms("2026-03-02T21:00:00+08:00"), DailySchedule.GroupClosesAt(Ms("2026-03-02T20:00:00+08:00"), close, Shanghai));
    }
}
