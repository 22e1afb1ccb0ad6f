using QuizBot.Core.Daily;

namespace QuizBot.Core.Tests.Daily;

public sealed class DailyStreakTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    /// <summary>Complete one-question pushes on the given days ago.</summary>
    private static IEnumerable<DailyAttempt> Done(params int[] daysAgo) =>
        daysAgo.Select(d => new DailyAttempt(Today.AddDays(-d), 1, [Today.AddDays(-d)]));

    [Fact]
    public void No_daily_push_answered_is_no_streak() => Assert.Equal(DailyStreak.None, DailyStreaks.Compute([], Today));

    [Fact]
    public void Consecutive_days_ending_today_make_the_current_streak() =>
        Assert.Equal(new DailyStreak(3, 3, true), DailyStreaks.Compute(Done(0, 1, 2), Today));

    [Fact]
    public void A_streak_ending_yesterday_is_still_alive_until_today_ends() =>
        Assert.Equal(new DailyStreak(2, 2, false), DailyStreaks.Compute(Done(1, 2), Today));

    [Fact]
    public void A_missed_day_resets_the_current_streak_but_keeps_the_best() =>
        Assert.Equal(new DailyStreak(0, 4, false), DailyStreaks.Compute(Done(2, 3, 4, 5), Today));

    [Fact]
    public void A_day_counts_only_when_every_question_of_that_days_push_was_answered_that_day()
    {
        var day = Today;
        var attempts = new[]
        {
            new DailyAttempt(day, 3, [day, day, day]),
            new DailyAttempt(day.AddDays(-1), 3, [day.AddDays(-1), day.AddDays(-1)]),   // one left unanswered
            new DailyAttempt(day.AddDays(-2), 2, [day.AddDays(-2), day.AddDays(-1)]),   // finished a day late
            new DailyAttempt(day.AddDays(-3), 1, [day.AddDays(-3)]),
        };
        Assert.Equal([day, day.AddDays(-3)], DailyStreaks.CountedDays(attempts).OrderDescending());
    }
}
