using QuizBot.Core.Daily;
using QuizBot.Core.Questions;

namespace QuizBot.Core.Tests.Daily;

public sealed class PassageTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QuizBot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("QuizBot.sln not found above the test binaries");
    }

    private static readonly Lazy<QuestionBank> Bank = new(() => QuestionBank.Load(Path.Combine(RepoRoot(), "questions")).Bank!);

    private static PassageBook SeedBook()
    {
        var book = PassageBook.Load(Path.Combine(RepoRoot(), "seeds"), Bank.Value, out var problem);
        Assert.Null(problem);
        return book;
    }

    [Fact]
    public void The_seed_digest_becomes_passages_that_cover_every_speech_in_order()
    {
        var book = SeedBook();
        var speeches = book.Passages.Select(p => p.Speech.Id).Distinct().ToList();
        Assert.Equal(["meeting", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"], speeches);
        Assert.All(book.Passages, p => Assert.InRange(p.Text.Length, 1, PassageBook.MaxChars));
        Assert.Equal(Enumerable.Range(0, book.Count), book.Passages.Select(p => p.Index));
        Assert.InRange(book.Count, 14, 60); // a few weeks of reading
    }

    [Fact]
    public void Passages_join_lines_broken_by_the_page_and_apply_the_errata()
    {
        var all = string.Concat(SeedBook().Passages.Select(p => p.Text));
        Assert.Contains("加强职工思想政治引领；二是圆满完成", all); // "引\n\n领" in the seed
        Assert.Contains("底气、勇气和骨气", all);
        Assert.DoesNotContain("底气、勇气和勇气", all);
        Assert.DoesNotContain(" ", all);
    }

    [Fact]
    public void Most_approved_questions_belong_to_a_passage_of_their_own_speech()
    {
        var book = SeedBook();
        var placed = book.Passages.SelectMany(p => book.QuestionsIn(p).Select(q => (p, q))).ToList();
        Assert.All(placed, x => Assert.Equal(x.p.Speech.Id, x.q.Speech.Id));
        Assert.True(placed.Select(x => x.q.Id).Distinct().Count() >= Bank.Value.Approved.Count * 2 / 3,
            $"only {placed.Count} of {Bank.Value.Approved.Count} questions found their passage");
    }

    [Fact]
    public void The_cursor_walks_through_every_passage_and_wraps_around()
    {
        var book = SeedBook();
        Assert.Equal(book.Passages.Select(p => p.Index), Enumerable.Range(0, book.Count).Select(i => book.At(i).Index));
        Assert.Same(book.At(0), book.At(book.Count));
    }

    [Fact]
    public void Without_seeds_the_passages_are_made_of_the_bank_quotes()
    {
        var book = PassageBook.Load(Path.Combine(Path.GetTempPath(), "no-such-seeds-" + Guid.NewGuid()), Bank.Value, out var problem);
        Assert.NotNull(problem);
        Assert.Equal("quotes", book.Source);
        Assert.All(book.Passages, p => Assert.NotEmpty(book.QuestionsIn(p)));
    }

    [Fact]
    public void A_small_digest_with_a_speech_unknown_to_the_bank_takes_the_speaker_from_its_speaker_line()
    {
        const string digest = """
            # 会议标题
            ## ——副标题
            会议介绍第一段，
            跨行继续。
            ### 新的讲话标题
            某某单位主席 李四
            第一段话。第二
            段话的后半。
            """;
        var passages = PassageBook.FromDigest(digest, [("第一段话", "第一段讲话")], Bank.Value);
        Assert.Equal(2, passages.Count);
        Assert.Equal("meeting", passages[0].Speech.Id);
        Assert.Equal("会议介绍第一段，跨行继续。", passages[0].Text);
        Assert.Equal("李四", passages[1].Speech.Speaker);
        Assert.Equal("某某单位主席", passages[1].Speech.Posts);
        Assert.Equal("第一段讲话。第二段话的后半。", passages[1].Text);
    }

    [Fact]
    public void Long_paragraphs_are_cut_at_sentence_ends_within_the_limit()
    {
        var paragraph = string.Concat(Enumerable.Repeat("这是一句话，讲的是工会工作。", 100));
        var pieces = PassageBook.Cut([paragraph]).ToList();
        Assert.True(pieces.Count > 1);
        Assert.All(pieces, p => Assert.InRange(p.Length, 1, PassageBook.MaxChars));
        Assert.All(pieces, p => Assert.EndsWith("。", p));
        Assert.Equal(paragraph, string.Concat(pieces));
    }
}
