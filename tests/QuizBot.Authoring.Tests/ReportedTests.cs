using Microsoft.Data.Sqlite;
using QuizBot.Authoring.Cli;
using QuizBot.Authoring.Review;
using QuizBot.Authoring.Stats;

namespace QuizBot.Authoring.Tests;

/// <summary>Learners' reports (the bot's 报告问题 button) as editors see them: review --reported and stats --db.</summary>
public sealed class ReportedTests : IDisposable
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
            quote: 在大局中谋划、在统筹中推进
          - id: s1-posts-001
            kind: posts
            status: approved
            question: 张良的职务是？
            options: [书记, 主席]
            answer: 0
            explanation: 书记。
            quote: 书记张良
        """;

    /// <summary>A database migrated as the bot's is (001 and 007 are all reports need), holding the given reports.</summary>
    private string Database(bool withReports = true, params (string Question, long User, string? Note, long At)[] reports)
    {
        var db = Path.Combine(_repo.Root, "quizbot.db");
        using var connection = new SqliteConnection($"Data Source={db}");
        connection.Open();
        var migrations = Path.Combine(Repo.Root, "src/QuizBot/Storage/Migrations/Sqlite");
        foreach (var script in withReports ? new[] { "001_initial.sql", "007_reports.sql" } : ["001_initial.sql"])
        {
            using var create = connection.CreateCommand();
            create.CommandText = File.ReadAllText(Path.Combine(migrations, script));
            create.ExecuteNonQuery();
        }
        using (var user = connection.CreateCommand())
        {
            user.CommandText = "INSERT INTO users (user_id, display_name, updated_at) VALUES (7, 'Dora', 0)";
            user.ExecuteNonQuery();
        }
        foreach (var (question, userId, note, at) in reports)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO reports (question_id, user_id, note, reported_at, updated_at) VALUES ($q, $u, $n, $at, $at)
                """;
            insert.Parameters.AddWithValue("$q", question);
            insert.Parameters.AddWithValue("$u", userId);
            insert.Parameters.AddWithValue("$n", (object?)note ?? DBNull.Value);
            insert.Parameters.AddWithValue("$at", at);
            insert.ExecuteNonQuery();
        }
        return db;
    }

    [Fact]
    public void Review_reported_lists_each_report_beside_the_question_and_its_quote_most_reported_first()
    {
        _repo.Write("questions/s1.yaml", Bank);
        var db = Database(true,
            ("s1-posts-001", 8, null, 1_700_000_000_000),
            ("s1-cloze-001", 7, "选项有两个都对", 1_700_000_100_000),
            ("s1-cloze-001", 9, null, 1_700_000_200_000),
            ("gone-001", 7, "旧题", 1_700_000_000_000));
        var output = new StringWriter();
        Assert.Equal(0, ReviewCommand.Run(["--reported", _repo.Questions, "--db", db], TextReader.Null, output));
        var text = output.ToString();

        Assert.Contains("4 on 3 questions", text);
        var cloze = text.IndexOf("s1-cloze-001 · cloze · approved · s1.yaml", StringComparison.Ordinal);
        var posts = text.IndexOf("s1-posts-001 · posts", StringComparison.Ordinal);
        Assert.True(cloze >= 0 && posts > cloze, text); // two reports before one
        var clozeBlock = text[cloze..posts];
        Assert.Contains("0) 统筹   ✓", clozeBlock);
        Assert.Contains("quote: 在大局中谋划、在统筹中推进", clozeBlock);
        Assert.Contains("reports: 2", clozeBlock);
        Assert.Contains("Dora (7): 选项有两个都对", clozeBlock);
        Assert.Contains("user 9: (no note)", clozeBlock);
        Assert.Contains("2023-11-14 22:16 UTC", clozeBlock);
        Assert.Contains("gone-001 · not in", text);
    }

    [Fact]
    public void Review_reported_needs_the_database()
    {
        _repo.Write("questions/s1.yaml", Bank);
        Assert.Throws<UsageException>(() => ReviewCommand.Run(["--reported", _repo.Questions], TextReader.Null, new StringWriter()));
    }

    [Fact]
    public void Stats_flags_reported_questions_and_a_database_without_reports_has_none()
    {
        _repo.Write("questions/s1.yaml", Bank);
        var db = Database(true, ("s1-cloze-001", 7, "选项有两个都对", 1_700_000_100_000), ("s1-cloze-001", 9, null, 1_700_000_200_000));
        var output = new StringWriter();
        Assert.Equal(0, StatsCommand.Run([_repo.Questions, "--db", db], output));
        Assert.Matches(@"⚑ s1-cloze-001\s+2 reports, 1 with a note", output.ToString());
        Assert.DoesNotContain("⚑ s1-posts-001", output.ToString());

        SqliteConnection.ClearAllPools();
        File.Delete(db);
        var old = Database(withReports: false);
        output = new StringWriter();
        Assert.Equal(0, StatsCommand.Run([_repo.Questions, "--db", old], output));
        Assert.Contains("no reports", output.ToString());

        output = new StringWriter();
        Assert.Equal(0, StatsCommand.Run([_repo.Questions], output)); // without --db, as before: nothing about reports
        Assert.DoesNotContain("Reported", output.ToString());
    }
}
