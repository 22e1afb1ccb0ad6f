namespace QuizBot.Core.Learning;

/// <summary>FSRS's four grades of a review. A quiz answer maps to one of three of them (<see cref="Ratings"/>).</summary>
public enum Rating
{
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

/// <summary>What FSRS knows of one person and one question: stability (days until recall falls to 90%) and difficulty (1–10).</summary>
public sealed record MemoryState(double Stability, double Difficulty);

/// <summary>
/// FSRS-6, the Free Spaced Repetition Scheduler of the open-spaced-repetition project, as its reference implementation
/// (py-fsrs 6.x, <c>fsrs/scheduler.py</c>) computes it, formula for formula, with its 21 default parameters
/// (docs/learning.md). Pure and deterministic: no clock, no fuzz; the caller says how many whole days have passed.
/// Parity with the reference is proven by tests/QuizBot.Core.Tests/Data/fsrs (vectors made by py-fsrs, matched to 1e-6).
/// </summary>
public sealed class Fsrs
{
    /// <summary>The published default parameters w0..w20 of FSRS-6.</summary>
    public static readonly IReadOnlyList<double> DefaultParameters =
    [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ];

    public const double MinStability = 0.001;
    public const double MinDifficulty = 1.0;
    public const double MaxDifficulty = 10.0;
    public const int DefaultMaximumInterval = 36500;

    private readonly double[] _w;
    private readonly double _decay;
    private readonly double _factor;

    public Fsrs(double desiredRetention = 0.9, IReadOnlyList<double>? parameters = null, int maximumInterval = DefaultMaximumInterval)
    {
        if (desiredRetention is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(desiredRetention), "must be between 0 and 1");
        _w = (parameters ?? DefaultParameters).ToArray();
        if (_w.Length != 21) throw new ArgumentException("FSRS-6 has 21 parameters", nameof(parameters));
        DesiredRetention = desiredRetention;
        MaximumInterval = maximumInterval;
        _decay = -_w[20];
        _factor = Math.Pow(0.9, 1 / _decay) - 1;
    }

    public double DesiredRetention { get; }

    public int MaximumInterval { get; }

    /// <summary>The probability of recalling, <paramref name="elapsedDays"/> after the last review: (1 + factor·t/S)^−w20.</summary>
    public double Retrievability(double stability, double elapsedDays) =>
        Math.Pow(1 + _factor * Math.Max(0, elapsedDays) / stability, _decay);

    /// <summary>
    /// The memory state after a review. A first review (no state) starts from the initial stability and difficulty of its
    /// grade; a review on the same day (fewer than one whole day since the last) uses the short-term formula; otherwise the
    /// long-term one with the retrievability reached after <paramref name="elapsedDays"/>. The difficulty moves on every
    /// later review. This is py-fsrs's review_card with no learning or relearning steps.
    /// </summary>
    public MemoryState Next(MemoryState? current, Rating rating, int elapsedDays)
    {
        if (current is null) return new MemoryState(InitialStability(rating), InitialDifficulty(rating));
        var stability = elapsedDays < 1
            ? ShortTermStability(current.Stability, rating)
            : NextStability(current.Difficulty, current.Stability, Retrievability(current.Stability, elapsedDays), rating);
        return new MemoryState(stability, NextDifficulty(current.Difficulty, rating));
    }

    /// <summary>Whole days until retrievability falls to the target retention: at least 1, at most the maximum interval.</summary>
    public int IntervalDays(double stability)
    {
        var days = stability / _factor * (Math.Pow(DesiredRetention, 1 / _decay) - 1);
        // Python's round() rounds halves to even, as Math.Round does by default.
        var rounded = (int)Math.Min(Math.Round(days, MidpointRounding.ToEven), MaximumInterval);
        return Math.Clamp(rounded, 1, MaximumInterval);
    }

    public double InitialStability(Rating rating) => Math.Max(_w[(int)rating - 1], MinStability);

    public double InitialDifficulty(Rating rating) => ClampDifficulty(RawInitialDifficulty(rating));

    private double RawInitialDifficulty(Rating rating) => _w[4] - Math.Exp(_w[5] * ((int)rating - 1)) + 1;

    /// <summary>Linear damping towards 10, then mean reversion towards the initial difficulty of Easy.</summary>
    public double NextDifficulty(double difficulty, Rating rating)
    {
        var delta = -(_w[6] * ((int)rating - 3));
        var damped = difficulty + (10.0 - difficulty) * delta / 9.0;
        return ClampDifficulty(_w[7] * RawInitialDifficulty(Rating.Easy) + (1 - _w[7]) * damped);
    }

    /// <summary>A review within a day of the last: S·e^(w17·(G−3+w18))·S^−w19, never below S for Good or Easy.</summary>
    public double ShortTermStability(double stability, Rating rating)
    {
        var increase = Math.Exp(_w[17] * ((int)rating - 3 + _w[18])) * Math.Pow(stability, -_w[19]);
        if (rating is Rating.Good or Rating.Easy) increase = Math.Max(increase, 1.0);
        return Math.Max(stability * increase, MinStability);
    }

    /// <summary>The stability after a review a day or more after the last: recall or forgetting.</summary>
    public double NextStability(double difficulty, double stability, double retrievability, Rating rating) =>
        Math.Max(rating == Rating.Again
            ? ForgetStability(difficulty, stability, retrievability)
            : RecallStability(difficulty, stability, retrievability, rating), MinStability);

    private double ForgetStability(double difficulty, double stability, double retrievability)
    {
        var longTerm = _w[11] * Math.Pow(difficulty, -_w[12]) * (Math.Pow(stability + 1, _w[13]) - 1)
            * Math.Exp((1 - retrievability) * _w[14]);
        var shortTerm = stability / Math.Exp(_w[17] * _w[18]);
        return Math.Min(longTerm, shortTerm);
    }

    private double RecallStability(double difficulty, double stability, double retrievability, Rating rating)
    {
        var hardPenalty = rating == Rating.Hard ? _w[15] : 1;
        var easyBonus = rating == Rating.Easy ? _w[16] : 1;
        return stability * (1 + Math.Exp(_w[8]) * (11 - difficulty) * Math.Pow(stability, -_w[9])
            * (Math.Exp((1 - retrievability) * _w[10]) - 1) * hardPenalty * easyBonus);
    }

    private static double ClampDifficulty(double difficulty) => Math.Clamp(difficulty, MinDifficulty, MaxDifficulty);
}
