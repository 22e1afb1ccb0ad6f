using QuizBot.Core.Questions;

namespace QuizBot.Core.Tests;

public sealed class BankRulesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bank-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Header = """
        speech:
          id: s1
          speaker: 张三
          posts: 某某工会主席
          title: 一篇讲话
        questions:
        """;

    private static string Question(string id = "s1-q1", string kind = "cloze", string status = "approved", string question = "问题____？",
        string options = "[甲, 乙, 丙]", string answer = "0", string explanation = "因为原文如此。", string quote = "原文甲") => $"""
          - id: {id}
            kind: {kind}
            status: {status}
            question: "{question}"
            options: {options}
            answer: {answer}
            explanation: "{explanation}"
            quote: "{quote}"

        """;

    private BankLoadResult LoadWith(params string[] files)
    {
        for (var i = 0; i < files.Length; i++) File.WriteAllText(Path.Combine(_folder, $"f{i}.yaml"), files[i]);
        return QuestionBank.Load(_folder);
    }

    private void AssertRejected(string rulePart, string file)
    {
        var result = LoadWith(file);
        Assert.Null(result.Bank);
        Assert.Contains(result.Problems, p => p.Rule.Contains(rulePart, StringComparison.Ordinal) && p.File == "f0.yaml");
    }

    [Fact]
    public void A_valid_file_loads_its_approved_questions_only()
    {
        var result = LoadWith(Header + "\n" + Question() + Question(id: "s1-q2", status: "draft"));
        Assert.Empty(result.Problems);
        var q = Assert.Single(result.Bank!.Approved);
        Assert.Equal("s1-q1", q.Id);
        Assert.Equal("张三", q.Speech.Speaker);
    }

    [Fact]
    public void A_missing_folder_is_reported() =>
        Assert.Contains("does not exist", Assert.Single(QuestionBank.Load(Path.Combine(_folder, "none")).Problems).Rule);

    [Fact]
    public void Broken_yaml_is_reported_with_its_line() => AssertRejected("not valid YAML", Header + "\n  - id: [unclosed\n");

    [Fact]
    public void An_unknown_key_is_rejected() => AssertRejected("not valid YAML", Header + "\n" + Question() + "    answr: 1\n");

    [Fact]
    public void A_speech_without_a_speaker_is_rejected() =>
        AssertRejected("speech.speaker is missing", Header.Replace("speaker: 张三", "speaker: \"\"") + "\n" + Question());

    [Fact]
    public void A_bad_id_is_rejected() => AssertRejected("id must be", Header + "\n" + Question(id: "S1 Q1"));

    [Fact]
    public void An_unknown_kind_is_rejected() => AssertRejected("kind 'riddle'", Header + "\n" + Question(kind: "riddle"));

    [Fact]
    public void An_unknown_status_is_rejected() => AssertRejected("status 'maybe'", Header + "\n" + Question(status: "maybe"));

    [Fact]
    public void A_question_over_the_limit_is_rejected() =>
        AssertRejected("question must be", Header + "\n" + Question(question: new string('问', BankRules.MaxQuestionLength + 1)));

    [Fact]
    public void A_quiz_with_one_option_is_rejected() => AssertRejected("needs 2–12 options", Header + "\n" + Question(options: "[甲]"));

    [Fact]
    public void A_quiz_with_thirteen_options_is_rejected() =>
        AssertRejected("needs 2–12 options", Header + "\n" + Question(options: "[" + string.Join(", ", Enumerable.Range(1, 13)) + "]"));

    [Fact]
    public void An_option_over_100_characters_is_rejected() =>
        AssertRejected("option 1 must be", Header + "\n" + Question(options: $"[甲, {new string('乙', 101)}]"));

    [Fact]
    public void Duplicate_options_are_rejected() => AssertRejected("two options are the same", Header + "\n" + Question(options: "[甲, 甲, 丙]"));

    [Fact]
    public void An_answer_index_out_of_range_is_rejected() => AssertRejected("not a valid set of indexes", Header + "\n" + Question(answer: "3"));

    [Fact]
    public void A_non_numeric_answer_is_rejected() => AssertRejected("answer must be", Header + "\n" + Question(answer: "甲"));

    [Fact]
    public void Several_right_answers_are_allowed_as_a_list()
    {
        var result = LoadWith(Header + "\n" + Question(answer: "[2, 0]"));
        Assert.Equal([0, 2], result.Bank!.Approved[0].Answer);
    }

    [Fact]
    public void A_family_is_loaded_and_shared_questions_have_one_family_key()
    {
        var result = LoadWith(Header + "\n" + Question().Replace("    kind:", "    family: s1-plan\n    kind:", StringComparison.Ordinal)
            + Question(id: "s1-q2").Replace("    kind:", "    family: s1-plan\n    kind:", StringComparison.Ordinal) + Question(id: "s1-q3"));
        Assert.Empty(result.Problems);
        Assert.Equal(["s1-plan", "s1-plan", "s1-q3"], result.Bank!.Approved.Select(q => q.FamilyKey));
    }

    [Fact]
    public void A_bad_family_is_rejected() =>
        AssertRejected("family must be", Header + "\n" + Question().Replace("    kind:", "    family: S1 Plan\n    kind:", StringComparison.Ordinal));

    [Fact]
    public void A_multiple_question_needs_two_right_options_and_a_wrong_one()
    {
        AssertRejected("at least two right options", Header + "\n" + Question(kind: "multiple", answer: "[0]"));
        AssertRejected("at least two right options", Header + "\n" + Question(kind: "multiple", answer: "[0, 1, 2]"));
        Assert.Empty(LoadWith(Header + "\n" + Question(kind: "multiple", answer: "[0, 2]")).Problems);
    }

    [Fact]
    public void An_explanation_over_200_characters_is_rejected() =>
        AssertRejected("explanation must be", Header + "\n" + Question(explanation: new string('解', 201)));

    [Fact]
    public void An_explanation_with_three_line_feeds_is_rejected() =>
        AssertRejected("at most 2 line feeds", Header + "\n" + Question(explanation: "一\\n二\\n三\\n四"));

    [Fact]
    public void An_approved_question_without_a_quote_is_rejected() => AssertRejected("needs its source quote", Header + "\n" + Question(quote: ""));

    [Fact]
    public void An_id_used_twice_across_files_is_rejected()
    {
        var result = LoadWith(Header + "\n" + Question(), Header + "\n" + Question());
        Assert.Contains(result.Problems, p => p.File == "f1.yaml" && p.QuestionId == "s1-q1" && p.Rule.Contains("already used in f0.yaml"));
    }

    [Fact]
    public void The_shipped_bank_is_valid_and_covers_every_speech()
    {
        var folder = Path.Combine(RepoRoot(), "questions");
        var result = QuestionBank.Load(folder);
        Assert.Empty(result.Problems);
        var bank = result.Bank!;
        // The second edition's targets (issue 13; lint --goals checks the rest): 300 questions, every speech at least 25.
        Assert.True(bank.Approved.Count >= 300, $"the bank has {bank.Approved.Count} approved questions");
        var perSpeech = bank.Approved.Where(q => !q.Speech.IsMeeting).GroupBy(q => q.Speech.Id).ToList();
        Assert.Equal(9, perSpeech.Count);
        Assert.All(perSpeech, g => Assert.True(g.Count() >= 25, $"{g.Key} has {g.Count()} questions"));
        Assert.Contains(bank.Approved, q => q.Answer.Count > 1);
        Assert.True(bank.Approved.Select(q => q.FamilyKey).Distinct().Count() < bank.Approved.Count, "some questions share a family");
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QuizBot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("QuizBot.sln not found above the test binaries");
    }
}
