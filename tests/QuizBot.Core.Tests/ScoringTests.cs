using QuizBot.Core.Quizzes;

namespace QuizBot.Core.Tests;

public sealed class ScoringTests
{
    private static readonly TimeSpan Thirty = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_wrong_answer_scores_nothing() =>
        Assert.Equal(0, Scoring.Points(false, ScoringModes.Speed, TimeSpan.FromSeconds(1), Thirty));

    [Fact]
    public void An_instant_right_answer_in_speed_scoring_earns_the_full_bonus() =>
        Assert.Equal(Scoring.BasePoints + Scoring.MaxSpeedBonus, Scoring.Points(true, ScoringModes.Speed, TimeSpan.Zero, Thirty));

    [Fact]
    public void A_right_answer_halfway_through_earns_half_the_bonus() =>
        Assert.Equal(15, Scoring.Points(true, ScoringModes.Speed, TimeSpan.FromSeconds(15), Thirty));

    [Fact]
    public void A_right_answer_at_or_after_the_deadline_earns_the_base_points_only() =>
        Assert.Equal(Scoring.BasePoints, Scoring.Points(true, ScoringModes.Speed, TimeSpan.FromSeconds(45), Thirty));

    [Fact]
    public void Accuracy_scoring_ignores_speed() =>
        Assert.Equal(Scoring.BasePoints, Scoring.Points(true, ScoringModes.Accuracy, TimeSpan.Zero, Thirty));

    [Fact]
    public void Equal_scores_share_a_rank_and_the_next_rank_skips()
    {
        long[] scores = [50, 40, 40, 30, 30, 30, 10];
        Assert.Equal([1, 2, 2, 4, 4, 4, 7], Scoring.Ranks(scores, s => s));
    }

    [Fact]
    public void Accuracy_of_nothing_answered_is_zero() => Assert.Equal(0, Scoring.Accuracy(0, 0));
}
