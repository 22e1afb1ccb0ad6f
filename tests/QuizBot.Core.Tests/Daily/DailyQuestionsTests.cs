using QuizBot.Core.Daily;
using QuizBot.Core.Questions;

namespace QuizBot.Core.Tests.Daily;

public sealed class DailyQuestionsTests
{
    private static readonly Speech S1 = new("s1", "张良", "主席", "题目一");
    private static readonly Speech S2 = new("s2", "李四", "主席", "题目二");

    private static Question Q(string id, Speech s, string quote) =>
        new(id, QuestionKinds.Cloze, QuestionStatus.Approved, "问题" + id, ["甲", "乙"], [0], "解释", quote, s);

    private static readonly Question InPassage = Q("a", S1, "今天的段落");
    private static readonly Question SameSpeech = Q("b", S1, "别处");
    private static readonly Question Other = Q("c", S2, "他处");
    private static readonly Question Missed = Q("d", S2, "错题");
    private static readonly QuestionBank Bank = new([Other, SameSpeech, InPassage, Missed]);
    private static readonly PassageBook Book = new([new Passage(0, S1, "这是今天的段落内容。"), new Passage(1, S2, "他处错题。")], Bank, "test");

    [Fact]
    public void Due_reviews_come_first_then_the_passage_then_its_speech()
    {
        var picked = DailyQuestions.Pick(3, [Missed], Book.At(0), Book, Bank, new HashSet<string>(), cursor: 0);
        Assert.Equal(["d", "a", "b"], picked.Select(q => q.Id));
    }

    [Fact]
    public void Seen_questions_come_last_and_the_count_is_respected()
    {
        var picked = DailyQuestions.Pick(2, [], Book.At(0), Book, Bank, new HashSet<string> { "a", "b" }, cursor: 0);
        Assert.Equal(2, picked.Count);
        Assert.DoesNotContain(picked, q => q.Id is "a" or "b");
    }

    [Fact]
    public void A_question_is_never_picked_twice()
    {
        var picked = DailyQuestions.Pick(10, [InPassage, InPassage], Book.At(0), Book, Bank, new HashSet<string>(), cursor: 3);
        Assert.Equal(picked.Count, picked.Select(q => q.Id).Distinct().Count());
        Assert.Equal(4, picked.Count);
    }
}

public sealed class DailyQuestionsFamilyTests
{
    private static readonly Speech S1 = new("s1", "张良", "主席", "题目一");
    private static readonly Speech S2 = new("s2", "李四", "主席", "题目二");

    private static Question Q(string id, Speech s, string quote, string family = "") =>
        new(id, QuestionKinds.Cloze, QuestionStatus.Approved, "问题" + id, ["甲", "乙"], [0], "解释", quote, s, family);

    [Fact]
    public void A_push_skips_a_question_whose_family_is_already_in_it()
    {
        // The due mistake and the passage's cloze are one family (a cloze and its judgement on one sentence).
        var missed = Q("s1-judge", S1, "今天的段落", "s1-fact");
        var cloze = Q("s1-cloze", S1, "今天的段落", "s1-fact");
        var other = Q("s1-other", S1, "别处");
        var bank = new QuestionBank([missed, cloze, other]);
        var book = new PassageBook([new Passage(0, S1, "这是今天的段落内容。")], bank, "test");
        var picked = DailyQuestions.Pick(3, [missed], book.At(0), book, bank, new HashSet<string>(), cursor: 0);
        Assert.Equal(["s1-judge", "s1-other"], picked.Select(q => q.Id));
    }

    [Fact]
    public void No_push_over_many_days_and_histories_holds_two_questions_of_one_family()
    {
        var speeches = new[] { S1, S2 };
        var questions = Enumerable.Range(0, 40)
            .Select(i => Q($"q{i}", speeches[i % 2], $"段落{i % 4}", i % 3 == 0 ? "" : $"f{i % 7}"))
            .ToList();
        var bank = new QuestionBank(questions);
        var book = new PassageBook([new Passage(0, S1, "段落0段落2"), new Passage(1, S2, "段落1段落3")], bank, "test");
        var random = new Random(42);
        for (var day = 0; day < 300; day++)
        {
            var seen = questions.Where(_ => random.Next(3) == 0).Select(q => q.Id).ToHashSet();
            var due = questions.Where(_ => random.Next(8) == 0).ToList();
            var count = 1 + random.Next(DailyQuestions.Max);
            var picked = DailyQuestions.Pick(count, due, book.At(day), book, bank, seen, cursor: day);
            Assert.Equal(picked.Count, picked.Select(q => q.FamilyKey).Distinct().Count());
            // 14 questions without a family (every third) and 7 families: 21 in all, so a push of up to 10 is always full.
            Assert.Equal(count, picked.Count);
        }
    }

    [Fact]
    public void A_bank_of_few_families_gives_a_shorter_push()
    {
        var a1 = Q("a1", S1, "今天的段落", "a");
        var a2 = Q("a2", S1, "别处", "a");
        var b1 = Q("b1", S2, "他处", "b");
        var bank = new QuestionBank([a1, a2, b1]);
        var book = new PassageBook([new Passage(0, S1, "这是今天的段落内容。")], bank, "test");
        var picked = DailyQuestions.Pick(3, [], book.At(0), book, bank, new HashSet<string>(), cursor: 0);
        Assert.Equal(["a1", "b1"], picked.Select(q => q.Id));
    }
}
