using Dapper;
using QuizBot.Core.Scores;
using QuizBot.Storage;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>
/// Days, weeks and months are the bot's (Quiz:TimeZone, computed in .NET), not the database's: the same answers around
/// midnight in Asia/Shanghai and around a week and a month boundary give the same boards and tallies on SQLite and on
/// PostgreSQL, kept answer by answer and rebuilt from the log alike.
/// </summary>
public sealed class TimeZoneBoardsTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static DateTimeOffset Local(int month, int day, int hour, int minute, int second) =>
        new(2026, month, day, hour, minute, second, TimeSpan.FromHours(8));

    // Sunday 29 November 2026 → Monday 30 November (a new week), Monday → Tuesday 1 December (a new month), and the
    // seconds around midnight UTC (08:00 local), where a day computed in UTC instead would split.
    private static readonly DateTimeOffset[] Instants =
    [
        Local(11, 29, 23, 59, 59), Local(11, 30, 0, 0, 0), Local(11, 30, 0, 0, 1),
        Local(11, 30, 7, 59, 59), Local(11, 30, 8, 0, 0),
        Local(11, 30, 23, 59, 59), Local(12, 1, 0, 0, 0), Local(12, 1, 16, 0, 0),
        Local(11, 22, 23, 59, 59), Local(11, 23, 0, 0, 0), // the week before, and its own boundary
    ];

    private static readonly long[] Scopes = [ScoreScopes.Everyone, -100, -200];

    /// <summary>Everything a board or /me shows, for every board and window the answers touch, as text to compare.</summary>
    private static async Task<List<string>> BoardsAsync(Stores store)
    {
        var lines = new List<string>();
        foreach (var scope in Scopes)
            foreach (var at in Instants)
                foreach (var period in new[] { ScorePeriod.Week, ScorePeriod.Month, ScorePeriod.All })
                {
                    var window = StudyCalendar.Window(period, at, Shanghai);
                    foreach (var row in await store.Scores.GetTopAsync(scope, window, 10))
                        lines.Add($"top {scope} {period} {window.Key}: #{row.Rank} {row.UserId} {row.Points}p {row.Correct}/{row.Answered}");
                    for (var user = 1; user <= 4; user++)
                        foreach (var row in await store.Scores.GetStandingsAsync(user, scope, [window]))
                            if (row is not null) lines.Add($"me {scope} {period} {window.Key} {user}: #{row.Rank} {row.Points}p");
                }
        for (var user = 1; user <= 4; user++)
        {
            var tallies = await store.Tallies.GetUserTalliesAsync(user);
            lines.AddRange(tallies.Days.Select(d => $"day {user} {d.Day:yyyy-MM-dd} {d.Correct}/{d.Answered} {d.Points}p"));
            lines.AddRange(tallies.Questions.Select(q => $"question {user} {q.QuestionId} {q.Correct}/{q.Answered}"));
        }
        return lines;
    }

    private static async Task<(List<string> Kept, List<string> Rebuilt)> PlayAsync(TempDatabase db)
    {
        var store = db.Migrated();
        await store.Scores.EnsureScoreTotalsAsync(Shanghai);
        await store.Tallies.EnsureUserTalliesAsync(Shanghai);
        var poll = 0;
        foreach (var (at, i) in Instants.Select((at, i) => (at, i)))
            for (var user = 1; user <= 4; user++)
            {
                var chat = (user + i) % 3 == 0 ? user : (user % 2 == 0 ? -100 : -200); // private and two groups
                var correct = (user * 7 + i) % 3 != 0;
                Assert.True(await store.Answers.TryRecordAnswerAsync(
                    Rows.Answer($"p{++poll}", user, chat, correct, correct ? 10 + (user + i) % 11 : 0, at.ToUnixTimeMilliseconds(), $"q{i % 4}")));
            }
        var kept = await BoardsAsync(store);

        // The same boards rebuilt from the answer log, as after a change of Quiz:TimeZone.
        using (var c = db.Storage.Connect())
            c.Execute("DELETE FROM bot_state WHERE key IN ('scores.zone', 'tallies.zone')");
        var fresh = new Stores(db.Storage);
        Assert.True(await fresh.Scores.EnsureScoreTotalsAsync(Shanghai));
        Assert.True(await fresh.Tallies.EnsureUserTalliesAsync(Shanghai));
        return (kept, await BoardsAsync(fresh));
    }

    [Fact]
    public async Task Answers_around_midnight_in_Shanghai_and_a_week_boundary_give_identical_boards_on_both_providers()
    {
        using var sqlite = new TempDatabase(StorageProvider.Sqlite);
        using var postgres = new TempDatabase(StorageProvider.Postgres);
        var (sqliteKept, sqliteRebuilt) = await PlayAsync(sqlite);
        var (postgresKept, postgresRebuilt) = await PlayAsync(postgres);

        Assert.Equal(sqliteKept, postgresKept);
        Assert.Equal(sqliteKept, sqliteRebuilt);
        Assert.Equal(postgresKept, postgresRebuilt);

        // And the boundaries fall where Shanghai's calendar puts them: Sunday 23:59:59 is in the week of 23 November,
        // a second later is the week of 30 November; Monday 23:59:59 is November, a second later December.
        Assert.Contains(sqliteKept, l => l.StartsWith("top 0 Week 20261123:", StringComparison.Ordinal));
        Assert.Contains(sqliteKept, l => l.StartsWith("top 0 Week 20261130:", StringComparison.Ordinal));
        Assert.Contains(sqliteKept, l => l.StartsWith("top 0 Month 20261201:", StringComparison.Ordinal));
        Assert.Contains(sqliteKept, l => l.StartsWith("day 1 2026-11-29 ", StringComparison.Ordinal));
        Assert.Contains(sqliteKept, l => l.StartsWith("day 1 2026-11-30 ", StringComparison.Ordinal));
        Assert.Contains(sqliteKept, l => l.StartsWith("day 1 2026-12-01 ", StringComparison.Ordinal));
        var week23 = sqliteKept.Where(l => l.StartsWith("top 0 Week 20261123:", StringComparison.Ordinal)).Distinct()
            .Sum(l => int.Parse(l[(l.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2 * 4, week23); // Sunday 29th 23:59:59 and Monday 23rd 00:00:00, four people each
    }
}
