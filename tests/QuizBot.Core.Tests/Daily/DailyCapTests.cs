using QuizBot.Core.Quizzes;

namespace QuizBot.Core.Tests.Daily;

public sealed class DailyCapTests
{
    [Fact]
    public void Points_under_the_cap_are_kept() => Assert.Equal(10, Scoring.CapDaily(10, 150, 200));

    [Fact]
    public void The_answer_that_reaches_the_cap_scores_only_what_is_left() => Assert.Equal(5, Scoring.CapDaily(10, 195, 200));

    [Fact]
    public void Past_the_cap_a_right_answer_scores_nothing() => Assert.Equal(0, Scoring.CapDaily(20, 200, 200));

    [Fact]
    public void A_cap_of_zero_means_no_cap() => Assert.Equal(20, Scoring.CapDaily(20, 10_000, 0));
}
