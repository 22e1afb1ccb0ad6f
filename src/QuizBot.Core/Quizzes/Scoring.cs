namespace QuizBot.Core.Quizzes;

public static class ScoringModes
{
    /// <summary>Right answers score, faster right answers score more (group rounds).</summary>
    public const string Speed = "speed";

    /// <summary>Every right answer scores the same, however fast.</summary>
    public const string Accuracy = "accuracy";
}

/// <summary>
/// The scoring model, in one place (README "Scoring").
/// A right answer is worth <see cref="BasePoints"/>. In speed scoring a right answer also earns up to <see cref="MaxSpeedBonus"/>,
/// falling linearly from the full bonus at the moment the poll opens to zero when its time is up. Wrong answers score nothing.
/// Self-paced quizzes (private chats, the terminal) use accuracy scoring: reading carefully is the point there.
/// </summary>
public static class Scoring
{
    public const int BasePoints = 10;
    public const int MaxSpeedBonus = 10;

    public static int Points(bool correct, string mode, TimeSpan elapsed, TimeSpan questionTime)
    {
        if (!correct) return 0;
        if (mode != ScoringModes.Speed || questionTime <= TimeSpan.Zero) return BasePoints;
        var remaining = 1.0 - Math.Clamp(elapsed / questionTime, 0.0, 1.0);
        return BasePoints + (int)Math.Round(MaxSpeedBonus * remaining, MidpointRounding.AwayFromZero);
    }

    /// <summary>Competition ranking ("1224"): equal scores share a rank and the next rank skips.</summary>
    public static IReadOnlyList<int> Ranks<T>(IReadOnlyList<T> orderedBest, Func<T, long> score)
    {
        var ranks = new int[orderedBest.Count];
        for (var i = 0; i < orderedBest.Count; i++)
            ranks[i] = i > 0 && score(orderedBest[i]) == score(orderedBest[i - 1]) ? ranks[i - 1] : i + 1;
        return ranks;
    }

    public static double Accuracy(long correct, long answered) => answered == 0 ? 0 : (double)correct / answered;

    /// <summary>The default daily points cap (Quiz:DailyPointsCap): twenty right answers' worth.</summary>
    public const int DefaultDailyCap = 200;

    /// <summary>
    /// The daily points cap (docs/daily.md), as 学习强国 caps its daily points: one person earns at most <paramref name="cap"/>
    /// points per local day (Quiz:TimeZone) over every quiz, group round, daily push and review together. An answer past the
    /// cap is still recorded, counts for accuracy, streaks and reviews, and scores only what is left of the cap (often 0),
    /// so replaying quizzes cannot inflate a score. A cap of 0 or less means no cap.
    /// </summary>
    public static int CapDaily(int points, long earnedToday, int cap) =>
        cap <= 0 ? points : (int)Math.Clamp(cap - earnedToday, 0, points);
}
