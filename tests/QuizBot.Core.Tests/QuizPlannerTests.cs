using QuizBot.Core.Questions;
using QuizBot.Core.Quizzes;

namespace QuizBot.Core.Tests;

public sealed class QuizPlannerTests
{
    private static readonly Speech S = new("s1", "张三", "主席", "讲话");

    private static Question Q(string id, string kind = QuestionKinds.Cloze, params int[] answer) =>
        new(id, kind, QuestionStatus.Approved, "问？", ["甲", "乙", "丙", "丁"], answer.Length == 0 ? [1] : answer, "解释", "原文", S);

    private static QuestionBank Bank(int n) => new(Enumerable.Range(1, n).Select(i => Q($"q{i}")).ToList());

    [Fact]
    public void It_picks_distinct_questions_and_never_more_than_the_bank_has()
    {
        var planner = new QuizPlanner(new Random(1));
        Assert.Equal(5, planner.Pick(Bank(10), 5).Select(q => q.Id).Distinct().Count());
        Assert.Equal(3, planner.Pick(Bank(3), 20).Count);
    }

    [Fact]
    public void Unseen_questions_come_before_seen_ones()
    {
        var planner = new QuizPlanner(new Random(2));
        var seen = new HashSet<string> { "q1", "q2", "q3", "q4", "q5", "q6", "q7" };
        var picked = planner.Pick(Bank(10), 3, seen);
        Assert.Equal(new[] { "q10", "q8", "q9" }.Order(), picked.Select(q => q.Id).Order());
    }

    [Fact]
    public void The_same_seed_gives_the_same_quiz()
    {
        Assert.Equal(new QuizPlanner(new Random(7)).Pick(Bank(50), 5).Select(q => q.Id), new QuizPlanner(new Random(7)).Pick(Bank(50), 5).Select(q => q.Id));
    }

    [Fact]
    public void Shuffled_options_keep_track_of_the_right_answer()
    {
        var planner = new QuizPlanner(new Random(3));
        for (var i = 0; i < 20; i++)
        {
            var served = planner.Serve(Q("q", QuestionKinds.Cloze, 1));
            var rightServed = Assert.Single(served.CorrectServed);
            Assert.Equal("乙", served.Options[rightServed]);
            Assert.True(served.IsCorrect(served.ToBankIndexes([rightServed])));
            Assert.False(served.IsCorrect(served.ToBankIndexes([(rightServed + 1) % 4])));
        }
    }

    [Fact]
    public void Judgement_options_keep_their_order()
    {
        var served = new QuizPlanner(new Random(4)).Serve(Q("j", QuestionKinds.Judgement, 0));
        Assert.Equal([0, 1, 2, 3], served.Order);
    }

    [Fact]
    public void A_question_with_several_right_options_needs_all_of_them()
    {
        var served = new QuizPlanner(new Random(5)).Serve(Q("m", QuestionKinds.Enumeration, 0, 2));
        var right = served.CorrectServed;
        Assert.Equal(2, right.Count);
        Assert.True(served.IsCorrect(served.ToBankIndexes(right)));
        Assert.False(served.IsCorrect(served.ToBankIndexes([right[0]])));
    }

    [Fact]
    public void Out_of_range_choices_are_ignored_when_mapping_back() =>
        Assert.Empty(new QuizPlanner(new Random(6)).Serve(Q("x")).ToBankIndexes([-1, 9]));
}
