using System.Text.Json;
using QuizBot.Core.Learning;

namespace QuizBot.Core.Tests.Learning;

/// <summary>
/// FSRS-6 against the reference implementation: Data/fsrs/vectors.json was made by py-fsrs with Data/fsrs/make_vectors.py
/// (docs/learning.md, "Parity with the reference"). Every number matches to 1e-6.
/// </summary>
public sealed class FsrsParityTests
{
    private const double Tolerance = 1e-6;

    private static readonly JsonElement Vectors = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "fsrs", "vectors.json"))).RootElement;

    private static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what}: expected {expected:R}, got {actual:R}");

    [Fact]
    public void The_default_parameters_are_the_reference_ones()
    {
        var reference = Vectors.GetProperty("parameters").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(21, reference.Count);
        Assert.Equal(reference, Fsrs.DefaultParameters);
    }

    [Fact]
    public void Every_formula_matches_the_reference_on_random_inputs()
    {
        var cases = Vectors.GetProperty("formulas").EnumerateArray().ToList();
        Assert.True(cases.Count >= 400);
        foreach (var v in cases)
        {
            var fsrs = new Fsrs(v.GetProperty("retention").GetDouble());
            var rating = (Rating)v.GetProperty("rating").GetInt32();
            var s = v.GetProperty("stability").GetDouble();
            var d = v.GetProperty("difficulty").GetDouble();
            var r = v.GetProperty("retrievability").GetDouble();
            Near(v.GetProperty("initialStability").GetDouble(), fsrs.InitialStability(rating), "initial stability");
            Near(v.GetProperty("initialDifficulty").GetDouble(), fsrs.InitialDifficulty(rating), "initial difficulty");
            Near(v.GetProperty("nextDifficulty").GetDouble(), fsrs.NextDifficulty(d, rating), "next difficulty");
            Near(v.GetProperty("shortTermStability").GetDouble(), fsrs.ShortTermStability(s, rating), "short-term stability");
            Near(v.GetProperty("nextStability").GetDouble(), fsrs.NextStability(d, s, r, rating), "next stability");
            Near(v.GetProperty("retrievabilityAfter").GetDouble(), fsrs.Retrievability(s, v.GetProperty("elapsedDays").GetInt32()), "retrievability");
            Assert.Equal(v.GetProperty("intervalDays").GetInt32(), fsrs.IntervalDays(s));
        }
    }

    [Fact]
    public void Whole_review_histories_match_the_reference_scheduler()
    {
        var sequences = Vectors.GetProperty("sequences").EnumerateArray().ToList();
        Assert.True(sequences.Count >= 150);
        var reviews = 0;
        foreach (var seq in sequences)
        {
            var fsrs = new Fsrs(seq.GetProperty("retention").GetDouble());
            MemoryState? state = null;
            foreach (var step in seq.GetProperty("reviews").EnumerateArray())
            {
                var elapsed = step.GetProperty("elapsedDays").ValueKind == JsonValueKind.Null ? 0 : step.GetProperty("elapsedDays").GetInt32();
                var before = state is null ? 0 : fsrs.Retrievability(state.Stability, elapsed);
                Near(step.GetProperty("retrievabilityBefore").GetDouble(), before, $"retrievability before review {reviews}");
                state = fsrs.Next(state, (Rating)step.GetProperty("rating").GetInt32(), elapsed);
                Near(step.GetProperty("stability").GetDouble(), state.Stability, $"stability after review {reviews}");
                Near(step.GetProperty("difficulty").GetDouble(), state.Difficulty, $"difficulty after review {reviews}");
                Assert.Equal(step.GetProperty("intervalDays").GetInt32(), fsrs.IntervalDays(state.Stability));
                reviews++;
            }
        }
        Assert.True(reviews > 600, $"only {reviews} reviews compared");
    }

    [Fact]
    public void A_higher_target_retention_means_shorter_intervals()
    {
        Assert.True(new Fsrs(0.95).IntervalDays(30) < new Fsrs(0.9).IntervalDays(30));
        Assert.True(new Fsrs(0.8).IntervalDays(30) > new Fsrs(0.9).IntervalDays(30));
        // At the default target (0.9) the interval equals the stability, by the definition of stability.
        Assert.Equal(30, new Fsrs(0.9).IntervalDays(30));
    }
}
