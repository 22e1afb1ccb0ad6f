using Dapper;
using Microsoft.Data.Sqlite;
using QuizBot.Core.Scores;
using QuizBot.Storage;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>
/// The per-person tallies /me reads (004_user_tallies.sql) against the answer log they are computed from: kept with every
/// answer, rebuilt from the log, split at local midnight, removed by /forget, carried by backups.
/// </summary>
public abstract class UserTalliesTests : IDisposable
{
    private protected static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private protected readonly TempDatabase _db;
    private int _poll;

    private protected UserTalliesTests(StorageProvider provider) => _db = new(provider);

    public void Dispose() => _db.Dispose();

    private protected AnswerRecord Answer(long userId, long chatId, DateTimeOffset at, bool correct, long points, string question = "q1") =>
        Rows.Answer($"p{++_poll}", userId, chatId, correct, points, at.ToUnixTimeMilliseconds(), question);

    private protected static DateTimeOffset Local(int month, int day, int hour, int minute = 0, int second = 0) =>
        new(2026, month, day, hour, minute, second, TimeSpan.FromHours(8));

    private protected static List<(long User, long Day, string Question, long Answered, long Correct, long Points)> Tallies(IDatabase db)
    {
        using var c = db.Connect();
        return c.Query<(long, long, string, long, long, long)>(
            "SELECT user_id, local_day, question_id, answered, correct, points FROM user_tallies ORDER BY 1, 2, 3").AsList();
    }

    /// <summary>The tallies as the answer log itself gives them, grouped in .NET with the study calendar.</summary>
    private protected static List<(long User, long Day, string Question, long Answered, long Correct, long Points)> FromTheLog(IDatabase db, TimeZoneInfo zone)
    {
        using var c = db.Connect();
        var answers = c.Query<(long User, long At, string Question, long Correct, long Points)>(
            "SELECT user_id, answered_at, question_id, is_correct, points FROM answers").AsList();
        var days = answers.GroupBy(a => (a.User, Day: (long)StudyCalendar.Key(StudyCalendar.LocalDay(a.At, zone)), Question: ""));
        var questions = answers.GroupBy(a => (a.User, Day: 0L, a.Question));
        return days.Concat(questions)
            .Select(g => (g.Key.User, g.Key.Day, g.Key.Question, (long)g.Count(), g.Sum(a => a.Correct), g.Sum(a => a.Points)))
            .OrderBy(t => t.User).ThenBy(t => t.Day).ThenBy(t => t.Question, StringComparer.Ordinal)
            .ToList();
    }

    private protected async Task<Stores> StoreWithRandomAnswersAsync(int count)
    {
        var store = _db.Migrated();
        Assert.True(await store.Tallies.EnsureUserTalliesAsync(Shanghai));
        var random = new Random(11);
        for (var i = 0; i < count; i++)
        {
            // Many answers within minutes of local midnight, where a day boundary in the wrong zone would show.
            var day = Local(2, 1, 0).AddDays(random.Next(0, 40));
            var at = random.Next(2) == 0 ? day.AddMinutes(random.Next(-3, 3)).AddSeconds(random.Next(60)) : day.AddMinutes(random.Next(24 * 60));
            var correct = random.Next(3) > 0;
            var chat = random.Next(2) == 0 ? -100L : 10L;
            await store.Answers.TryRecordAnswerAsync(Answer(10 + random.Next(6), chat, at, correct, correct ? 10 + random.Next(11) : 0, $"q{random.Next(8)}"));
        }
        return store;
    }

    [Fact]
    public async Task Tallies_kept_with_every_answer_equal_the_answer_log_and_a_rebuild_from_it()
    {
        await StoreWithRandomAnswersAsync(500);
        var kept = Tallies(_db.Storage);
        Assert.Equal(FromTheLog(_db.Storage, Shanghai), kept);
        Assert.Equal(500, kept.Where(t => t.Day > 0).Sum(t => t.Answered));
        Assert.Equal(500, kept.Where(t => t.Day == 0).Sum(t => t.Answered));

        // A new process (nothing cached) asked to rebuild from scratch produces the same rows.
        using (var c = _db.Storage.Connect()) c.Execute("DELETE FROM bot_state WHERE key = 'tallies.zone'");
        Assert.True(await new Stores(_db.Storage).Tallies.EnsureUserTalliesAsync(Shanghai));
        Assert.Equal(kept, Tallies(_db.Storage));
        Assert.False(await new Stores(_db.Storage).Tallies.EnsureUserTalliesAsync(Shanghai));
    }

    [Fact]
    public async Task An_answer_counts_on_its_local_day_in_Shanghai_across_midnight()
    {
        var store = _db.Migrated();
        await store.Tallies.EnsureUserTalliesAsync(Shanghai);
        // 23:59:59 on 1 March and 00:00:00 on 2 March in Shanghai: one second apart, two local days. Both are 1 March in UTC.
        await store.Answers.TryRecordAnswerAsync(Answer(1, 1, Local(3, 1, 23, 59, 59), true, 10));
        await store.Answers.TryRecordAnswerAsync(Answer(1, -100, Local(3, 2, 0, 0, 0), false, 0, "q2"));
        // 07:59 and 08:00 in Shanghai are 23:59 and 00:00 in UTC: one local day.
        await store.Answers.TryRecordAnswerAsync(Answer(1, 1, Local(3, 3, 7, 59), true, 15));
        await store.Answers.TryRecordAnswerAsync(Answer(1, 1, Local(3, 3, 8, 0), true, 12));

        var tallies = await store.Tallies.GetUserTalliesAsync(1);
        Assert.Equal(
            [new DayTally(new(2026, 3, 1), 1, 1, 10), new DayTally(new(2026, 3, 2), 1, 0, 0), new DayTally(new(2026, 3, 3), 2, 2, 27)],
            tallies.Days);
        Assert.Equal([("q1", 3L, 3L), ("q2", 1L, 0L)], tallies.Questions.Select(q => (q.QuestionId, q.Answered, q.Correct)));
        Assert.Equal(new Streak(3, 3), await store.Tallies.GetStreakAsync(1, new DateOnly(2026, 3, 4)));

        // Kept in UTC instead, the same answers fall on 1, 1, 2 and 3 March.
        Assert.True(await store.Tallies.EnsureUserTalliesAsync(TimeZoneInfo.Utc));
        Assert.Equal([(new DateOnly(2026, 3, 1), 2L), (new DateOnly(2026, 3, 2), 1L), (new DateOnly(2026, 3, 3), 1L)],
            (await store.Tallies.GetUserTalliesAsync(1)).Days.Select(d => (d.Day, d.Answered)));
        Assert.Equal(FromTheLog(_db.Storage, TimeZoneInfo.Utc), Tallies(_db.Storage));
        // And answers recorded afterwards are kept in the zone of the rebuild.
        await store.Answers.TryRecordAnswerAsync(Answer(1, 1, Local(3, 4, 7, 0), true, 10));
        Assert.Equal(FromTheLog(_db.Storage, TimeZoneInfo.Utc), Tallies(_db.Storage));
    }

    [Fact]
    public async Task A_redelivered_answer_adds_nothing_to_the_tallies()
    {
        var store = _db.Migrated();
        var answer = Answer(1, -100, Local(3, 2, 9), true, 15);
        Assert.True(await store.Answers.TryRecordAnswerAsync(answer));
        Assert.False(await store.Answers.TryRecordAnswerAsync(answer));
        Assert.Equal([(1L, 0L, "q1", 1L, 1L, 15L), (1L, 20260302L, "", 1L, 1L, 15L)], Tallies(_db.Storage));
    }

    [Fact]
    public async Task Forgetting_a_person_removes_their_tallies_and_no_one_elses()
    {
        var store = await StoreWithRandomAnswersAsync(120);
        Assert.Contains(Tallies(_db.Storage), t => t.User == 12);
        await store.People.ForgetUserAsync(12);
        Assert.DoesNotContain(Tallies(_db.Storage), t => t.User == 12);
        Assert.Empty((await store.Tallies.GetUserTalliesAsync(12)).Days);
        Assert.Contains(Tallies(_db.Storage), t => t.User == 13);
        Assert.Equal(FromTheLog(_db.Storage, Shanghai), Tallies(_db.Storage));
    }
}

/// <summary>On SQLite, with what only SQLite has: its numbered upgrades from an older schema, and its online backup.</summary>
public sealed class UserTalliesTestsOnSqlite() : UserTalliesTests(StorageProvider.Sqlite)
{
    [Fact]
    public async Task The_first_start_after_migration_004_backfills_the_tallies_from_an_existing_answer_log()
    {
        // A database at schema 003 with answers, as a bot of the previous version left it.
        using (var c = _db.Database.Open())
        {
            foreach (var (version, sql) in Database.Migrations().Where(m => m.Version <= 3))
                c.Execute(sql + $"; PRAGMA user_version = {version};");
            var at = Local(3, 1, 23, 30).ToUnixTimeMilliseconds();
            for (var i = 0; i < 30; i++)
            {
                c.Execute("""
                    INSERT INTO answers (poll_id, user_id, chat_id, round_id, question_id, chosen, is_correct, points, elapsed_ms, answered_at)
                    VALUES (@poll, @user, @user, 1, @question, '0', @correct, @points, 1000, @at)
                    """, new { poll = $"old{i}", user = 1 + i % 3, question = $"q{i % 4}", correct = i % 2, points = i % 2 * 10, at = at + i * 600_000L });
            }
        }
        Assert.Equal(Database.Migrations().Max(m => m.Version), _db.Database.Migrate()); // 004 and any later one
        Assert.Empty(Tallies(_db.Storage));
        Assert.True(await new Stores(_db.Storage).Tallies.EnsureUserTalliesAsync(Shanghai));
        var tallies = Tallies(_db.Storage);
        Assert.Equal(FromTheLog(_db.Storage, Shanghai), tallies);
        Assert.Contains(tallies, t => t.Day == 20260301);
        Assert.Contains(tallies, t => t.Day == 20260302); // the answers ran past local midnight
    }

    [Fact]
    public async Task A_backup_taken_while_answers_arrive_restores_tallies_that_match_its_answers()
    {
        var store = await StoreWithRandomAnswersAsync(50);
        var backup = Path.Combine(_db.Folder, "backup.db");
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !writing.IsCancellationRequested && i < 3000; i++)
                await store.Answers.TryRecordAnswerAsync(Answer(20 + i % 5, 20, Local(3, 1, 22).AddMinutes(i), true, 10, $"q{i % 3}"));
        });
        Backup.Save(_db.Database, backup);
        await writing.CancelAsync();
        await writer;

        Backup.Restore(_db.Database, backup);
        Assert.Equal(FromTheLog(_db.Storage, Shanghai), Tallies(_db.Storage));
        using var c = _db.Database.Open();
        Assert.Equal(Shanghai.Id, c.ExecuteScalar<string>("SELECT value FROM bot_state WHERE key = 'tallies.zone'"));
    }
}

public sealed class UserTalliesTestsOnPostgres() : UserTalliesTests(StorageProvider.Postgres);
