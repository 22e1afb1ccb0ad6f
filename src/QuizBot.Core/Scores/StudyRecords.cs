namespace QuizBot.Core.Scores;

/// <summary>One answer as the study records need it (from the answer log).</summary>
public readonly record struct AnswerFact(long UserId, long AnsweredAtMs, bool IsCorrect, long Points);

/// <summary>Answers and right answers on one local day.</summary>
public readonly record struct DayActivity(DateOnly Day, int Answered, int Correct)
{
    public double? Accuracy => Answered == 0 ? null : (double)Correct / Answered;
}

/// <summary>One member's month in a group, a row of the /export study record.</summary>
public sealed record MemberMonth(long UserId, int DaysActive, long Answered, long Correct, long Points, int LongestStreak);

/// <summary>Per-day and per-member summaries of answer facts, in the chat's time zone.</summary>
public static class StudyRecords
{
    /// <summary>The <paramref name="days"/> local days ending with <paramref name="today"/>, oldest first, empty days included.</summary>
    public static IReadOnlyList<DayActivity> Daily(IEnumerable<AnswerFact> answers, TimeZoneInfo zone, DateOnly today, int days)
    {
        var first = today.AddDays(1 - days);
        var answered = new int[days];
        var correct = new int[days];
        foreach (var a in answers)
        {
            var i = StudyCalendar.LocalDay(a.AnsweredAtMs, zone).DayNumber - first.DayNumber;
            if (i < 0 || i >= days) continue;
            answered[i]++;
            if (a.IsCorrect) correct[i]++;
        }
        return Enumerable.Range(0, days).Select(i => new DayActivity(first.AddDays(i), answered[i], correct[i])).ToList();
    }

    /// <summary>Per member: days active, answers, right answers, points and the longest run of consecutive days; best first.</summary>
    public static IReadOnlyList<MemberMonth> Members(IEnumerable<AnswerFact> answers, TimeZoneInfo zone) =>
        answers.GroupBy(a => a.UserId)
            .Select(g =>
            {
                var days = g.Select(a => StudyCalendar.LocalDay(a.AnsweredAtMs, zone)).Distinct().ToList();
                return new MemberMonth(g.Key, days.Count, g.LongCount(), g.LongCount(a => a.IsCorrect), g.Sum(a => a.Points),
                    Streaks.Longest(days));
            })
            .OrderByDescending(m => m.Points).ThenByDescending(m => m.Correct).ThenBy(m => m.UserId)
            .ToList();
}
