using QuizBot.Core.Daily;
using QuizBot.Core.Learning;
using QuizBot.Core.Questions;

namespace QuizBot.Core.Tests.Learning;

public sealed class CardScheduleTests
{
    private static readonly CardSchedule Schedule = new(new Fsrs(0.9));
    private static readonly DateOnly Today = new(2026, 12, 7);

    [Fact]
    public void A_miss_comes_back_the_next_day_and_a_right_first_answer_two_days_later()
    {
        var missed = Schedule.Review(null, Rating.Again, Today);
        Assert.Equal(Today.AddDays(1), missed.Due);
        Assert.False(missed.LastCorrect);
        var right = Schedule.Review(null, Rating.Good, Today);
        Assert.Equal(Today.AddDays(2), right.Due); // S0(Good) = 2.3065 days
        Assert.True(right.LastCorrect);
    }

    [Fact]
    public void Right_answers_on_time_stretch_the_interval_and_a_lapse_shrinks_it()
    {
        var card = Schedule.Review(null, Rating.Good, Today);
        var intervals = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var next = Schedule.Review(card, Rating.Good, card.Due);
            intervals.Add(next.Due.DayNumber - next.LastReview.DayNumber);
            card = next;
        }
        Assert.True(intervals.Zip(intervals.Skip(1)).All(p => p.Second > p.First), string.Join(",", intervals));
        var lapsed = Schedule.Review(card, Rating.Again, card.Due);
        Assert.True(lapsed.Stability < card.Stability);
        Assert.Equal(1, lapsed.Lapses);
    }

    [Fact]
    public void Mastered_means_right_last_time_and_still_likely_remembered()
    {
        var right = Schedule.Review(null, Rating.Good, Today);
        Assert.True(Schedule.IsMastered(right, Today));
        Assert.False(Schedule.IsMastered(right, Today.AddDays(30)));
        Assert.False(Schedule.IsMastered(Schedule.Review(null, Rating.Again, Today), Today)); // just shown, not known
        Assert.False(Schedule.IsMastered(null, Today));
    }

    [Fact]
    public void Answers_map_to_again_good_and_easy_and_a_first_sight_is_never_easy()
    {
        var fast = TimeSpan.FromSeconds(10);
        Assert.Equal(Rating.Again, Ratings.FromAnswer(false, TimeSpan.FromSeconds(2), true, fast));
        Assert.Equal(Rating.Easy, Ratings.FromAnswer(true, TimeSpan.FromSeconds(4), true, fast));
        Assert.Equal(Rating.Good, Ratings.FromAnswer(true, TimeSpan.FromSeconds(4), false, fast));
        Assert.Equal(Rating.Good, Ratings.FromAnswer(true, TimeSpan.FromSeconds(25), true, fast));
        Assert.Equal(Rating.Good, Ratings.FromAnswer(true, null, true, fast)); // a daily poll: time unknown
    }
}

public sealed class LeitnerMigrationTests
{
    private static readonly CardSchedule Schedule = new(new Fsrs(0.9));
    private static readonly DateOnly Today = new(2026, 12, 7);

    [Fact]
    public void Every_box_keeps_its_due_day_so_no_due_mistake_vanishes()
    {
        for (var box = 1; box <= Leitner.Boxes; box++)
        {
            foreach (var due in new[] { Today.AddDays(-5), Today, Today.AddDays(3) })
            {
                var card = Schedule.FromLeitner(new ReviewState(box, due));
                Assert.Equal(due, card.Due);
                Assert.Equal(due <= Today, card.IsDue(Today));
                Assert.Equal(due.AddDays(-Leitner.IntervalDays[box - 1]), card.LastReview);
            }
        }
    }

    [Fact]
    public void A_higher_box_means_a_stronger_memory()
    {
        var cards = Enumerable.Range(1, Leitner.Boxes).Select(b => Schedule.FromLeitner(new ReviewState(b, Today))).ToList();
        Assert.True(cards.Zip(cards.Skip(1)).All(p => p.Second.Stability > p.First.Stability),
            string.Join(", ", cards.Select(c => c.Stability.ToString("F3"))));
        Assert.False(cards[0].LastCorrect); // box 1: the miss itself
        Assert.All(cards.Skip(1), c => Assert.True(c.LastCorrect));
        Assert.Equal(Enumerable.Range(1, Leitner.Boxes), cards.Select(c => c.Reviews));
    }

    [Fact]
    public void The_mapping_replays_the_history_a_box_stands_for()
    {
        // Box 3: missed on day 0, right on day 0 (box 1 is due at once), right again on day 1.
        var day0 = new DateOnly(2026, 1, 1);
        var replayed = Schedule.Review(Schedule.Review(Schedule.Review(null, Rating.Again, day0), Rating.Good, day0), Rating.Good, day0.AddDays(1));
        var mapped = Schedule.FromLeitner(new ReviewState(3, Today));
        Assert.Equal(replayed.Stability, mapped.Stability, 12);
        Assert.Equal(replayed.Difficulty, mapped.Difficulty, 12);
    }
}

public sealed class NextQuestionsTests
{
    private static readonly Speech S1 = new("s1", "张良", "主席", "题目一");
    private static readonly Speech S2 = new("s2", "李四", "主席", "题目二");
    private static readonly CardSchedule Schedule = new(new Fsrs(0.9));
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static Question Q(string id, Speech s, string family = "") =>
        new(id, QuestionKinds.Cloze, QuestionStatus.Approved, "问题" + id, ["甲", "乙"], [0], "解释", "原文" + id, s, family);

    private static Card Right(int daysAgo, int stability = 20) =>
        new(stability, 5, Today.AddDays(-daysAgo), Today.AddDays(stability - daysAgo), 2, 0, true);

    private static Card DueCard(int daysAgo, double stability) =>
        new(stability, 5, Today.AddDays(-daysAgo), Today.AddDays(-1), 2, 1, false);

    private static IReadOnlyList<string> Pick(QuestionBank bank, int count, Dictionary<string, Card> cards, IReadOnlyCollection<Question>? passage = null) =>
        new NextQuestions(Schedule).Pick(bank, count, cards, Today, new Random(7), passage).Select(q => q.Id).ToList();

    [Fact]
    public void Due_reviews_come_first_lowest_retrievability_first()
    {
        var bank = new QuestionBank([Q("a", S1), Q("b", S1), Q("c", S2), Q("new", S2)]);
        var cards = new Dictionary<string, Card> { ["a"] = DueCard(5, 10), ["b"] = DueCard(20, 2), ["c"] = DueCard(3, 30) };
        Assert.Equal(["b", "a", "c", "new"], Pick(bank, 4, cards));
    }

    [Fact]
    public void Unseen_questions_come_from_the_weakest_speech_first()
    {
        // Speech 1: both seen and mastered; speech 2: one of three mastered. The unseen of speech 2 come before speech 1's.
        var bank = new QuestionBank([Q("s1a", S1), Q("s1b", S1), Q("s1new", S1), Q("s2a", S2), Q("s2new1", S2), Q("s2new2", S2)]);
        var cards = new Dictionary<string, Card> { ["s1a"] = Right(1), ["s1b"] = Right(1), ["s2a"] = Right(1) };
        var picked = Pick(bank, 3, cards);
        Assert.Equal(["s2new1", "s2new2"], picked.Take(2).Order());
        Assert.Equal("s1new", picked[2]);
    }

    [Fact]
    public void Never_two_of_one_family_even_when_both_are_due()
    {
        var bank = new QuestionBank([Q("x1", S1, "fact"), Q("x2", S1, "fact"), Q("y", S2)]);
        var cards = new Dictionary<string, Card> { ["x1"] = DueCard(4, 3), ["x2"] = DueCard(4, 3) };
        var picked = Pick(bank, 5, cards);
        Assert.Single(picked, id => id.StartsWith('x'));
        Assert.Contains("y", picked);
    }

    [Fact]
    public void A_question_answered_right_in_the_last_few_days_is_left_alone_unless_due()
    {
        var bank = new QuestionBank([Q("recent", S1), Q("older", S1), Q("dueRecent", S2)]);
        var cards = new Dictionary<string, Card>
        {
            ["recent"] = Right(NextQuestions.RecentDays),
            ["older"] = Right(NextQuestions.RecentDays + 1),
            ["dueRecent"] = Right(1) with { Due = Today },
        };
        Assert.Equal(["dueRecent", "older"], Pick(bank, 5, cards));
    }

    [Fact]
    public void The_daily_push_takes_the_passage_unseen_questions_after_the_reviews()
    {
        var passageQ = Q("p", S1);
        var bank = new QuestionBank([Q("due", S2), Q("s2new", S2), passageQ, Q("s1new", S1)]);
        var cards = new Dictionary<string, Card> { ["due"] = DueCard(3, 2) };
        Assert.Equal(["due", "p"], Pick(bank, 2, cards, [passageQ]));
    }

    [Fact]
    public void Review_lists_only_due_questions_one_per_family()
    {
        var bank = new QuestionBank([Q("x1", S1, "fact"), Q("x2", S1, "fact"), Q("y", S2), Q("later", S2)]);
        var cards = new Dictionary<string, Card> { ["x1"] = DueCard(4, 3), ["x2"] = DueCard(9, 3), ["y"] = DueCard(2, 3), ["later"] = Right(1) };
        var due = new NextQuestions(Schedule).Due(bank, cards, Today, 10).Select(q => q.Id).ToList();
        Assert.Equal(["x2", "y"], due);
    }

    [Fact]
    public void Mastery_counts_per_speech_out_of_all_its_questions()
    {
        var bank = new QuestionBank([Q("a", S1), Q("b", S1), Q("c", S2)]);
        var cards = new Dictionary<string, Card> { ["a"] = Right(1), ["c"] = DueCard(30, 1) };
        var m = Mastery.PerSpeech(bank, cards, Schedule, Today);
        Assert.Equal([(1, 2), (0, 1)], m.Select(x => (x.Mastered, x.Total)));
    }
}

public sealed class ReminderTests
{
    private static readonly TimeOnly Eight = new(20, 0);
    private static readonly ReminderFacts Keen = new(Subscribed: true, RemindersOn: true, Streak: 3, AnsweredToday: false, RemindedToday: false);

    [Fact]
    public void A_subscriber_with_a_streak_who_has_not_answered_is_reminded_from_the_evening_on()
    {
        Assert.True(Reminders.ShouldRemind(Keen, new TimeOnly(20, 0), Eight));
        Assert.True(Reminders.ShouldRemind(Keen, new TimeOnly(23, 30), Eight));
        Assert.False(Reminders.ShouldRemind(Keen, new TimeOnly(19, 59), Eight));
    }

    [Fact]
    public void Nobody_is_reminded_twice_a_day_or_after_answering_or_without_a_streak()
    {
        var late = new TimeOnly(21, 0);
        Assert.False(Reminders.ShouldRemind(Keen with { RemindedToday = true }, late, Eight));
        Assert.False(Reminders.ShouldRemind(Keen with { AnsweredToday = true }, late, Eight));
        Assert.False(Reminders.ShouldRemind(Keen with { Streak = 2 }, late, Eight));
        Assert.False(Reminders.ShouldRemind(Keen with { RemindersOn = false }, late, Eight));
        Assert.False(Reminders.ShouldRemind(Keen with { Subscribed = false }, late, Eight));
    }
}
