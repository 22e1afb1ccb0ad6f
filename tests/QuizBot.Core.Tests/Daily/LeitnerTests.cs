using QuizBot.Core.Daily;

namespace QuizBot.Core.Tests.Daily;

public sealed class LeitnerTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    [Fact]
    public void A_question_never_missed_is_never_scheduled() => Assert.Null(Leitner.Next(null, correct: true, Today));

    [Fact]
    public void A_miss_goes_to_box_one_due_at_once() =>
        Assert.Equal(new ReviewState(1, Today), Leitner.Next(null, correct: false, Today));

    [Fact]
    public void Right_answers_on_schedule_climb_the_boxes_with_growing_intervals_until_learned()
    {
        var state = Leitner.Next(null, false, Today);
        var day = Today;
        var intervals = new List<int>();
        while (state is not null)
        {
            day = state.Due;
            var next = Leitner.Next(state, true, day);
            if (next is not null) intervals.Add(next.Due.DayNumber - day.DayNumber);
            state = next;
        }
        Assert.Equal([1, 3, 7, 14], intervals);
    }

    [Fact]
    public void A_miss_in_a_high_box_drops_back_to_box_one() =>
        Assert.Equal(new ReviewState(1, Today), Leitner.Next(new ReviewState(4, Today), false, Today));

    [Fact]
    public void A_right_answer_before_the_question_is_due_changes_nothing()
    {
        var state = new ReviewState(3, Today.AddDays(2));
        Assert.Same(state, Leitner.Next(state, true, Today));
    }
}
