using QuizBot.Core.Daily;

namespace QuizBot.Core.Learning;

/// <summary>
/// One person's memory of one question (docs/learning.md): FSRS's state, the local day of the last answer and the day it
/// is next due, and whether that last answer was right. Days are local dates in Quiz:TimeZone, as Anki counts days.
/// </summary>
public sealed record Card(double Stability, double Difficulty, DateOnly LastReview, DateOnly Due, int Reviews, int Lapses, bool LastCorrect)
{
    public MemoryState Memory => new(Stability, Difficulty);

    public bool IsDue(DateOnly today) => Due <= today;
}

/// <summary>
/// FSRS applied to quiz answers in whole local days (docs/learning.md): each answer is a review; no learning or relearning
/// steps (a miss shows the right answer and its source at once, and comes back the next day at the earliest, when
/// FSRS says). The interval is the one that lets retrievability fall to <see cref="Fsrs.DesiredRetention"/>.
/// </summary>
public sealed class CardSchedule(Fsrs fsrs)
{
    public Fsrs Fsrs { get; } = fsrs;

    public double TargetRetention => Fsrs.DesiredRetention;

    /// <summary>The card after an answer on <paramref name="today"/>. An answer dated before the last (a clock set back) counts as the same day.</summary>
    public Card Review(Card? card, Rating rating, DateOnly today)
    {
        var elapsed = card is null ? 0 : Math.Max(0, today.DayNumber - card.LastReview.DayNumber);
        var memory = Fsrs.Next(card?.Memory, rating, elapsed);
        var interval = Fsrs.IntervalDays(memory.Stability);
        var lapse = card is not null && rating == Rating.Again ? 1 : 0;
        return new Card(memory.Stability, memory.Difficulty, today, today.AddDays(interval),
            (card?.Reviews ?? 0) + 1, (card?.Lapses ?? 0) + lapse, rating != Rating.Again);
    }

    /// <summary>How likely the person recalls it today; 0 for a question never answered.</summary>
    public double Retrievability(Card? card, DateOnly today) =>
        card is null ? 0 : Fsrs.Retrievability(card.Stability, Math.Max(0, today.DayNumber - card.LastReview.DayNumber));

    /// <summary>
    /// Mastered: its last answer was right and retrievability today is at least the target. (Right after a miss
    /// retrievability is 1 too, since the answer was just shown, which is not mastery.)
    /// </summary>
    public bool IsMastered(Card? card, DateOnly today) => card is { LastCorrect: true } && Retrievability(card, today) >= TargetRetention;

    /// <summary>
    /// A Leitner box (docs/learning.md, "From Leitner"): the card FSRS would hold after the history the box stands for
    /// (a miss, then one right answer on time per box climbed: box 1 is the miss alone, box 3 the miss and right answers on
    /// its day and one day later), keeping the Leitner due day, so a mistake due today is still due today, and one due
    /// later keeps its date. The last review is the due day less the box's Leitner interval.
    /// </summary>
    public Card FromLeitner(ReviewState leitner)
    {
        var box = Math.Clamp(leitner.Box, 1, Leitner.Boxes);
        Card? card = null;
        var day = DateOnly.MinValue.AddDays(100);
        card = Review(card, Rating.Again, day);
        for (var b = 2; b <= box; b++)
        {
            day = day.AddDays(Leitner.IntervalDays[b - 2]);
            card = Review(card, Rating.Good, day);
        }
        var lastReview = leitner.Due.AddDays(-Leitner.IntervalDays[box - 1]);
        return card with { LastReview = lastReview, Due = leitner.Due };
    }
}

/// <summary>
/// How a quiz answer becomes an FSRS grade (docs/learning.md, "Answers as ratings"): wrong → Again; right → Good; right
/// within <c>Learning:FastAnswerSeconds</c> on a question answered before, where the time is known → Easy. Never Hard:
/// a quiz cannot tell a hesitant recall from a right guess. The answer time is known only where the question was sent as
/// it was to be read (a private quiz, /review, a group round), not for a daily push's polls, which wait for hours.
/// </summary>
public static class Ratings
{
    public static Rating FromAnswer(bool correct, TimeSpan? answerTime, bool answeredBefore, TimeSpan fast) =>
        !correct ? Rating.Again
        : answeredBefore && answerTime is { } t && t <= fast ? Rating.Easy
        : Rating.Good;
}
