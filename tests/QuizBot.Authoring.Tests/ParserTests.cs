using QuizBot.Authoring.Digests;
using QuizBot.Authoring.Text;

namespace QuizBot.Authoring.Tests;

public sealed class ParserTests
{
    private static readonly Digest Seed = DigestParser.Parse(Repo.SeedText, Repo.Errata, "seed");
    private static readonly Digest Plain = DigestParser.Parse(Repo.PlainDigest, Errata.None, "plain");

    [Fact]
    public void The_seed_has_nine_speeches_with_their_speakers_and_posts()
    {
        var expected = new (string Speaker, string Posts)[]
        {
            ("张良", "北京市总工会党组书记、副主席"),
            ("潘建新", "北京市总工会党组副书记、副主席"),
            ("王敬东", "北京市总工会党组成员、副主席"),
            ("刘晓光", "北京市总工会党组成员、副主席"),
            ("韩世春", "北京市总工会党组成员、副主席"),
            ("赵丽君", "北京市总工会党组成员、副主席"),
            ("王彦", "北京市总工会党组成员、市纪委监委驻市总工会机关纪检监察组组长"),
            ("蒋文云", "北京市总工会党组成员、副主席"),
            ("司建", "北京市总工会党组成员、经审委主任"),
        };
        Assert.Equal(expected, Seed.Speeches.Select(s => (s.Speaker, s.Posts)).ToArray());
        Assert.Equal(Enumerable.Range(1, 9), Seed.Speeches.Select(s => s.Number));
    }

    [Fact]
    public void The_seed_title_subtitle_speech_titles_and_introduction_are_read()
    {
        Assert.Equal("全面贯彻落实党的二十大精神 奋力开创首都工运事业和工会工作新局面", Seed.Title);
        Assert.StartsWith("——北京市总工会党组成员在", Seed.Subtitle);
        Assert.Equal("注重“三个统筹” 求实创新谋划和推进工会重点工作", Seed.Speeches[4].Title);
        Assert.Single(Seed.Intro);
        Assert.StartsWith("1月5日上午，北京市总工会党组召开", Seed.Intro[0]);
    }

    [Fact]
    public void Paragraphs_broken_mid_sentence_are_joined()
    {
        var first = Seed.Speeches[0].Paragraphs;
        Assert.Contains(first, p => p.Contains("加强职工思想政治引领；二是圆满完成", StringComparison.Ordinal));
        Assert.Contains(first, p => p.Contains("取得显著成效", StringComparison.Ordinal) && p.Contains("同时，信息化", StringComparison.Ordinal));
        Assert.Contains(first, p => p.Contains("过去五年工作和新时代十年伟大变革", StringComparison.Ordinal));
        Assert.Contains(Seed.Speeches[0].Paragraphs, p => p.Contains("深化产业工人队伍建设改革", StringComparison.Ordinal));
        // Every paragraph of every speech now ends a sentence.
        Assert.All(Seed.Speeches.SelectMany(s => s.Paragraphs), p => Assert.Contains(p[^1], Chinese.ParagraphEnds));
        Assert.Equal(4, first.Count);
    }

    [Fact]
    public void The_errata_are_applied_while_parsing_and_avoided_passages_stay_as_written()
    {
        var text = string.Concat(Seed.Speeches.SelectMany(s => s.Paragraphs));
        Assert.Contains("有底气、勇气和骨气进行自我革命", text);
        Assert.Contains("精神和履职尽责贯通起来", text);
        Assert.Contains("众人划桨开大船", text);
        Assert.DoesNotContain("and", text);
        Assert.DoesNotContain("坚持坚持", text);
        Assert.DoesNotContain("新业态形态", text);
        Assert.Contains("第三，要“用力”学习贯彻落实党的二十大精神", text);
    }

    [Fact]
    public void Numbered_points_of_the_seed_are_found()
    {
        var zhang = Seed.Speeches[0].Lists;
        var six = Assert.Single(zhang, l => l.Style == "shi");
        Assert.Equal(6, six.Items.Count);
        Assert.Equal("我们举全会之力，重点抓了几件大事", six.Intro);
        Assert.Equal("深化工会改革，全面推进新就业形态劳动者建会入会和维权服务工作", six.Items[5].Lead);
        var points = Assert.Single(zhang, l => l.Style == "di");
        Assert.Equal(["一", "二", "三"], points.Items.Select(i => Chinese.Numeral(i.Ordinal)));
        Assert.StartsWith("始终坚持自我革命的政治品格", points.Items[2].Lead);

        var han = Seed.Speeches[4].Lists;
        var overall = Assert.Single(han, l => l.Style == "colon");
        Assert.Equal("“三个统筹”", overall.Label);
        Assert.Equal(["统筹经济发展与工会工作", "统筹就业优先与权益维护", "统筹维权与服务"], overall.Items.Select(i => i.Text));
        Assert.Contains(han, l => l.Style == "shi" && l.StatedCount == 3 && l.Intro == "主要有三个方面");

        Assert.Equal(3, Seed.Speeches[1].Lists.Single(l => l.Style == "di").StatedCount);
        Assert.Equal(4, Seed.Speeches[6].Lists.Single(l => l.Style == "di").Items.Count);
        Assert.Equal(6, Seed.Speeches[5].Lists.Single(l => l.Style == "shi").Items.Count);
    }

    [Fact]
    public void A_plain_text_digest_is_read_without_any_markup()
    {
        Assert.Equal("凝心聚力谋发展 科技创新再出发", Plain.Title);
        Assert.Equal("——市科协党组成员在2024年工作务虚会上的发言摘编", Plain.Subtitle);
        Assert.StartsWith("3月12日下午，市科协党组召开2024年工作务虚会", Plain.Intro.Single());
        Assert.Equal(
            [("陈明远", "市科协党组书记、主席", "擦亮科技工作者之家品牌"),
             ("林雪芬", "市科协党组成员、副主席", "推动科普事业高质量发展"),
             ("欧阳晓东", "市科协党组成员、秘书长", "做好“三个结合” 提升学会服务能力")],
            Plain.Speeches.Select(s => (s.Speaker, s.Posts, s.Title)));
    }

    [Fact]
    public void A_plain_text_digest_loses_its_page_debris_and_joins_broken_lines()
    {
        var chen = Plain.Speeches[0].Paragraphs;
        Assert.Contains(chen, p => p.Contains("融入国家发展大局。", StringComparison.Ordinal));
        Assert.Contains(chen, p => p.Contains("服务站网络，打通服务科技工作者的最后一公里", StringComparison.Ordinal));
        Assert.DoesNotContain(chen, p => p.Contains("—2—", StringComparison.Ordinal) || p.Contains("凝心聚力", StringComparison.Ordinal));
        Assert.Equal(5, chen.Count);
    }

    [Fact]
    public void Numbered_points_of_a_plain_text_digest_are_found_in_every_style()
    {
        var chen = Plain.Speeches[0].Lists;
        Assert.Contains(chen, l => l.Style == "shi" && l.Items.Count == 3 && l.StatedCount == 3 && l.Items[2].Lead == "举办首届科学家精神宣讲周");
        Assert.Contains(chen, l => l.Style == "di" && l.Items.Count == 3 && l.StatedCount == 3);
        var lin = Assert.Single(Plain.Speeches[1].Lists);
        Assert.Equal(("paren", 2, 2), (lin.Style, lin.Items.Count, lin.StatedCount ?? 0));
        var ouyang = Plain.Speeches[2].Lists;
        Assert.Contains(ouyang, l => l.Style == "colon" && l.Label == "“三个结合”" && l.Items.Count == 3);
        Assert.Contains(ouyang, l => l.Style == "shi" && l.Items.Count == 4 && l.Intro == "今年重点抓好以下工作");
    }

    [Theory]
    [InlineData("北京市总工会党组书记、副主席 张良", "张良", "北京市总工会党组书记、副主席")]
    [InlineData("市科协党组书记、主席　陈明远", "陈明远", "市科协党组书记、主席")]
    [InlineData("林雪芬（市科协党组成员、副主席）", "林雪芬", "市科协党组成员、副主席")]
    [InlineData("欧阳晓东 市科协党组成员、秘书长", "欧阳晓东", "市科协党组成员、秘书长")]
    public void Speaker_lines_are_read_in_their_usual_forms(string line, string speaker, string posts) =>
        Assert.Equal((speaker, posts), DigestParser.ParseSpeakerLine(line));

    [Theory]
    [InlineData("深入学习贯彻党的二十大精神 团结凝聚广大职工为推动首都高质量发展贡献力量")]
    [InlineData("注重“三个统筹” 求实创新谋划和推进工会重点工作")]
    [InlineData("结合分管工作实际，谈以下几点认识和思考：")]
    [InlineData("坚持守正创新 勇于担当")]
    public void Headings_and_prose_are_not_speaker_lines(string line) => Assert.Null(DigestParser.ParseSpeakerLine(line));
}
