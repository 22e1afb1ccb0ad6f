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

public sealed class QuizPlannerFamilyTests
{
    private static readonly Speech S = new("s1", "张三", "主席", "讲话");

    private static Question Q(string id, string family = "") =>
        new(id, QuestionKinds.Cloze, QuestionStatus.Approved, "问" + id, ["甲", "乙", "丙", "丁"], [0], "解释", "原文", S, family);

    /// <summary>30 questions in 12 families: f0..f5 with four members each, then six questions without a family.</summary>
    private static QuestionBank FamilyBank() => new(
        Enumerable.Range(0, 24).Select(i => Q($"q{i}", $"f{i % 6}"))
            .Concat(Enumerable.Range(24, 6).Select(i => Q($"q{i}")))
            .ToList());

    [Fact]
    public void A_quiz_never_holds_two_questions_of_one_family_over_many_seeded_draws()
    {
        var bank = FamilyBank();
        for (var seed = 0; seed < 500; seed++)
        {
            var planner = new QuizPlanner(new Random(seed));
            var count = 1 + seed % QuizPlanner.MaxQuestions;
            var picked = planner.Pick(bank, count);
            Assert.Equal(picked.Count, picked.Select(q => q.FamilyKey).Distinct().Count());
            Assert.Equal(Math.Min(count, 12), picked.Count);
        }
    }

    [Fact]
    public void Every_member_of_a_family_gets_its_turn_across_draws()
    {
        var bank = FamilyBank();
        var served = new HashSet<string>();
        for (var seed = 0; seed < 200; seed++) served.UnionWith(new QuizPlanner(new Random(seed)).Pick(bank, 12).Select(q => q.Id));
        Assert.Equal(30, served.Count);
    }

    [Fact]
    public void A_bank_with_fewer_families_than_asked_gives_a_shorter_quiz_of_one_question_per_family()
    {
        var bank = new QuestionBank([Q("a1", "a"), Q("a2", "a"), Q("a3", "a"), Q("b1", "b"), Q("b2", "b"), Q("c")]);
        var picked = new QuizPlanner(new Random(11)).Pick(bank, 5);
        Assert.Equal(3, picked.Count);
        Assert.Equal(["a", "b", "c"], picked.Select(q => q.FamilyKey).Order());
    }

    [Fact]
    public void An_unseen_member_stands_for_its_family_before_a_seen_one()
    {
        var bank = new QuestionBank([Q("a1", "a"), Q("a2", "a"), Q("b1", "b"), Q("b2", "b")]);
        var seen = new HashSet<string> { "a1", "b2" };
        for (var seed = 0; seed < 50; seed++)
            Assert.Equal(["a2", "b1"], new QuizPlanner(new Random(seed)).Pick(bank, 2, seen).Select(q => q.Id).Order());
    }

    [Fact]
    public void A_seen_question_fills_the_quiz_only_for_a_family_no_unseen_question_covers()
    {
        var bank = new QuestionBank([Q("a1", "a"), Q("a2", "a"), Q("b1", "b")]);
        var seen = new HashSet<string> { "b1" };
        for (var seed = 0; seed < 50; seed++)
        {
            var picked = new QuizPlanner(new Random(seed)).Pick(bank, 3, seen);
            Assert.Equal(2, picked.Count);
            Assert.Equal("b1", picked[1].Id);
            Assert.Equal("a", picked[0].FamilyKey);
        }
    }

    [Fact]
    public void One_per_family_keeps_the_first_of_each_family_in_order()
    {
        var qs = new[] { Q("x"), Q("a2", "a"), Q("a1", "a"), Q("y"), Q("x"), Q("b1", "b"), Q("a3", "a") };
        Assert.Equal(["x", "a2", "y", "b1"], qs.OnePerFamily().Select(q => q.Id));
    }
}
