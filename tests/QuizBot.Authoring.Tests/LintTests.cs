using QuizBot.Authoring.Lint;

namespace QuizBot.Authoring.Tests;

public sealed class LintTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public LintTests() => _repo.CopySeed();

    public void Dispose() => _repo.Dispose();

    private const string Header = """
        # a comment
        speech:
          id: s1
          speaker: 张良
          posts: 北京市总工会党组书记、副主席
          title: 深入学习贯彻党的二十大精神 团结凝聚广大职工为推动首都高质量发展贡献力量
        questions:

        """;

    private static string Question(string id, string question = "张良提出，2023年要做到在大局中谋划、在____中推进、在实践中创新。",
        string options = "[统筹, 改革, 发展, 落实]", string answer = "0", string kind = "cloze", string status = "approved",
        string quote = "做到在大局中谋划、在统筹中推进、在实践中创新，全面谋划推动各项重点工作。",
        string explanation = "张良在讲话中提出“在大局中谋划、在统筹中推进、在实践中创新”。", string? family = null) => $"""
          - id: {id}
            kind: {kind}{(family is null ? "" : $"\n    family: {family}")}
            status: {status}
            question: {question}
            options: {options}
            answer: {answer}
            explanation: {explanation}
            quote: {quote}

        """;

    private static string Speech2(string questions) => Header.Replace("id: s1", "id: s2", StringComparison.Ordinal)
        .Replace("speaker: 张良", "speaker: 潘建新", StringComparison.Ordinal) + questions;

    private (int Exit, string Output) Lint(string? dir = null)
    {
        var output = new StringWriter();
        var exit = LintCommand.Run([dir ?? _repo.Questions], output);
        return (exit, output.ToString());
    }

    [Fact]
    public void A_clean_bank_passes()
    {
        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001"));
        var (exit, output) = Lint();
        Assert.Equal(0, exit);
        Assert.Contains("1 questions", output);
    }

    [Fact]
    public void An_empty_bank_passes_with_nothing_to_check() => Assert.Equal(0, Lint().Exit);

    [Fact]
    public void Invalid_YAML_and_unknown_keys_are_format_problems()
    {
        _repo.Write("questions/a.yaml", "speech: [unclosed\n");
        _repo.Write("questions/b.yaml", Header + Question("s1-cloze-001").Replace("kind:", "knid:", StringComparison.Ordinal));
        var (exit, output) = Lint();
        Assert.Equal(1, exit);
        Assert.Contains("a.yaml: not valid YAML at line", output);
        Assert.Contains("b.yaml: not valid YAML at line", output);
    }

    [Fact]
    public void Telegram_limits_are_checked_with_file_id_and_rule()
    {
        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001", question: new string('问', 281) + "____"));
        var (exit, output) = Lint();
        Assert.Equal(1, exit);
        Assert.Contains("s1.yaml [s1-cloze-001]: question must be 1–280 characters", output);
    }

    [Fact]
    public void Ids_must_be_unique_across_files()
    {
        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001"));
        _repo.Write("questions/s2.yaml", Header.Replace("id: s1", "id: s2", StringComparison.Ordinal)
            + Question("s1-cloze-001", question: "另一道完全不同的题目，问的是____这个词，和别的题没有关系。"));
        var (exit, output) = Lint();
        Assert.Equal(1, exit);
        Assert.Contains("s2.yaml [s1-cloze-001]: id is already used in s1.yaml", output);
    }

    [Fact]
    public void Duplicate_and_near_duplicate_questions_are_reported()
    {
        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001") + Question("s1-cloze-002")
            + Question("s1-cloze-003", question: "张良提出，2023年要做到在____中谋划、在统筹中推进、在实践中创新。", options: "[大局, 改革, 发展, 落实]"));
        var (_, output) = Lint();
        Assert.Contains("[s1-cloze-002]: duplicate of s1-cloze-001 in s1.yaml", output);
        Assert.Contains("[s1-cloze-003]: near-duplicate (similarity", output);
    }

    [Fact]
    public void A_rejected_question_is_not_compared_or_checked_editorially()
    {
        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001")
            + Question("s1-cloze-002", status: "rejected", quote: "不在种子里的一句话").Replace("quote:", "reason: 重复\n    quote:", StringComparison.Ordinal));
        Assert.Equal(0, Lint().Exit);
    }

    [Fact]
    public void An_answer_index_out_of_range_is_reported()
    {
        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001", answer: "4"));
        Assert.Contains("[s1-cloze-001]: answer 4 is not a valid set of indexes", Lint().Output);
    }

    [Fact]
    public void A_quote_must_be_found_in_the_seeds_after_normalisation()
    {
        // Spaces and line breaks do not matter: the seed reads "引\n\n领".
        _repo.Write("questions/s1.yaml", Header
            + Question("s1-cloze-001", question: "张良提出，要加强职工思想政治____。", options: "[引领, 宣传, 服务, 建设]",
                quote: "加强职工思想政治 引领；二是圆满完成北京冬奥会", explanation: "张良回顾2022年工作时这样说。")
            + Question("s1-cloze-002", quote: "做到在大局中谋划、在统筹中推进、在实践中发展"));
        var (_, output) = Lint();
        Assert.DoesNotContain("[s1-cloze-001]", output);
        Assert.Contains("[s1-cloze-002]: quote not found in seeds/", output);
    }

    [Fact]
    public void A_quote_showing_a_source_typo_is_reported_with_its_correction()
    {
        _repo.Write("questions/s9.yaml", Header + Question("s9-cloze-001", question: "司建提出，党有底气、勇气和____进行自我革命。",
            options: "[骨气, 志气, 正气, 锐气]", quote: "使我们党有底气、勇气和勇气进行自我革命"));
        var (exit, output) = Lint();
        Assert.Equal(1, exit);
        Assert.Contains("[s9-cloze-001]: quote shows the source typo '底气、勇气和勇气'; write '底气、勇气和骨气'", output);
    }

    [Fact]
    public void An_avoided_passage_may_not_be_quoted()
    {
        _repo.Write("questions/s3.yaml", Header + Question("s3-cloze-001", question: "王敬东提出，第三，要“____”学习贯彻落实党的二十大精神。",
            options: "[用力, 用心, 用情, 用功]", quote: "第三，要“用力”学习贯彻落实党的二十大精神。首先，要有争分夺秒的干劲。"));
        Assert.Contains("[s3-cloze-001]: quote lies in a passage seeds/errata.yaml marks avoid", Lint().Output);
    }

    [Fact]
    public void A_cloze_answer_must_be_in_its_quote()
    {
        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001", quote: "全面谋划推动各项重点工作。"));
        Assert.Contains("[s1-cloze-001]: cloze answer '统筹' is not in its quote", Lint().Output);
    }

    [Fact]
    public void Only_files_directly_in_the_folder_are_linted_and_drafts_can_be_linted_on_their_own()
    {
        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001"));
        _repo.Write("questions/drafts/01-s1.yaml", Header + Question("s1-cloze-001", status: "draft", answer: "9"));
        Assert.Equal(0, Lint().Exit);
        var (exit, output) = Lint(_repo.Drafts);
        Assert.Equal(1, exit);
        Assert.Contains("01-s1.yaml [s1-cloze-001]: answer 9", output);
    }

    [Fact]
    public void Seeds_are_found_above_the_drafts_folder() =>
        Assert.Equal(Path.GetFullPath(_repo.Seeds), LintCommand.FindSeeds(_repo.Drafts));

    [Fact]
    public void An_answer_shown_by_another_question_is_a_give_away_unless_both_share_a_family()
    {
        const string giver = "判断：张良提出，2023年要在统筹中推进各项重点工作。";
        const string otherQuote = "2023年，我们要深入学习贯彻党的二十大精神";
        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001")
            + Question("s1-judge-001", kind: "judgement", question: giver, options: "[正确, 错误]", quote: otherQuote, explanation: "正确。"));
        var (exit, output) = Lint();
        Assert.Equal(1, exit);
        Assert.Contains("s1.yaml [s1-judge-001]: its question gives away the answer '统筹' of s1-cloze-001 (s1.yaml); share a family or reword", output);

        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001", family: "s1-plan")
            + Question("s1-judge-001", kind: "judgement", question: giver, options: "[正确, 错误]", quote: otherQuote, explanation: "正确。", family: "s1-plan"));
        Assert.Equal(0, Lint().Exit);
    }

    [Fact]
    public void Another_speech_gives_an_answer_away_only_when_it_names_the_answer_s_speaker_and_an_ordinal_is_not_a_count()
    {
        var answer = Question("s1-reasoning-001", kind: "reasoning", question: "张良说2023年做到“三个中”，是为了什么？",
            options: "[全面谋划推动各项重点工作, 推动首都工会事业高质量发展]", quote: "全面谋划推动各项重点工作。", explanation: "原文如此。")
            + Question("s1-enumeration-001", kind: "enumeration", question: "张良的讲话分为几点？", options: "[两点, 三点, 四点]", answer: "1",
                quote: "第三，始终坚持自我革命的政治品格，不断提高履职能力", explanation: "用“第一”“第二”“第三”分点。")
            + Question("s1-attribution-001", kind: "attribution", question: "“始终坚持自我革命的政治品格”是谁讲话的第三点？", options: "[张良, 潘建新]",
                quote: "始终坚持自我革命的政治品格", explanation: "是张良，这是他讲话的第三点。");
        const string quote = "第三，坚持问题导向，抓实机关党建工作。";
        _repo.Write("questions/s1.yaml", Header + answer);
        _repo.Write("questions/s2.yaml", Speech2(Question("s2-judge-001", kind: "judgement", question: "判断：潘建新提出要全面谋划推动各项重点工作。",
            options: "[正确, 错误]", answer: "1", quote: quote, explanation: "错误。")));
        Assert.Equal(0, Lint().Exit);

        _repo.Write("questions/s2.yaml", Speech2(Question("s2-judge-001", kind: "judgement", question: "判断：张良和潘建新都提出要全面谋划推动各项重点工作。",
            options: "[正确, 错误]", answer: "1", quote: quote, explanation: "错误。")));
        Assert.Contains("s2.yaml [s2-judge-001]: its question gives away the answer '全面谋划推动各项重点工作' of s1-reasoning-001", Lint().Output);
    }

    [Fact]
    public void Questions_quoting_one_passage_must_share_a_family()
    {
        var reasoning = (string? family) => Question("s1-reasoning-001", kind: "reasoning", question: "张良说2023年做到“三个中”，是为了什么？",
            options: "[全面谋划推动各项重点工作, 推动首都工会事业高质量发展]", explanation: "原文如此。", family: family);
        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001") + reasoning(null));
        Assert.Contains("s1.yaml [s1-reasoning-001]: quotes the same passage as s1-cloze-001 (s1.yaml); questions on one fact share a family", Lint().Output);

        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001", family: "s1-way") + reasoning("s1-way"));
        Assert.Equal(0, Lint().Exit);
    }

    [Fact]
    public void A_right_answer_serving_more_than_three_questions_of_one_kind_is_a_pattern()
    {
        string[] quotes = ["2022年是党的二十大召开之年，是北京冬奥之年。", "同时，信息化、干部队伍建设、对口援助等多项工作也取得显著成效。",
            "要加强职工队伍风险隐患排查化解，切实维护劳动领域政治安全。", "要牢牢把握团结奋斗的时代要求"];
        _repo.Write("questions/s1.yaml", Header + string.Concat(quotes.Select((quote, i) => Question($"s1-attribution-00{i}", kind: "attribution",
            question: $"第{i + 1}题：“{quote}”这句话出自谁的讲话？", options: "[张良, 潘建新]", quote: quote, explanation: "是张良。"))));
        var (exit, output) = Lint();
        Assert.Equal(1, exit);
        Assert.Contains("kind attribution: the right answer '张良' serves 4 questions (s1-attribution-000, s1-attribution-001, "
            + "s1-attribution-002, s1-attribution-003); at most 3", output);
    }

    [Fact]
    public void The_bank_goals_are_checked_with_goals_and_the_figures_are_always_shown()
    {
        _repo.Write("questions/s1.yaml", Header + Question("s1-cloze-001"));
        var (exit, output) = Lint();
        Assert.Equal(0, exit);
        Assert.Contains("bank: 1 approved, 1 families, 0 with several right answers, wording checks 100.0%", output);
        Assert.Contains("most frequent right answer '统筹' ×1; most frequent right position 0 ×1", output);

        var goals = new StringWriter();
        Assert.Equal(1, LintCommand.Run([_repo.Questions, "--goals"], goals));
        Assert.Contains("goal: at least 300 approved questions (has 1)", goals.ToString());
        Assert.Contains("s1.yaml: goal: at least 25 approved questions per speech (has 1)", goals.ToString());
        Assert.Contains("goal: at least 20 approved comparison questions (has 0)", goals.ToString());
        Assert.Contains("goal: at least 20 questions with several right answers (has 0)", goals.ToString());
        Assert.Contains("goal: wording checks (cloze, judgement) at most 40.0% of the bank (has 100.0%)", goals.ToString());
    }
}
