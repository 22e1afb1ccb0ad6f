using Dapper;
using QuizBot.Core.Scores;
using QuizBot.Storage;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>The maintained score totals against the answer log they are computed from (003_scores.sql).</summary>
public abstract class ScoreStoreTests : IDisposable
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly TempDatabase _db;

    private protected ScoreStoreTests(StorageProvider provider) => _db = new(provider);
    private int _poll;

    public void Dispose() => _db.Dispose();

    private AnswerRecord Answer(long userId, long chatId, DateTimeOffset at, bool correct, long points) =>
        Rows.Answer($"p{++_poll}", userId, chatId, correct, points, at.ToUnixTimeMilliseconds());

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    private List<(long, string, long, long, long)> Counts()
    {
        using var c = _db.Storage.Connect();
        return c.Query<(long, string, long, long, long)>(
            "SELECT scope, period, start, points, people FROM score_counts WHERE people <> 0 ORDER BY 1, 2, 3, 4").AsList();
    }

    private List<(long, string, long, long, long, long, long)> Totals()
    {
        using var c = _db.Storage.Connect();
        return c.Query<(long, string, long, long, long, long, long)>(
            "SELECT scope, period, start, user_id, answered, correct, points FROM score_totals ORDER BY 1, 2, 3, 4").AsList();
    }

    [Fact]
    public async Task Totals_kept_with_every_answer_equal_a_rebuild_from_the_answer_log()
    {
        var store = _db.Migrated();
        var random = new Random(7);
        for (var i = 0; i < 400; i++)
        {
            var at = Local(2, 1, 0).AddMinutes(random.Next(0, 60 * 24 * 50));
            var chat = random.Next(3) switch { 0 => -100L, 1 => -200L, _ => 10L + random.Next(5) };
            var correct = random.Next(2) == 0;
            await store.Answers.TryRecordAnswerAsync(Answer(10 + random.Next(8), chat, at, correct, correct ? 10 + random.Next(11) : 0));
        }
        var kept = Totals();
        var counts = Counts();

        using (var c = _db.Storage.Connect()) c.Execute("DELETE FROM bot_state WHERE key = 'scores.zone'");
        Assert.True(await new Stores(_db.Storage).Scores.EnsureScoreTotalsAsync(Shanghai));
        Assert.Equal(kept, Totals());
        Assert.Equal(counts, Counts());
        Assert.Equal(kept.Where(t => t.Item1 == 0).GroupBy(t => (t.Item1, t.Item2, t.Item3, t.Item7)).Select(g => (g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Key.Item4, (long)g.Count())).OrderBy(x => x), counts);
        Assert.Contains(kept, t => t.Item1 == -100 && t.Item2 == "w");
        Assert.DoesNotContain(kept, t => t.Item1 > 0); // private answers count for everyone only
    }

    [Fact]
    public async Task A_redelivered_answer_adds_nothing_to_the_totals()
    {
        var store = _db.Migrated();
        var answer = Answer(1, -100, Local(3, 2, 9), true, 15);
        Assert.True(await store.Answers.TryRecordAnswerAsync(answer));
        Assert.False(await store.Answers.TryRecordAnswerAsync(answer));
        var all = StudyCalendar.Window(ScorePeriod.All, Local(3, 2, 10), Shanghai);
        var standing = (await store.Scores.GetStandingsAsync(1, ScoreScopes.Everyone, [all]))[0];
        Assert.Equal((1L, 15L), (standing!.Answered, standing.Points));
    }

    [Fact]
    public async Task Equal_points_share_a_rank_and_the_next_rank_skips()
    {
        var store = _db.Migrated();
        foreach (var (user, points) in new[] { (1L, 30L), (2L, 30L), (3L, 20L), (4L, 10L) })
        {
            await store.People.UpsertUserAsync(user, $"用户{user}", null, 0);
            await store.Answers.TryRecordAnswerAsync(Answer(user, user, Local(3, 2, 9), true, points));
        }
        var week = StudyCalendar.Window(ScorePeriod.Week, Local(3, 3, 9), Shanghai);
        var top = await store.Scores.GetTopAsync(ScoreScopes.Everyone, week, 3);
        Assert.Equal([(1L, 1L), (2L, 1L), (3L, 3L)], top.Select(r => (r.UserId, r.Rank)));
        Assert.Equal("用户1", top[0].DisplayName);
        var fourth = (await store.Scores.GetStandingsAsync(4, ScoreScopes.Everyone, [week]))[0];
        Assert.Equal(4, fourth!.Rank);
    }

    [Fact]
    public async Task Changing_the_time_zone_rebuilds_the_weeks_in_the_new_zone()
    {
        var store = _db.Migrated();
        Assert.True(await store.Scores.EnsureScoreTotalsAsync(Shanghai));
        Assert.False(await store.Scores.EnsureScoreTotalsAsync(Shanghai));
        // Monday 2 March, 04:00 in Shanghai is still Sunday 1 March, 20:00 in UTC: another week there.
        await store.Answers.TryRecordAnswerAsync(Answer(1, 1, Local(3, 2, 4), true, 10));
        var at = Local(3, 2, 5);
        Assert.Single(await store.Scores.GetTopAsync(0, StudyCalendar.Window(ScorePeriod.Week, at, Shanghai), 10));

        Assert.True(await store.Scores.EnsureScoreTotalsAsync(TimeZoneInfo.Utc));
        Assert.Empty(await store.Scores.GetTopAsync(0, StudyCalendar.Window(ScorePeriod.Week, at.AddHours(12), TimeZoneInfo.Utc), 10));
        Assert.Single(await store.Scores.GetTopAsync(0, StudyCalendar.Window(ScorePeriod.Week, at, TimeZoneInfo.Utc), 10));
    }

    [Fact]
    public async Task A_group_that_becomes_a_supergroup_takes_its_board_along()
    {
        var store = _db.Migrated();
        await store.Answers.TryRecordAnswerAsync(Answer(1, -100, Local(3, 2, 9), true, 10));
        await store.Chats.MigrateChatAsync(-100, -1001234, 0);
        var all = StudyCalendar.Window(ScorePeriod.All, Local(3, 2, 10), Shanghai);
        Assert.Empty(await store.Scores.GetTopAsync(-100, all, 10));
        Assert.Equal(10, Assert.Single(await store.Scores.GetTopAsync(-1001234, all, 10)).Points);
        Assert.Single(await store.Scores.GetTopAsync(ScoreScopes.Everyone, all, 10));
    }

    [Fact]
    public async Task Forgetting_a_person_removes_them_from_every_board()
    {
        var store = _db.Migrated();
        await store.Answers.TryRecordAnswerAsync(Answer(1, -100, Local(3, 2, 9), true, 10));
        await store.Answers.TryRecordAnswerAsync(Answer(2, -100, Local(3, 2, 9), true, 20));
        await store.People.ForgetUserAsync(1);
        Assert.DoesNotContain(Totals(), t => t.Item4 == 1);
        Assert.Contains(Totals(), t => t.Item4 == 2);
        Assert.Equal([(0L, "a", 0L, 20L, 1L), (0L, "m", 20260301L, 20L, 1L), (0L, "w", 20260302L, 20L, 1L)], Counts());
    }

    [Fact]
    public async Task The_streak_counts_local_days_with_an_answer()
    {
        var store = _db.Migrated();
        // 23:30 and 00:30 local are two days; 08:00 UTC and 20:00 UTC the same UTC day but two local days.
        foreach (var at in new[] { Local(3, 1, 23, 30), Local(3, 2, 0, 30), Local(3, 3, 16), Local(3, 4, 4) })
            await store.Answers.TryRecordAnswerAsync(Answer(1, 1, at, true, 10));
        Assert.Equal(new Streak(4, 4), await store.Tallies.GetStreakAsync(1, new DateOnly(2026, 3, 4)));
        Assert.Equal(new Streak(4, 4), await store.Tallies.GetStreakAsync(1, new DateOnly(2026, 3, 5)));
        Assert.Equal(new Streak(0, 4), await store.Tallies.GetStreakAsync(1, new DateOnly(2026, 3, 6)));
        // /me says what it counts, and that the streak still stands while today has no answer yet.
        Assert.Equal("连续答题天数：当前 4 天，最长 4 天（当天答过至少 1 题即计入），今天答 1 题即可延续", Texts.MeStreakLine(new Streak(4, 4), answeredToday: false));
        Assert.Equal("连续答题天数：当前 4 天，最长 4 天（当天答过至少 1 题即计入）", Texts.MeStreakLine(new Streak(4, 4), answeredToday: true));
        Assert.Equal("连续答题天数：当前 0 天，最长 4 天（当天答过至少 1 题即计入）", Texts.MeStreakLine(new Streak(0, 4), answeredToday: false));
    }
}

public sealed class ScoreStoreTestsOnSqlite() : ScoreStoreTests(StorageProvider.Sqlite);

public sealed class ScoreStoreTestsOnPostgres() : ScoreStoreTests(StorageProvider.Postgres);
