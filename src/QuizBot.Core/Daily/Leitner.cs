namespace QuizBot.Core.Daily;

/// <summary>Where a missed question stands in a person's review schedule.</summary>
public sealed record ReviewState(int Box, DateOnly Due);

/// <summary>
/// The review schedule for mistakes: a Leitner system with five boxes (docs/daily.md).
/// A wrong answer, anywhere (a quiz, a group round, the daily push, /review), puts the question in box 1, due at once.
/// A right answer to a question that is due moves it up one box, due again after that box's interval: 1, 3, 7 and 14 days
/// for boxes 2–5; a right answer in box 5 means it is learned and it leaves the schedule. A right answer before the
/// question is due changes nothing (Leitner reviews on schedule), and questions never missed are never scheduled.
/// </summary>
public static class Leitner
{
    public const int Boxes = 5;

    /// <summary>Days until the next review on entering box 1..5 (index 0 is box 1).</summary>
    public static readonly IReadOnlyList<int> IntervalDays = [0, 1, 3, 7, 14];

    /// <summary>The state after an answer; null when the question is (or stays) off the schedule.</summary>
    public static ReviewState? Next(ReviewState? current, bool correct, DateOnly today)
    {
        if (!correct) return new ReviewState(1, today.AddDays(IntervalDays[0]));
        if (current is null) return null;
        if (current.Due > today) return current;
        if (current.Box >= Boxes) return null;
        var box = current.Box + 1;
        return new ReviewState(box, today.AddDays(IntervalDays[box - 1]));
    }
}
