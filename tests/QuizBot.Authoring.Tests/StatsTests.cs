using Microsoft.Data.Sqlite;
using QuizBot.Authoring.Stats;

namespace QuizBot.Authoring.Tests;

public sealed class StatsTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        _repo.Dispose();
    }

    private const string Bank = """
        speech: {id: s1, speaker: 张良, posts: 书记, title: 题目}
        questions:
          - id: s1-cloze-001
            kind: cloze
            status: approved
            question: 在____中推进
            options: [统筹, 改革, 发展, 落实]
            answer: 0
            explanation: 统筹。
            quote: 在统筹中推进
          - id: s1-posts-001
            kind: posts
            status: draft
            question: 张良的职务是？
            options: [书记, 主席]
            answer: 0
            explanation: 书记。
            quote: 书记张良
          - id: s1-title-001
            kind: title
            status: rejected
            question: 题目？
            options: [题目, 别的]
            answer: 0
            explanation: 题目。
            quote: 题目
            reason: 太简单
        """;

    [Fact]
    public void Counts_are_given_per_speech_kind_and_status_for_the_bank_and_its_drafts()
    {
        _repo.Write("questions/s1.yaml", Bank);
        _repo.Write("questions/drafts/01-s1.yaml", Bank);
        var output = new StringWriter();
        Assert.Equal(0, StatsCommand.Run([_repo.Questions], output));
        var text = output.ToString();
        Assert.Contains($"Questions in {_repo.Questions}", text);
        Assert.Contains("Drafts in", text);
        Assert.Matches(@"s1\s+s1\.yaml\s+1\s+1\s+1\s+3", text);
        Assert.Matches(@"cloze\s+0\s+1\s+0\s+1", text);
        Assert.Matches(@"all\s+1\s+1\s+1\s+3", text);
        Assert.Contains("families: 1 among 1 approved; 0 shared by several questions", text);
    }

    private string SeededDatabase()
    {
        var db = Path.Combine(_repo.Root, "quizbot.db");
        using (var connection = new SqliteConnection($"Data Source={db}"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = File.ReadAllText(Path.Combine(Repo.Root, "src/QuizBot/Storage/Migrations/Sqlite/001_initial.sql"));
            create.ExecuteNonQuery();
            var answers = new (string Question, string Chosen, int Correct)[]
            {
                ("s1-cloze-001", "0", 1), ("s1-cloze-001", "1", 0), ("s1-cloze-001", "1", 0), ("s1-cloze-001", "3", 0),
                ("s1-posts-001", "0", 1), ("gone-001", "2", 0),
            };
            for (var i = 0; i < answers.Length; i++)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO answers (poll_id, user_id, chat_id, round_id, question_id, chosen, is_correct, points, elapsed_ms, answered_at)
                    VALUES ($poll, $user, 1, 1, $question, $chosen, $correct, 0, 1000, 0)
                    """;
                insert.Parameters.AddWithValue("$poll", $"p{i}");
                insert.Parameters.AddWithValue("$user", i);
                insert.Parameters.AddWithValue("$question", answers[i].Question);
                insert.Parameters.AddWithValue("$chosen", answers[i].Chosen);
                insert.Parameters.AddWithValue("$correct", answers[i].Correct);
                insert.ExecuteNonQuery();
            }
        }
        return db;
    }

    [Fact]
    public void With_a_database_each_question_shows_its_share_right_its_discrimination_and_the_wrong_options_picked()
    {
        _repo.Write("questions/s1.yaml", Bank);
        var db = SeededDatabase();
        var output = new StringWriter();
        Assert.Equal(0, StatsCommand.Run([_repo.Questions, "--db", db], output));
        var lines = output.ToString().Split('\n');
        var cloze = Assert.Single(lines, l => l.Contains("s1-cloze-001", StringComparison.Ordinal));
        // Six people, one answer each; upper 27% (2): users 0 and 4, who answered right; lower: users 3 and 5.
        Assert.Matches(@"s1-cloze-001\s+4\s+25%\s+1\.00\s+1\) 改革 ×2; 3\) 落实 ×1$", cloze);
        Assert.Contains("6 answers by 6 people", output.ToString());
        Assert.Matches(@"s1-posts-001\s+1\s+100%", Assert.Single(lines, l => l.Contains("s1-posts-001", StringComparison.Ordinal)));
        Assert.Contains("(not in the bank)", Assert.Single(lines, l => l.Contains("gone-001", StringComparison.Ordinal)));
        // Weakest first.
        Assert.True(Array.FindIndex(lines, l => l.Contains("gone-001", StringComparison.Ordinal))
            < Array.FindIndex(lines, l => l.Contains("s1-posts-001", StringComparison.Ordinal)));
    }

    [Fact]
    public void Questions_with_enough_answers_are_flagged_with_the_distractor_nobody_picked()
    {
        _repo.Write("questions/s1.yaml", Bank);
        var db = SeededDatabase();
        var output = new StringWriter();
        Assert.Equal(0, StatsCommand.Run([_repo.Questions, "--db", db, "--min-answers", "4"], output));
        var lines = output.ToString().Split('\n');
        Assert.EndsWith("⚑ never picked: 2) 发展", Assert.Single(lines, l => l.Contains("s1-cloze-001", StringComparison.Ordinal)));
        Assert.DoesNotContain("⚑", Assert.Single(lines, l => l.Contains("s1-posts-001", StringComparison.Ordinal))); // one answer
        Assert.Contains("flagged: 1 of 3 questions (0 too easy, 0 negative D, 1 with a distractor never picked)", output.ToString());

        // The default asks for 20 answers: nothing here is flagged.
        output = new StringWriter();
        StatsCommand.Run([_repo.Questions, "--db", db], output);
        Assert.DoesNotContain("⚑", output.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("many")]
    public void A_minimum_that_is_not_a_positive_whole_number_is_a_usage_error(string min)
    {
        _repo.Write("questions/s1.yaml", Bank);
        var db = SeededDatabase();
        Assert.Throws<QuizBot.Authoring.Cli.UsageException>(() => StatsCommand.Run([_repo.Questions, "--db", db, "--min-answers", min], new StringWriter()));
    }
}
