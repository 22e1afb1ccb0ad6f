using QuizBot.Authoring.Text;

namespace QuizBot.Authoring.Tests;

public sealed class TextTests
{
    [Theory]
    [InlineData("一", 1)]
    [InlineData("两", 2)]
    [InlineData("十", 10)]
    [InlineData("十二", 12)]
    [InlineData("二十", 20)]
    [InlineData("九十九", 99)]
    [InlineData("12", 12)]
    public void Chinese_numerals_are_read(string text, int value) => Assert.Equal(value, Chinese.ParseNumeral(text));

    [Theory]
    [InlineData("几")]
    [InlineData("")]
    [InlineData("十十")]
    public void Words_that_are_no_numeral_read_as_null(string text) => Assert.Null(Chinese.ParseNumeral(text));

    [Fact]
    public void Numerals_are_written_back() =>
        Assert.Equal(["一", "九", "十", "十一", "二十", "九十九"], new[] { 1, 9, 10, 11, 20, 99 }.Select(Chinese.Numeral));

    [Fact]
    public void Whitespace_removal_and_errata_normalise_a_seed_line()
    {
        var errata = Repo.Errata;
        Assert.Equal("精神和履职尽责", errata.Normalize("精神 and 履职尽责"));
        Assert.Equal("引领", errata.Normalize("引\n\n领"));
        Assert.Equal("有底气、勇气和骨气", errata.Normalize("有底气、勇气和勇气"));
    }

    [Fact]
    public void A_typo_is_reported_only_outside_its_correction()
    {
        var errata = new Errata([new Erratum { Wrong = "行动中中来", Right = "行动中来" }, new Erratum { Wrong = "ab", Right = "abc" }]);
        Assert.Single(errata.TyposIn("落实到行动中中来"));
        Assert.Empty(errata.TyposIn("落实到行动中来"));
        Assert.Empty(errata.TyposIn("xabcx"));
        Assert.Single(errata.TyposIn("xabx"));
        Assert.Single(errata.TyposIn("xabcx xabx"));
    }

    [Fact]
    public void A_typo_that_contains_its_correction_is_reported()
    {
        var errata = new Errata([
            new Erratum { Wrong = "贯穿在本职工作中心", Right = "贯穿在本职工作中" },
            new Erratum { Wrong = "坚持坚持党的领导", Right = "坚持党的领导" },
        ]);
        Assert.Single(errata.TyposIn("把服务贯穿在本职工作中心，"));
        Assert.Empty(errata.TyposIn("把服务贯穿在本职工作中，"));
        Assert.Single(errata.TyposIn("要坚持坚持党的领导"));
        Assert.Empty(errata.TyposIn("要坚持党的领导"));
    }

    [Theory]
    [InlineData("— 2 —")]
    [InlineData("12")]
    [InlineData("第3页")]
    [InlineData("3/8")]
    [InlineData("（下转第2版）")]
    public void Page_debris_is_recognised(string line) => Assert.True(SeedText.IsDebris(line));

    [Fact]
    public void A_running_head_repeating_the_title_is_dropped()
    {
        var lines = SeedText.ContentLines("标题 一\n正文，\n— 2 —\n标题 一\n继续。");
        Assert.Equal(["标题 一", "正文，", "继续。"], lines);
    }

    [Fact]
    public void A_window_holds_whole_clauses_around_its_focus_within_the_limit()
    {
        const string text = "第一句很长很长很长，第二句也很长很长，关键词在这里，第四句，第五句很长很长很长很长。";
        var focus = new Span(text.IndexOf("关键词", StringComparison.Ordinal), 3);
        var window = Clauses.Window(text, new Span(0, text.Length), focus, 20)!.Value;
        var cut = text.Substring(window.Start, window.Length);
        Assert.Contains("关键词", cut);
        Assert.True(cut.Length <= 20);
        Assert.True(window.Start == 0 || "，。".Contains(text[window.Start - 1]));
        Assert.Contains(cut[^1], "，。");
    }

    [Fact]
    public void Fitting_cuts_after_a_whole_clause_or_not_at_all()
    {
        Assert.Equal("一二三，", Clauses.Fit("一二三，四五六七八九", 6));
        Assert.Null(Clauses.Fit("一二三四五六七八九", 6));
    }

    [Fact]
    public void Quoted_slogans_are_not_split_into_clauses() =>
        Assert.Single(Clauses.Sentences("坚持“一以贯之、久久为功。”的定力"));

    [Fact]
    public void The_same_passage_asked_twice_is_a_near_duplicate_while_templated_stems_are_not()
    {
        Assert.Equal("duplicate", Similarity.Compare("张良的职务是？", "张良的职务是?"));
        Assert.NotNull(Similarity.Compare(
            "张良提出：“做到在大局中谋划、在____中推进、在实践中创新。”",
            "张良提出：“做到在____中谋划、在统筹中推进、在实践中创新。”"));
        Assert.Null(Similarity.Compare("王彦的讲话题目是？", "司建的讲话题目是？"));
        Assert.Null(Similarity.Compare(
            "题为《抓好工会自身改革和建设 推动新时代首都工会工作创新发展》的讲话出自哪位同志？",
            "题为《加大审查审计监督力度 推动首都工会经审工作再上新台阶》的讲话出自哪位同志？"));
    }
}
