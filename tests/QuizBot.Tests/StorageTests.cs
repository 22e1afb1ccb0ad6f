using Dapper;
using QuizBot.Core.Daily;
using QuizBot.Core.Quizzes;
using QuizBot.Storage;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>The storage subjects' guarantees, on both providers (<see cref="StorageTestsOnSqlite"/>, <see cref="StorageTestsOnPostgres"/>).</summary>
public abstract class StorageTests : IDisposable
{
    private readonly TempDatabase _db;

    private protected StorageTests(StorageProvider provider) => _db = new(provider);

    public void Dispose() => _db.Dispose();

    private static RoundRecord Round(long chatId) => new()
    {
        ChatId = chatId,
        Mode = RoundLife.Code(RoundKind.Private),
        StartedBy = chatId,
        QuestionIds = "a,b",
        QuestionSeconds = 0,
        Scoring = "accuracy",
        StartedAt = 1,
    };

    private static AnswerRecord Answer(string pollId, long userId, bool correct, long points, long at = 1000, long chatId = 1) =>
        Rows.Answer(pollId, userId, chatId, correct, points, at, questionId: "a");

    [Fact]
    public async Task The_same_answer_stored_twice_counts_once()
    {
        var store = _db.Migrated();
        Assert.True(await store.Answers.TryRecordAnswerAsync(Answer("p1", 7, true, 10)));
        Assert.False(await store.Answers.TryRecordAnswerAsync(Answer("p1", 7, false, 0)));
        var me = await store.Scores.GetPersonalAsync(7, null, 0);
        Assert.Equal(1, me!.Answered);
        Assert.Equal(10, me.Points);
    }

    [Fact]
    public async Task Only_one_round_runs_in_a_chat_at_a_time()
    {
        var store = _db.Migrated();
        var first = await store.Rounds.TryStartRoundAsync(Round(5));
        Assert.NotNull(first);
        Assert.Null(await store.Rounds.TryStartRoundAsync(Round(5)));
        Assert.NotNull(await store.Rounds.TryStartRoundAsync(Round(6)));
        Assert.True(await store.Rounds.EndRoundAsync(first!.RoundId, RoundLife.Code(RoundState.Finished), 2));
        Assert.False(await store.Rounds.EndRoundAsync(first.RoundId, RoundLife.Code(RoundState.Stopped), 3));
        Assert.NotNull(await store.Rounds.TryStartRoundAsync(Round(5)));
    }

    [Fact]
    public async Task A_round_advances_once_from_a_given_position()
    {
        var store = _db.Migrated();
        var round = (await store.Rounds.TryStartRoundAsync(Round(5)))!;
        Assert.True(await store.Rounds.AdvanceRoundAsync(round.RoundId, 0));
        Assert.False(await store.Rounds.AdvanceRoundAsync(round.RoundId, 0));
        Assert.Equal(1, (await store.Rounds.GetRoundAsync(round.RoundId))!.Position);
    }

    [Fact]
    public async Task The_leaderboard_ranks_by_points_with_ties_sharing_a_rank()
    {
        var store = _db.Migrated();
        foreach (var (id, name) in new[] { (1L, "甲"), (2L, "乙"), (3L, "丙") }) await store.People.UpsertUserAsync(id, name, null, 0);
        await store.Answers.TryRecordAnswerAsync(Answer("p1", 1, true, 20));
        await store.Answers.TryRecordAnswerAsync(Answer("p1", 2, true, 20));
        await store.Answers.TryRecordAnswerAsync(Answer("p1", 3, false, 0));
        var top = await store.Scores.GetLeaderboardAsync(null, 0, 10);
        Assert.Equal([1L, 1L, 3L], top.Select(r => r.Rank));
        Assert.Equal("丙", top[2].DisplayName);
        Assert.Equal(3, (await store.Scores.GetPersonalAsync(3, null, 0))!.Rank);
    }

    [Fact]
    public async Task A_migrated_group_keeps_its_answers_under_the_new_id()
    {
        var store = _db.Migrated();
        await store.Chats.UpsertChatAsync(-100, "group", "学习小组", 0);
        await store.Answers.TryRecordAnswerAsync(Answer("p1", 1, true, 10, chatId: -100));
        await store.Chats.MigrateChatAsync(-100, -1001234, 5);
        Assert.Single(await store.Scores.GetLeaderboardAsync(-1001234, 0, 10));
        Assert.Empty(await store.Scores.GetLeaderboardAsync(-100, 0, 10));
        Assert.True(await store.Chats.IsChatActiveAsync(-1001234));
    }

    [Fact]
    public async Task A_group_poll_remembered_from_an_earlier_answer_is_read_again_after_its_group_migrates()
    {
        var store = _db.Migrated();
        var round = await store.Rounds.TryStartRoundAsync(Round(-100) with { Mode = RoundLife.Code(RoundKind.Group), StartedBy = 1, QuestionSeconds = 30, Scoring = "speed" });
        await store.Rounds.SavePollAsync(new PollRecord { PollId = "g1", RoundId = round!.RoundId, Seq = 0, ChatId = -100, MessageId = 1, QuestionId = "a", OptionOrder = "0,1", SentAt = 1 });
        Assert.Equal(-100, (await store.Rounds.GetAnsweredPollAsync("g1"))!.Value.Poll.ChatId);
        Assert.Equal(-100, (await store.Rounds.GetAnsweredPollAsync("g1"))!.Value.Round!.ChatId);

        await store.Chats.MigrateChatAsync(-100, -1001234, 5);
        var (poll, again) = (await store.Rounds.GetAnsweredPollAsync("g1"))!.Value;
        Assert.Equal(-1001234, poll.ChatId);
        Assert.Equal(-1001234, again!.ChatId);
    }

    [Fact]
    public async Task State_values_round_trip()
    {
        var store = _db.Migrated();
        Assert.Null(await store.Chats.GetStateAsync("k"));
        await store.Chats.SetStateAsync("k", "1");
        await store.Chats.SetStateAsync("k", "2");
        Assert.Equal("2", await store.Chats.GetStateAsync("k"));
    }
    [Fact]
    public async Task Forget_leaves_no_pending_poll_of_the_person_and_their_id_neither_on_group_rounds_nor_on_daily_subscriptions()
    {
        var store = _db.Migrated();
        var group = (await store.Rounds.TryStartRoundAsync(Round(-100) with { Mode = RoundLife.Code(RoundKind.Group), StartedBy = 42 }))!;
        var mine = (await store.Rounds.TryStartRoundAsync(Round(42)))!;
        PendingPollRecord Pending(RoundRecord r) => new() { RoundId = r.RoundId, Seq = 0, ChatId = r.ChatId, QuestionId = "a", OptionOrder = "0,1", CreatedAt = 1 };
        await store.Rounds.SavePendingPollAsync(Pending(mine));
        await store.Rounds.SavePendingPollAsync(Pending(group));
        await store.Daily.SaveSubscriptionAsync(-100, DailyKinds.Group, 480, 1000, 42, 0);

        await store.People.ForgetUserAsync(42);

        using var c = _db.Storage.Connect();
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM pending_polls WHERE chat_id = 42"));
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM rounds WHERE started_by = 42"));
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM daily_subscriptions WHERE created_by = 42"));
        // The group keeps its round, the question it waits for, and its subscription.
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM rounds WHERE chat_id = -100"));
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM pending_polls WHERE chat_id = -100"));
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM daily_subscriptions WHERE chat_id = -100"));
    }
}

public sealed class StorageTestsOnSqlite() : StorageTests(StorageProvider.Sqlite);

public sealed class StorageTestsOnPostgres() : StorageTests(StorageProvider.Postgres);

/// <summary>SQLite's migrations and connection settings (PostgreSQL's: <see cref="PostgresProviderTests"/>).</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Migrations_run_from_empty_and_a_second_run_changes_nothing()
    {
        var latest = Database.Migrations().Max(m => m.Version);
        Assert.Equal(latest, _db.Database.Migrate());
        Assert.Equal(latest, _db.Database.Migrate());
        using var c = _db.Database.Open();
        Assert.Equal(latest, c.ExecuteScalar<long>("PRAGMA user_version"));
        Assert.Equal("wal", c.ExecuteScalar<string>("PRAGMA journal_mode"));
        Assert.Contains("answers", c.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'"));
    }

    [Fact]
    public void Migrations_are_numbered_without_gaps()
    {
        var versions = Database.Migrations().Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }
}
