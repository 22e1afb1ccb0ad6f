using QuizBot.Core.Scores;

namespace QuizBot.Core.Tests;

public sealed class StreaksTests
{
    private static DateOnly D(int day) => new(2026, 3, day);

    [Fact]
    public void Nobody_who_never_answered_has_a_streak() => Assert.Equal(new Streak(0, 0), Streaks.From([], D(10)));

    [Fact]
    public void Consecutive_days_up_to_today_make_the_current_streak()
    {
        Assert.Equal(new Streak(3, 3), Streaks.From([D(8), D(9), D(10), D(10)], D(10)));
    }

    [Fact]
    public void A_streak_ending_yesterday_is_still_current_because_today_is_not_over()
    {
        Assert.Equal(new Streak(2, 2), Streaks.From([D(8), D(9)], D(10)));
    }

    [Fact]
    public void A_missed_day_ends_the_current_streak_but_the_best_is_kept()
    {
        Assert.Equal(new Streak(0, 4), Streaks.From([D(1), D(2), D(3), D(4), D(7)], D(9)));
        Assert.Equal(new Streak(1, 4), Streaks.From([D(1), D(2), D(3), D(4), D(9)], D(9)));
    }

    [Fact]
    public void The_longest_run_within_a_set_of_days_ignores_today()
    {
        Assert.Equal(3, Streaks.Longest([D(20), D(21), D(22), D(2), D(3)]));
    }
}
