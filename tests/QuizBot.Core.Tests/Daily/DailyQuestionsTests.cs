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
