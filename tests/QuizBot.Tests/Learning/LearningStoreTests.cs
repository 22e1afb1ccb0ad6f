using Dapper;
using QuizBot.Core.Daily;
using QuizBot.Core.Learning;
using QuizBot.Storage;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Learning;

/// <summary>
/// FSRS cards, the Leitner conversion and reminders (issue 14; 008_learning.sql), on both providers
/// (<see cref="LearningStoreTestsOnSqlite"/>, <see cref="LearningStoreTestsOnPostgres"/>).
/// </summary>
public abstract class LearningStoreTests : IDisposable
{
    private readonly TempDatabase _db;

    private protected LearningStoreTests(StorageProvider provider) => _db = new(provider);
    private static readonly CardSchedule Schedule = new(new Fsrs(0.9));
    private static readonly DateOnly Today = new(2026, 3, 2);

    public void Dispose() => _db.Dispose();

    private static AnswerRecord Answer(string pollId, long userId, bool correct, string questionId = "a") =>
        Rows.Answer(pollId, userId, 1, correct, correct ? 10 : 0, 1000, questionId);

    [Fact]
    public async Task Every_leitner_box_becomes_a_card_with_its_due_day_and_the_old_schedule_is_emptied_once()
    {
        var store = _db.Migrated();
        var boxes = new Dictionary<string, ReviewState>
        {
            ["b1"] = new(1, Today.AddDays(-4)), // overdue mistakes stay due
            ["b2"] = new(2, Today),
            ["b3"] = new(3, Today.AddDays(2)),
            ["b5"] = new(5, Today.AddDays(14)),
        };
        foreach (var (id, box) in boxes) await Rows.LeitnerBoxAsync(_db.Storage, 7, id, box, 1);
        await Rows.LeitnerBoxAsync(_db.Storage, 8, "b1", new ReviewState(4, Today), 1);

        Assert.Equal(5, await store.Learning.ConvertLeitnerAsync(Schedule.FromLeitner, 2));
        var cards = await store.Learning.GetCardsAsync(7);
        Assert.Equal(boxes.Keys.Order(), cards.Keys.Order());
        foreach (var (id, box) in boxes)
        {
            Assert.Equal(Schedule.FromLeitner(box), cards[id]);
            Assert.Equal(box.Due, cards[id].Due);
        }
        Assert.Equal(["b1", "b2"], cards.Where(c => c.Value.IsDue(Today)).Select(c => c.Key).Order());
        Assert.Equal(Schedule.FromLeitner(new ReviewState(4, Today)), (await store.Learning.GetCardsAsync(8))["b1"]);
        using (var c = _db.Storage.Connect()) Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM review_schedule"));

        // A second start finds nothing left to convert and changes nothing.
        Assert.Equal(0, await store.Learning.ConvertLeitnerAsync(Schedule.FromLeitner, 3));
        Assert.Equal(cards, await store.Learning.GetCardsAsync(7));
    }

    [Fact]
    public async Task A_card_made_by_a_newer_answer_is_not_overwritten_by_an_old_box()
    {
        var store = _db.Migrated();
        Assert.True(await store.Answers.TryRecordAnswerAsync(Answer("p1", 7, true), _ => Schedule.Review(null, Rating.Good, Today)));
        var newer = (await store.Learning.GetCardsAsync(7))["a"];
        await Rows.LeitnerBoxAsync(_db.Storage, 7, "a", new ReviewState(1, Today.AddDays(-1)), 1);
        Assert.Equal(1, await store.Learning.ConvertLeitnerAsync(Schedule.FromLeitner, 2));
        Assert.Equal(newer, (await store.Learning.GetCardsAsync(7))["a"]);
    }

    [Fact]
    public async Task An_answer_moves_its_card_in_its_own_transaction_and_a_redelivered_answer_moves_nothing()
    {
        var store = _db.Migrated();
        Assert.True(await store.Answers.TryRecordAnswerAsync(Answer("p1", 7, false), card => Schedule.Review(card, Rating.Again, Today)));
        var first = (await store.Learning.GetCardsAsync(7))["a"];
        Assert.Equal(Schedule.Review(null, Rating.Again, Today), first);

        var asked = false;
        Assert.False(await store.Answers.TryRecordAnswerAsync(Answer("p1", 7, true), card => { asked = true; return Schedule.Review(card, Rating.Good, Today); }));
        Assert.False(asked);
        Assert.Equal(first, (await store.Learning.GetCardsAsync(7))["a"]);

        Card? seen = null;
        Assert.True(await store.Answers.TryRecordAnswerAsync(Answer("p2", 7, true), card => Schedule.Review(seen = card, Rating.Good, Today.AddDays(1))));
        Assert.Equal(first, seen); // the stored card, read back exactly (REAL columns keep every bit)
        Assert.Equal(2, (await store.Learning.GetCardsAsync(7))["a"].Reviews);
        var many = await store.Learning.GetCardsAsync([7, 8]);
        Assert.Equal([7L], many.Keys);
    }

    [Fact]
    public async Task Reminder_candidates_are_private_subscribers_with_reminders_on_who_have_not_answered_or_been_reminded_today()
    {
        var store = _db.Migrated();
        const long dayStart = 1_000_000;
        foreach (var id in new long[] { 1, 2, 3, 4 }) await store.Daily.SaveSubscriptionAsync(id, DailyKinds.Private, 480, 0, id, 1);
        await store.Daily.SaveSubscriptionAsync(-5, DailyKinds.Group, 480, 0, 9, 1);
        await store.Daily.StopSubscriptionAsync(4, 2);
        Assert.True(await store.Answers.TryRecordAnswerAsync(Rows.Answer("p", 2, 2, true, 10, dayStart + 5, "a"), _ => Schedule.Review(null, Rating.Good, Today)));
        await store.Learning.SetRemindersOnAsync(3, false, 1);
        Assert.False(await store.Learning.GetRemindersOnAsync(3));
        Assert.True(await store.Learning.GetRemindersOnAsync(1));

        Assert.Equal([1L], await store.Learning.GetReminderCandidatesAsync("2026-03-02", dayStart));
        Assert.True(await store.Learning.TryRecordReminderAsync(1, "2026-03-02", dayStart + 10));
        Assert.False(await store.Learning.TryRecordReminderAsync(1, "2026-03-02", dayStart + 20)); // one a day
        Assert.Empty(await store.Learning.GetReminderCandidatesAsync("2026-03-02", dayStart));
        Assert.Equal([1L, 2L], await store.Learning.GetReminderCandidatesAsync("2026-03-03", dayStart + 86_400_000));
    }

    [Fact]
    public async Task Forget_deletes_a_persons_cards_settings_and_reminders_and_nobody_elses()
    {
        var store = _db.Migrated();
        foreach (var user in new long[] { 7, 8 })
        {
            Assert.True(await store.Answers.TryRecordAnswerAsync(Answer("p" + user, user, true), _ => Schedule.Review(null, Rating.Good, Today)));
            await store.Learning.SetRemindersOnAsync(user, false, 1);
            Assert.True(await store.Learning.TryRecordReminderAsync(user, "2026-03-02", 1));
        }
        await store.People.ForgetUserAsync(7, 2);
        Assert.Empty(await store.Learning.GetCardsAsync(7));
        Assert.True(await store.Learning.GetRemindersOnAsync(7));
        Assert.True(await store.Learning.TryRecordReminderAsync(7, "2026-03-02", 3));
        Assert.Single(await store.Learning.GetCardsAsync(8));
        Assert.False(await store.Learning.GetRemindersOnAsync(8));
        Assert.False(await store.Learning.TryRecordReminderAsync(8, "2026-03-02", 3));
    }
}

public sealed class LearningStoreTestsOnSqlite() : LearningStoreTests(StorageProvider.Sqlite);

public sealed class LearningStoreTestsOnPostgres() : LearningStoreTests(StorageProvider.Postgres);
