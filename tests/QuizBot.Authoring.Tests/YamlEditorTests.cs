using QuizBot.Authoring.Yaml;
using QuizBot.Core.Questions;

namespace QuizBot.Authoring.Tests;

public sealed class YamlEditorTests
{
    private const string File = """
        # Comments are kept by the review tool.
        speech:
          id: s1                     # stable id
          speaker: 张良
          posts: 北京市总工会党组书记、副主席
          title: 标题
        questions:
          # first question
          - id: s1-cloze-001         # never reused
            kind: cloze
            status: draft            # draft | approved | rejected
            question: 张良提出：在____中推进。
            options:
              - 统筹
              # a comment inside the list
              - 改革
            answer: 0
            explanation: 原文。
            quote: 在统筹中推进

          # second question
          - id: s1-posts-001
            kind: posts
            status: draft
            question: 张良的职务是？
            options: [书记, 主席]
            answer: 0
            explanation: 说明。
            quote: 北京市总工会党组书记、副主席张良
        # trailing comment
        """;

    [Fact]
    public void Changing_a_value_keeps_every_other_line_and_the_comment_on_its_line()
    {
        var editor = new YamlEditor(File);
        var q = editor.Parse().Questions[0];
        q.Status = QuestionStatus.Approved;
        editor.Update(0, q);
        var expected = File.Replace("status: draft            # draft", "status: approved            # draft", StringComparison.Ordinal);
        Assert.Equal(expected.TrimEnd('\n') + "\n", editor.Text);
    }

    [Fact]
    public void A_new_key_is_added_to_its_question_and_removed_again()
    {
        var editor = new YamlEditor(File);
        var q = editor.Parse().Questions[0];
        q.Status = QuestionStatus.Rejected;
        q.Reason = "too easy: the answer is in the title";
        editor.Update(0, q);
        Assert.Contains("    quote: 在统筹中推进\n    reason: \"too easy: the answer is in the title\"\n\n  # second question", editor.Text);
        Assert.Equal("too easy: the answer is in the title", editor.Parse().Questions[0].Reason);
        Assert.Null(editor.Parse().Questions[1].Reason);

        q.Reason = null;
        q.Status = QuestionStatus.Draft;
        editor.Update(0, q);
        Assert.Equal(File.TrimEnd('\n') + "\n", editor.Text);
    }

    [Fact]
    public void Editing_a_block_list_rewrites_only_that_key()
    {
        var editor = new YamlEditor(File);
        var q = editor.Parse().Questions[0];
        q.Options = ["统筹", "改革", "发展: 全面"];
        q.Answer = new List<object> { "0", "2" };
        editor.Update(0, q);
        var back = editor.Parse().Questions[0];
        Assert.Equal(["统筹", "改革", "发展: 全面"], back.Options);
        Assert.Equal([0, 2], QuestionFile.ReadAnswer(back.Answer));
        Assert.Contains("    options: [统筹, 改革, \"发展: 全面\"]\n    answer: [0, 2]\n", editor.Text);
        Assert.Contains("# first question", editor.Text);
        Assert.Contains("- id: s1-cloze-001         # never reused", editor.Text);
        Assert.EndsWith("# trailing comment\n", editor.Text);
    }

    [Fact]
    public void Appending_keeps_the_indentation_and_the_trailing_comment_after_it()
    {
        var editor = new YamlEditor(File);
        var q = editor.Parse().Questions[1];
        q.Id = "s1-posts-002";
        editor.Append(q);
        var content = editor.Parse();
        Assert.Equal(["s1-cloze-001", "s1-posts-001", "s1-posts-002"], content.Questions.Select(x => x.Id));
        Assert.Contains("    quote: 北京市总工会党组书记、副主席张良\n\n  - id: s1-posts-002\n", editor.Text);
        Assert.EndsWith("# trailing comment\n", editor.Text);
    }

    [Fact]
    public void Appending_keeps_blank_lines_between_questions_when_the_file_has_them()
    {
        var editor = new YamlEditor(File);
        var q = editor.Parse().Questions[0];
        q.Id = "s1-cloze-002";
        editor.Append(q);
        Assert.Contains("张良\n\n  - id: s1-cloze-002\n", editor.Text);
    }

    [Fact]
    public void Appending_to_an_empty_list_turns_it_into_a_block_list()
    {
        var editor = new YamlEditor("speech:\n  id: s1\n  title: t\nquestions: []   # none yet\n");
        editor.Append(new QuestionFile.QuestionEntry { Id = "s1-a", Kind = "cloze", Status = "approved", Question = "q", Options = ["a", "b"], Answer = "1", Explanation = "e", Quote = "x" });
        Assert.Equal("speech:\n  id: s1\n  title: t\nquestions:   # none yet\n  - id: s1-a\n    kind: cloze\n    status: approved\n    question: q\n    options: [a, b]\n    answer: 1\n    explanation: e\n    quote: x\n", editor.Text);
    }

    [Fact]
    public void Replacing_a_question_keeps_its_leading_comment()
    {
        var editor = new YamlEditor(File);
        var q = editor.Parse().Questions[1];
        q.Question = "张良担任什么职务？";
        editor.Replace(1, q);
        Assert.Contains("  # second question\n  - id: s1-posts-001\n    kind: posts", editor.Text);
        Assert.Equal("张良担任什么职务？", editor.Parse().Questions[1].Question);
    }

    [Fact]
    public void Windows_line_ends_are_kept()
    {
        var editor = new YamlEditor(File.Replace("\n", "\r\n", StringComparison.Ordinal));
        var q = editor.Parse().Questions[1];
        q.Status = QuestionStatus.Approved;
        editor.Update(1, q);
        Assert.DoesNotContain("\r\r", editor.Text);
        Assert.Equal(editor.Text.Split('\n').Length - 1, editor.Text.Split("\r\n").Length - 1);
    }

    [Theory]
    [InlineData("plain 中文")]
    [InlineData("“引号开头”")]
    [InlineData("- dash")]
    [InlineData("a: b")]
    [InlineData("true")]
    [InlineData("123")]
    [InlineData("has \"quotes\" and \\ backslash")]
    [InlineData("#hash")]
    [InlineData(" leading space")]
    [InlineData("")]
    public void Every_string_reads_back_as_written(string value)
    {
        var q = new QuestionFile.QuestionEntry { Id = "x", Kind = "cloze", Status = "draft", Question = value, Options = [value, "b,c", "[d]"], Answer = "0", Explanation = value, Quote = value };
        var text = YamlText.File([], new QuestionFile.SpeechHeader { Id = "s1", Speaker = value, Posts = "p", Title = "t" }, [(q, [])]);
        var back = QuestionFile.Parse(text);
        Assert.Equal(value, back.Questions[0].Question);
        Assert.Equal([value, "b,c", "[d]"], back.Questions[0].Options);
        Assert.Equal(value, back.Speech.Speaker);
    }
}
