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

    /// <summary>
    /// The question's next place in the person's Leitner schedule: a miss enters box 1, a right answer on time climbs; one
    /// never missed stays unscheduled (null in, null out: nothing is written).
    /// </summary>
    private ReviewState? NextReview(ReviewState? current, bool correct, long now) =>
        Leitner.Next(current, correct, LocalClock.Day(now, options.Value.Zone));
}
