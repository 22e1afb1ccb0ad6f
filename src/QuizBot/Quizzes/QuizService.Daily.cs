using QuizBot.Core.Daily;
using QuizBot.Core.Quizzes;

namespace QuizBot.Quizzes;

// The two things every counted answer does for the daily push (docs/daily.md), whichever quiz it came from.
internal sealed partial class QuizService
{
    /// <summary>Scoring.CapDaily over the person's points earned so far on this local day.</summary>
    private async Task<int> CapDailyAsync(long userId, int points, long now)
    {
        var cap = options.Value.DailyPointsCap;
        if (cap <= 0 || points == 0) return points;
        var earned = await store.GetPointsSinceAsync(userId, LocalClock.StartOfDay(now, options.Value.Zone));
        return Scoring.CapDaily(points, earned, cap);
    }

    /// <summary>Moves the question in the person's Leitner schedule: a miss enters box 1, a right answer on time climbs.</summary>
    private async Task ScheduleReviewAsync(long userId, string questionId, bool correct, long now)
    {
        var current = await store.GetReviewAsync(userId, questionId);
        if (current is null && correct) return; // never missed: nothing to schedule, no write
        var today = LocalClock.Day(now, options.Value.Zone);
        var state = current is null ? null : new ReviewState((int)current.Box, LocalClock.ParseKey(current.DueDay));
        var next = Leitner.Next(state, correct, today);
        if (next != state) await store.SetReviewAsync(userId, questionId, next, now);
    }
}
