using QuizBot.Core.Questions;

namespace QuizBot.Core.Tests;

public sealed class ItemAnalysisTests
{
    /// <summary>
    /// Ten people, u1..u10, answer four questions once each; u1 and u2 also answer a several-answers question.
    /// easy: everyone right (option 0 of 4). good (right 0 of 4): u1..u6 right; u7, u10 pick 1, u8 picks 2, u9 picks 3.
    /// bad (right 2 of 4): u8..u10 right; u1..u6 pick 0, u7 picks 1. anchor (right 0 of 2): u1..u5 right, the rest pick 1.
    /// multi (right [0, 2] of 4): u1 picks 0 and 2 (right), u2 picks 0 only.
    /// u1 also answers "gone", a question no longer in the bank, right.
    /// Right answers: u1 5 (of 6); u3, u4, u5 3 (of 4); u2 3 (of 5); u6, u8, u9, u10 2; u7 1. Ten people: groups of
    /// round(2.7) = 3, upper u1, u3, u4; lower u9, u10, u7 (u6 and u8 come before u9 by user id).
    /// </summary>
    private static List<LoggedAnswer> Log()
    {
        var log = new List<LoggedAnswer>();
        void Add(int user, string q, bool right, params int[] chosen) => log.Add(new(user, q, chosen, right));
        for (var u = 1; u <= 10; u++)
        {
            Add(u, "easy", true, 0);
            if (u <= 6) Add(u, "good", true, 0);
            else Add(u, "good", false, u switch { 8 => 2, 9 => 3, _ => 1 });
            if (u >= 8) Add(u, "bad", true, 2);
            else Add(u, "bad", false, u == 7 ? 1 : 0);
            Add(u, "anchor", u <= 5, u <= 5 ? 0 : 1);
        }
        Add(1, "multi", true, 0, 2);
        Add(2, "multi", false, 0);
        Add(1, "gone", true, 1); // a question since removed from the bank
        return log;
    }

    private static readonly Dictionary<string, ItemKey> Keys = new()
    {
        ["easy"] = new(4, [0]),
        ["good"] = new(4, [0]),
        ["bad"] = new(4, [2]),
        ["anchor"] = new(2, [0]),
        ["multi"] = new(4, [0, 2]),
    };

    private static IReadOnlyList<ItemStats> Analyse(int minAnswers = 10) =>
        ItemAnalysis.Analyse(Log(), id => Keys.GetValueOrDefault(id), minAnswers);

    private static ItemStats Item(string id) => Analyse().Single(s => s.QuestionId == id);

    [Fact]
    public void The_upper_and_lower_groups_are_the_best_and_worst_27_percent_by_right_answers()
    {
        var (upper, lower) = ItemAnalysis.Groups(Log());
        Assert.Equal([1L, 3, 4], upper.Order());
        Assert.Equal([7L, 9, 10], lower.Order());
    }

    [Fact]
    public void The_share_right_and_the_discrimination_index_have_the_figures_worked_out_by_hand()
    {
        var good = Item("good");
        Assert.Equal((10, 6), (good.Answers, good.Right));
        Assert.Equal(0.6, good.P, 9);
        Assert.Equal(1.0, good.Discrimination!.Value, 9);

        var bad = Item("bad");
        Assert.Equal(0.3, bad.P, 9);
        Assert.Equal(-2.0 / 3, bad.Discrimination!.Value, 9);

        var easy = Item("easy");
        Assert.Equal(1.0, easy.P, 9);
        Assert.Equal(0.0, easy.Discrimination!.Value, 9);
    }

    [Fact]
    public void Each_option_counts_the_answers_that_picked_it_and_an_unpicked_distractor_is_named()
    {
        Assert.Equal([6, 2, 1, 1], Item("good").Picks);
        Assert.Empty(Item("good").UnpickedDistractors);
        Assert.Equal([6, 1, 3, 0], Item("bad").Picks);
        Assert.Equal([3], Item("bad").UnpickedDistractors);
        Assert.Equal([10, 0, 0, 0], Item("easy").Picks);
        Assert.Equal([1, 2, 3], Item("easy").UnpickedDistractors);
        // Several right options: each chosen option counts; the right ones are never "unpicked distractors".
        Assert.Equal([2, 0, 1, 0], Item("multi").Picks);
        Assert.Equal([1, 3], Item("multi").UnpickedDistractors);
    }

    [Fact]
    public void Flags_name_the_too_easy_the_negatively_discriminating_and_the_never_picked_distractor()
    {
        Assert.Equal(ItemFlags.TooEasy | ItemFlags.UnpickedDistractor, Item("easy").Flags);
        Assert.Equal(ItemFlags.NegativeDiscrimination | ItemFlags.UnpickedDistractor, Item("bad").Flags);
        Assert.Equal(ItemFlags.None, Item("good").Flags);
        Assert.Equal(ItemFlags.None, Item("anchor").Flags);
    }

    [Fact]
    public void A_question_with_too_few_answers_is_never_flagged()
    {
        Assert.Equal(ItemFlags.None, Item("multi").Flags); // two answers, two distractors never picked
        Assert.All(Analyse(minAnswers: 11), s => Assert.Equal(ItemFlags.None, s.Flags));
        Assert.All(ItemAnalysis.Analyse(Log(), id => Keys.GetValueOrDefault(id)), s => Assert.Equal(ItemFlags.None, s.Flags));
    }

    [Fact]
    public void Without_answers_from_both_groups_there_is_no_discrimination_index()
    {
        Assert.Null(Item("multi").Discrimination); // only u1 (upper) and u2 (middle) answered it
        var alone = ItemAnalysis.Analyse([new(1, "q", [0], true), new(1, "r", [1], false)], _ => new ItemKey(2, [0]), 1);
        Assert.All(alone, s => Assert.Null(s.Discrimination));
    }

    [Fact]
    public void A_question_not_in_the_bank_has_figures_but_no_options()
    {
        var gone = Item("gone");
        Assert.Equal((1, 1.0), (gone.Answers, gone.P));
        Assert.Empty(gone.Picks);
        Assert.Empty(gone.UnpickedDistractors);
    }

    [Fact]
    public void Weakest_questions_come_first() =>
        Assert.Equal(["bad", "anchor", "multi", "good", "easy", "gone"], Analyse().Select(s => s.QuestionId));

    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData("0,2", new[] { 0, 2 })]
    [InlineData(" 1 , 3 ", new[] { 1, 3 })]
    [InlineData("", new int[0])]
    [InlineData("x,2,-1", new[] { 2 })]
    public void Chosen_is_read_as_stored(string chosen, int[] expected) => Assert.Equal(expected, ItemAnalysis.ParseChosen(chosen));
}
