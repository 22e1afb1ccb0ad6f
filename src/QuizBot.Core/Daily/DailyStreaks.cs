using QuizBot.Core.Scores;

namespace QuizBot.Core.Daily;

/// <summary>A person's run of daily-study days: the current one, the best ever, and whether today counts yet.</summary>
public sealed record DailyStreak(int Current, int Best, bool TodayDone)
{
    public static readonly DailyStreak None = new(0, 0, false);
}

/// <summary>One daily push a person took part in: its local day, how many questions it asked, and the local days they answered on.</summary>
public sealed record DailyAttempt(DateOnly Day, int Asked, IReadOnlyList<DateOnly> AnsweredOn);

/// <summary>
/// The daily streak (docs/daily.md): a day counts when the person answered every question of a daily push of that day, on
/// that day (in Quiz:TimeZone), in a private chat or a group. Runs of counted days follow the one streak rule of
/// <see cref="Streaks.From"/>: the current streak ends today, or yesterday while today is not over; a day without one ends it.
/// </summary>
public static class DailyStreaks
{
    public static IEnumerable<DateOnly> CountedDays(IEnumerable<DailyAttempt> attempts) =>
        attempts.Where(a => a.Asked > 0 && a.AnsweredOn.Count(d => d == a.Day) >= a.Asked).Select(a => a.Day).Distinct();

    public static DailyStreak Compute(IEnumerable<DailyAttempt> attempts, DateOnly today)
    {
        var days = CountedDays(attempts).ToList();
        var streak = Streaks.From(days, today);
        return new DailyStreak(streak.Current, streak.Best, days.Contains(today));
    }
}
