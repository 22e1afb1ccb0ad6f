using QuizBot.Authoring.Review;
using QuizBot.Core.Questions;

namespace QuizBot.Authoring.Tests;

public sealed class ReviewTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private const string Drafts = """
        # Drafts generated for the test. Never served.
        speech:
          id: s1
          speaker: 张良
          posts: 北京市总工会党组书记、副主席
          title: 深入学习贯彻党的二十大精神 团结凝聚广大职工为推动首都高质量发展贡献力量
        questions:
          # cloze: blank 统筹 (v)
          - id: s1-cloze-g001
            kind: cloze
            status: draft
            question: 张良在讲话中提出：“在大局中谋划、在____中推进、在实践中创新”
            options: [统筹, 改革, 发展, 落实]
            answer: 0
            explanation: 原文：“在大局中谋划、在统筹中推进、在实践中创新”
            quote: 在大局中谋划、在统筹中推进、在实践中创新
          # posts
          - id: s1-posts-g001
            kind: posts
            status: draft     # untouched by review until decided
            question: 张良的职务是？
            options: [北京市总工会党组书记、副主席, 北京市总工会党组成员、副主席]
            answer: 0
            explanation: 摘登中张良的署名职务为北京市总工会党组书记、副主席。
            quote: 北京市总工会党组书记、副主席张良
          # title
          - id: s1-title-g001
            kind: title
            status: draft
            question: 张良的讲话题目是？
            options: [深入学习贯彻党的二十大精神 团结凝聚广大职工为推动首都高质量发展贡献力量, 注重“三个统筹” 求实创新谋划和推进工会重点工作]
            answer: 0
            explanation: 张良的讲话题目。
            quote: 深入学习贯彻党的二十大精神 团结凝聚广大职工为推动首都高质量发展贡献力量

        """;

    private string DraftFile => Path.Combine(_repo.Drafts, "01-s1.yaml");

    private (int Exit, string Output) Review(params string[] lines)
    {
        if (!File.Exists(DraftFile)) File.WriteAllText(DraftFile, Drafts);
        var output = new StringWriter();
        var exit = ReviewCommand.Run([DraftFile], new StringReader(string.Join("\n", lines) + "\n"), output);
        return (exit, output.ToString());
    }

    private QuestionFile Read(string path) => QuestionFile.Parse(File.ReadAllText(path));

    [Fact]
    public void Approval_is_refused_when_the_quote_is_not_in_the_seed_or_lies_in_an_avoided_passage()
    {
        _repo.CopySeed();
        File.WriteAllText(DraftFile, Drafts
            .Replace("quote: 在大局中谋划、在统筹中推进、在实践中创新", "quote: 在大局中谋划、在统筹中推进、在基层中创新", StringComparison.Ordinal)
            .Replace("quote: 北京市总工会党组书记、副主席张良", "quote: 团结引领他们爱岗敬业、敬业奉献、服务人民", StringComparison.Ordinal));
        var (exit, output) = Review("a", "r", "quote not in the seed", "a", "r", "avoided passage", "a", "q");
        Assert.Equal(0, exit);
        Assert.Contains("not approved: quote not found in seeds/", output);
        Assert.Contains("not approved: quote lies in a passage seeds/errata.yaml marks avoid", output);
        Assert.Contains("approved 1, rejected 2", output);
        var bank = Read(Path.Combine(_repo.Questions, "01-s1.yaml"));
        Assert.Equal(["s1-title-g001"], bank.Questions.Select(q => q.Id));
    }

    [Fact]
    public void Approving_a_draft_adds_it_to_a_new_bank_file_for_its_speech_and_marks_the_draft()
    {
        var (exit, output) = Review("a", "q");
        Assert.Equal(0, exit);
        Assert.Contains("approved 1, rejected 0, edited 0, skipped 0", output);

        var bank = Read(Path.Combine(_repo.Questions, "01-s1.yaml"));
        Assert.Equal("s1", bank.Speech.Id);
        var approved = Assert.Single(bank.Questions);
        Assert.Equal(("s1-cloze-g001", QuestionStatus.Approved), (approved.Id, approved.Status));
        Assert.Equal(["统筹", "改革", "发展", "落实"], approved.Options);

        var drafts = File.ReadAllText(DraftFile);
        Assert.Equal(Drafts.Replace("    status: draft\n    question: 张良在讲话中提出", "    status: approved\n    question: 张良在讲话中提出", StringComparison.Ordinal), drafts);
        Assert.Empty(QuizBot.Core.Questions.QuestionBank.Load(_repo.Questions).Problems);
    }

    [Fact]
    public void Approving_adds_to_the_existing_bank_file_of_the_speech_whatever_its_name()
    {
        var bankFile = _repo.Write("questions/s1.yaml", """
            # written by an editor
            speech:
              id: s1
              speaker: 张良
              posts: 北京市总工会党组书记、副主席
              title: 深入学习贯彻党的二十大精神 团结凝聚广大职工为推动首都高质量发展贡献力量
            questions:
              - id: s1-meeting-001   # editor's own
                kind: posts
                status: approved
                question: 会上第一个发言的是哪位同志？
                options: [张良, 潘建新]
                answer: 0
                explanation: 张良。
                quote: 北京市总工会党组书记、副主席张良
            # end of file
            """);
        Review("s", "a", "q");
        var text = File.ReadAllText(bankFile);
        Assert.StartsWith("# written by an editor\n", text);
        Assert.Contains("  - id: s1-meeting-001   # editor's own\n", text);
        Assert.EndsWith("# end of file\n", text);
        Assert.Equal(["s1-meeting-001", "s1-posts-g001"], Read(bankFile).Questions.Select(q => q.Id));
        Assert.False(File.Exists(Path.Combine(_repo.Questions, "01-s1.yaml")));
    }

    [Fact]
    public void Rejecting_asks_for_a_reason_until_one_is_given_and_keeps_the_comments()
    {
        var (_, output) = Review("s", "r", "", "  ", "the answer shows in the options", "q");
        Assert.Contains("approved 0, rejected 1, edited 0, skipped 1", output);
        var text = File.ReadAllText(DraftFile);
        Assert.Contains("    status: rejected     # untouched by review until decided\n", text);
        Assert.Contains("    quote: 北京市总工会党组书记、副主席张良\n    reason: the answer shows in the options\n  # title\n", text);
        Assert.StartsWith("# Drafts generated for the test. Never served.\n", text);
        Assert.False(Directory.EnumerateFiles(_repo.Questions, "*.yaml").Any());
    }

    [Fact]
    public void Editing_changes_question_options_answer_and_explanation_then_shows_the_draft_again()
    {
        var (_, output) = Review("e", "张良提出要在什么中推进？", "统筹", "改革", "创新", "", "0", "新的解释。", "a", "q");
        Assert.Contains("saved", output);
        Assert.Contains("approved 1, rejected 0, edited 1, skipped 0", output);
        var edited = Read(DraftFile).Questions[0];
        Assert.Equal(("张良提出要在什么中推进？", "新的解释。", QuestionStatus.Approved), (edited.Question, edited.Explanation, edited.Status));
        Assert.Equal(["统筹", "改革", "创新"], edited.Options);
        Assert.Equal("张良提出要在什么中推进？", Read(Path.Combine(_repo.Questions, "01-s1.yaml")).Questions.Single().Question);
        Assert.Contains("  # cloze: blank 统筹 (v)\n  - id: s1-cloze-g001\n", File.ReadAllText(DraftFile));
    }

    [Fact]
    public void Empty_answers_keep_every_field_of_an_edit()
    {
        Review("e", "", "", "", "", "q");
        Assert.Equal(Drafts, File.ReadAllText(DraftFile));
    }

    [Fact]
    public void An_edit_that_breaks_a_rule_is_not_saved()
    {
        var (_, output) = Review("e", "", "只有一个选项", "", "", "", "q");
        Assert.Contains("not saved: a quiz needs 2–12 options (has 1)", output);
        Assert.Equal(Drafts, File.ReadAllText(DraftFile));
    }

    [Fact]
    public void Skipping_and_quitting_leave_the_file_as_it_was_and_the_end_of_input_ends_the_session()
    {
        var (exit, output) = Review("s", "s");
        Assert.Equal(0, exit);
        Assert.Contains("approved 0, rejected 0, edited 0, skipped 2", output);
        Assert.Equal(Drafts, File.ReadAllText(DraftFile));
    }

    [Fact]
    public void Reviewed_questions_are_not_shown_again()
    {
        Review("r", "weak", "q");
        var (_, output) = Review("q");
        Assert.Contains("2 drafts of 3 questions", output);
        Assert.DoesNotContain("s1-cloze-g001", output);
    }

    [Fact]
    public void An_id_used_by_another_speech_in_the_bank_is_refused()
    {
        _repo.Write("questions/s2.yaml", """
            speech: {id: s2, speaker: 潘建新, posts: 北京市总工会党组副书记、副主席, title: 抓好工会自身改革和建设 推动新时代首都工会工作创新发展}
            questions:
              - id: s1-cloze-g001
                kind: posts
                status: approved
                question: 潘建新的职务是？
                options: [副书记, 书记]
                answer: 0
                explanation: 副书记。
                quote: 潘建新
            """);
        var (_, output) = Review("a", "q");
        Assert.Contains("not approved: id s1-cloze-g001 is already used in s2.yaml", output);
        Assert.Equal(QuestionStatus.Draft, Read(DraftFile).Questions[0].Status);
    }

    [Fact]
    public void A_near_duplicate_of_a_bank_question_is_refused()
    {
        _repo.Write("questions/s1.yaml", """
            speech: {id: s1, speaker: 张良, posts: 北京市总工会党组书记、副主席, title: 深入学习贯彻党的二十大精神 团结凝聚广大职工为推动首都高质量发展贡献力量}
            questions:
              - id: s1-cloze-001
                kind: cloze
                status: approved
                question: 张良提出：“在大局中谋划、在____中推进、在实践中创新。”
                options: [统筹, 改革]
                answer: 0
                explanation: 统筹。
                quote: 在统筹中推进
            """);
        var (_, output) = Review("a", "q");
        Assert.Contains("not approved: near-duplicate", output);
        Assert.Contains("of s1-cloze-001 in s1.yaml", output);
    }

    [Fact]
    public void A_bank_file_is_reviewed_in_place()
    {
        var path = _repo.Write("questions/s1.yaml", Drafts);
        var output = new StringWriter();
        ReviewCommand.Run([path], new StringReader("a\nq\n"), output);
        Assert.Contains("approved go to this file", output.ToString().Replace("ones ", "", StringComparison.Ordinal));
        Assert.Equal(QuestionStatus.Approved, Read(path).Questions[0].Status);
        Assert.Single(Directory.GetFiles(_repo.Questions, "*.yaml"));
    }
}
