namespace QuizBot.Core.Scores;

/// <summary>Consecutive local days with at least one answer.</summary>
public readonly record struct Streak(int Current, int Best);

/// <summary>
/// Streaks from the days someone answered, in one place (the daily push uses the same rule). The current streak is still
/// alive while the last active day is today or yesterday: today is not over yet, so a learner who studied every day up to
/// yesterday keeps the streak until midnight.
/// </summary>
public static class Streaks
{
    public static Streak From(IEnumerable<DateOnly> activeDays, DateOnly today)
    {
        var days = activeDays.Where(d => d <= today).Distinct().Order().ToList();
        if (days.Count == 0) return new Streak(0, 0);
        int best = 1, run = 1;
        for (var i = 1; i < days.Count; i++)
        {
            run = days[i].DayNumber - days[i - 1].DayNumber == 1 ? run + 1 : 1;
            best = Math.Max(best, run);
        }
        var current = today.DayNumber - days[^1].DayNumber <= 1 ? run : 0;
        return new Streak(current, best);
    }

    /// <summary>The longest run of consecutive days among <paramref name="activeDays"/> (e.g. within one month).</summary>
    public static int Longest(IEnumerable<DateOnly> activeDays) => From(activeDays, DateOnly.MaxValue).Best;
}
