using QuizBot.Authoring.Digests;
using QuizBot.Authoring.Text;

namespace QuizBot.Authoring.Tests;

public sealed class ParserTests
{
    private static readonly Digest Seed = DigestParser.Parse(Repo.SeedText, Repo.Errata, "seed");
    private static readonly Digest Plain = DigestParser.Parse(Repo.PlainDigest, Errata.None, "plain");
    private static readonly Digest Spaced = DigestParser.Parse(Repo.TestDigest("spaced-digest.txt"), Errata.None, "spaced");
    private static readonly Digest Markdown = DigestParser.Parse(Repo.TestDigest("markdown-digest.md"), Errata.None, "markdown");

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

    [Fact]
    public void The_seed_and_the_plain_digest_leave_the_reader_in_no_doubt()
    {
        Assert.Empty(Seed.Doubts);
        Assert.Empty(Plain.Doubts);
    }

    [Fact]
    public void Spaced_names_unlisted_posts_and_headings_in_quotation_marks_naming_an_organisation_or_on_two_lines_start_speeches()
    {
        Assert.Equal(
            [("李明", "市政协委员、江川区政协主席", "“小切口”撬动“大民生”"),
             ("王志远", "江城学院原教务长", "江城学院是我成长的摇篮"),
             ("高峰", "市政协常委、市商务局副局长", "让老字号焕发新活力"),
             ("黄河", "市政协委员、市水务集团总工程师", "守护好一江碧水 ——关于加强江城水环境治理的建议"),
             ("金华", "东湖街道新村社区", "争当为民服务的勤务员 暖心"),
             ("方圆", "市政协委员、市实验小学教师", "“一老一小”是最大的民生")],
            Spaced.Speeches.Select(s => (s.Speaker, s.Posts, s.Title)));
        Assert.Empty(Spaced.Doubts);
        Assert.StartsWith("过去一年，江川区政协聚焦", Spaced.Speeches[0].Paragraphs[0]);
        Assert.StartsWith("我在江城学院工作了三十多年", Spaced.Speeches[1].Paragraphs[0]);
        Assert.All(Spaced.Speeches, s => Assert.Equal(3, s.Paragraphs.Count));
    }

    [Fact]
    public void A_speaker_line_whose_posts_end_with_no_post_word_is_taken_by_its_place_and_reported()
    {
        var raw = Repo.TestDigest("spaced-digest.txt").Replace("江城学院原教务长 王志远", "江城市民营企业家 王志远", StringComparison.Ordinal);
        var digest = DigestParser.Parse(raw, Errata.None);
        Assert.Equal(6, digest.Speeches.Count);
        Assert.Equal(("王志远", "江城市民营企业家"), (digest.Speeches[1].Speaker, digest.Speeches[1].Posts));
        Assert.StartsWith("我在江城学院工作了三十多年", digest.Speeches[1].Paragraphs[0]);
        var doubt = Assert.Single(digest.Doubts);
        Assert.StartsWith("line 13 “江城市民营企业家 王志远” is taken as the speaker line of speech 2 (王志远) by its place", doubt);
    }

    [Fact]
    public void Section_headings_inside_a_speech_do_not_start_a_speech()
    {
        var raw = Repo.TestDigest("spaced-digest.txt").Replace("我们的体会有三点：", "下一步工作打算\n重点抓好 三件事\n（一）加强 党建\n我们的体会有三点：", StringComparison.Ordinal);
        var digest = DigestParser.Parse(raw, Errata.None);
        Assert.Equal(6, digest.Speeches.Count);
        Assert.Empty(digest.Doubts);
        Assert.Contains(digest.Speeches[0].Paragraphs, p => p.Contains("三件事", StringComparison.Ordinal));
    }

    [Fact]
    public void A_layout_with_the_speaker_line_above_the_heading_is_read_too()
    {
        var digest = DigestParser.Parse(Repo.TestDigest("speaker-first.txt"), Errata.None);
        Assert.Equal(
            [("李明", "市人大代表、江城市东湖区区长", "“小切口”撬动“大民生”"),
             ("阿依古丽·买买提", "市人大代表、江城大学教授", "让科技创新跑出加速度"),
             ("常青", "市人大代表、江城机床厂高级技师", "匠心铸就精品")],
            digest.Speeches.Select(s => (s.Speaker, s.Posts, s.Title)));
        Assert.Empty(digest.Doubts);
        Assert.StartsWith("3月5日", Assert.Single(digest.Intro));
        Assert.Equal(["我从一名普通学徒干起，三十年来只做一件事，就是把零件加工到极致。"], digest.Speeches[2].Paragraphs);
    }

    [Fact]
    public void Editorial_lines_after_the_last_speech_are_no_ones_words()
    {
        var last = Spaced.Speeches[^1].Paragraphs;
        Assert.EndsWith("让每一个孩子都能健康快乐成长。", last[^1]);
        var everything = string.Concat(Spaced.Intro.Concat(Spaced.Speeches.SelectMany(s => s.Paragraphs)));
        foreach (var editorial in new[] { "按发言顺序排列", "江城日报", "第3版", "责任编辑", "周洁" })
            Assert.DoesNotContain(editorial, everything);
        Assert.DoesNotContain("周洁", string.Concat(Markdown.Speeches[^1].Paragraphs));
    }

    [Fact]
    public void A_markdown_digest_with_spaced_names_and_unlisted_posts_has_every_speech()
    {
        Assert.Equal(
            [("常青", "江城机床厂高级技师", "“匠心”铸就精品"),
             ("夏雨", "江城公交集团驾驶员", "江城公交是我的家"),
             ("林森", "江城市农业科学院研究员", "扎根田野 服务乡亲")],
            Markdown.Speeches.Select(s => (s.Speaker, s.Posts, s.Title)));
        Assert.Empty(Markdown.Doubts);
        Assert.All(Markdown.Speeches, s => Assert.Equal(2, s.Paragraphs.Count));
    }

    // A digest whose second speaker line (line 8) has no heading before it, and which says three spoke.
    private static readonly string HeadingMissing = Repo.TestDigest("heading-missing.txt");

    [Fact]
    public void A_speaker_line_inside_a_speech_is_reported_and_what_follows_is_credited_to_no_one()
    {
        var digest = DigestParser.Parse(HeadingMissing, Errata.None);
        Assert.Equal(["陈明远", "欧阳晓东"], digest.Speeches.Select(s => s.Speaker));
        Assert.Equal(2, digest.Speeches[0].Paragraphs.Count);
        Assert.DoesNotContain(digest.Speeches.SelectMany(s => s.Paragraphs), p => p.Contains("科普", StringComparison.Ordinal));
        Assert.Equal(2, digest.Doubts.Count);
        Assert.StartsWith("line 8 “市科协党组成员、副主席 林 雪” in speech 1 (陈明远)", digest.Doubts[0]);
        Assert.Contains("the line before it is not a heading", digest.Doubts[0]);
        Assert.StartsWith("the digest says 3 spoke (“3位同志作了交流发言”) but 2 speeches were found", digest.Doubts[1]);
    }

    [Fact]
    public void Every_speaker_line_the_reader_passes_over_is_reported_not_only_the_first()
    {
        var digest = DigestParser.Parse(HeadingMissing.Replace("做好“三个结合” 提升学会服务能力\n", "", StringComparison.Ordinal), Errata.None);
        Assert.Equal(["陈明远"], digest.Speeches.Select(s => s.Speaker));
        Assert.Equal(3, digest.Doubts.Count);
        Assert.StartsWith("line 8 “市科协党组成员、副主席 林 雪”", digest.Doubts[0]);
        Assert.StartsWith("line 10 “欧阳晓东 市科协党组成员、秘书长”", digest.Doubts[1]);
        Assert.StartsWith("the digest says 3 spoke", digest.Doubts[2]);
        Assert.Equal(2, digest.Speeches[0].Paragraphs.Count);
    }

    [Fact]
    public void A_speaker_line_run_into_its_first_paragraph_is_reported()
    {
        var digest = DigestParser.Parse(HeadingMissing.Replace("副主席 林 雪\n", "副主席 林 雪 ", StringComparison.Ordinal), Errata.None);
        Assert.Equal(["陈明远", "欧阳晓东"], digest.Speeches.Select(s => s.Speaker));
        Assert.StartsWith("line 8 in speech 1 (陈明远) starts with “市科协党组成员、副主席 林 雪”", digest.Doubts[0]);
        Assert.DoesNotContain(digest.Speeches.SelectMany(s => s.Paragraphs), p => p.Contains("科普", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("市政协委员、江川区政协主席 李 明", "李明", "市政协委员、江川区政协主席")]
    [InlineData("江城学院原教务长 王志远", "王志远", "江城学院原教务长")]
    [InlineData("市政协委员、市实验小学教师 方 圆", "方圆", "市政协委员、市实验小学教师")]
    [InlineData("市政协常委、市商务局副局长　高 峰", "高峰", "市政协常委、市商务局副局长")]
    [InlineData("东湖街道新村社区 金 华", "金华", "东湖街道新村社区")]
    [InlineData("黄 河（市水务集团总工程师）", "黄河", "市水务集团总工程师")]
    [InlineData("王 志 远 江城学院原院长", "王志远", "江城学院原院长")]
    [InlineData("全国政协委员，江城市“第一书记” 夏 雨", "夏雨", "全国政协委员，江城市“第一书记”")]
    public void Speaker_lines_with_spaced_names_or_posts_outside_the_list_are_read(string line, string speaker, string posts) =>
        Assert.Equal((speaker, posts), DigestParser.ParseSpeakerLine(line));

    [Theory]
    [InlineData("“小切口”撬动“大民生”")]
    [InlineData("江城学院是我成长的摇篮")]
    [InlineData("人民法院 我的家")]
    [InlineData("不忘初心 牢记使命")]
    [InlineData("深化改革 加强管理")]
    [InlineData("江城日报 2024年1月17日 第3版")]
    [InlineData("责任编辑：周 洁")]
    [InlineData("让 我 们 携手前行")]
    public void Headings_with_quotation_marks_organisations_or_two_phrases_are_not_speaker_lines(string line) =>
        Assert.Null(DigestParser.ParseSpeakerLine(line));

    [Theory]
    [InlineData("（按发言顺序排列）", true)]
    [InlineData("江城日报 2024年1月17日 第3版", true)]
    [InlineData("《人民政协报》2023年3月6日 第5版", true)]
    [InlineData("责任编辑：周 洁", true)]
    [InlineData("编辑 周 洁", true)]
    [InlineData("（一）", false)]
    [InlineData("（二）坚持面向基层、面向青少年。", false)]
    [InlineData("数字政府建设迈入2.0版", false)]
    [InlineData("设计 引领未来", false)]
    public void Editorial_lines_are_told_from_the_text(string line, bool editorial) =>
        Assert.Equal(editorial, SeedText.IsEditorial(line));
}
