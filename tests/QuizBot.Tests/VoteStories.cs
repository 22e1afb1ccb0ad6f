using QuizBot.Storage;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

/// <summary>
/// Issue 10, "A vote counts only where it belongs": an answer counts only for the poll Telegram says it answered, and in a
/// group only for the group's members. Time is a FakeTimeProvider, as in GroupRoundStories.
/// </summary>
public abstract class VoteStories : IAsyncLifetime
{
    private readonly TempDatabase _db;

    private protected VoteStories(StorageProvider provider) => _db = new(provider);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    private FakeBotApi _api = null!;
    private TestBot? _bot;
    private readonly User _admin = FakeBotApi.MakeUser(500, "管理员");
    private readonly User _dora = FakeBotApi.MakeUser(6001, "Dora");

    public async Task InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        _bot = await TestBot.StartAsync(_api, _db, time: _time, settings: new() { ["Quiz:QuestionSeconds"] = "30" });
    }

    public async Task DisposeAsync()
    {
        if (_bot is not null) await _bot.DisposeAsync();
        await _api.DisposeAsync();
        _db.Dispose();
    }

    private Chat NewGroup(long id, params User[] members)
    {
        var group = FakeBotApi.Group(id, $"学习小组{-id}");
        _api.SetAdmins(id, _admin.Id);
        _api.SetMembers(id, [.. members.Select(m => m.Id)]);
        _api.SetMemberCount(id, members.Length + 2); // the admin and the bot too
        return group;
    }

    /// <summary>Waits until the bot has confirmed every queued update, i.e. handled them all.</summary>
    private async Task Handled()
    {
        for (var i = 0; i < 1500 && _api.PendingUpdateCount > 0; i++) await Task.Delay(20);
        Assert.Equal(0, _api.PendingUpdateCount);
    }

    /// <summary>Moves time a second at a time (each a clock tick) until the condition holds.</summary>
    private async Task AdvanceUntil(Func<bool> done, int maxSeconds = 120)
    {
        for (var i = 0; i < maxSeconds && !done(); i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            for (var j = 0; j < 30 && !done(); j++) await Task.Delay(10);
        }
        for (var j = 0; j < 1500 && !done(); j++) await Task.Delay(20);
        Assert.True(done(), "the expected bot action did not happen; calls:\n" +
            string.Join("\n", _api.Calls.Where(c => c.Method != "getUpdates").TakeLast(20)));
    }

    private async Task<SentMessage> Say(Chat chat, User from, string text)
    {
        var after = _api.CallCount;
        _api.SendText(chat, from, text);
        return await _api.WaitForMessageAsync(chat.Id, after: after);
    }

    private async Task<SentPoll> StartPrivateQuiz(User user, int count)
    {
        var after = _api.CallCount;
        _api.SendText(FakeBotApi.PrivateChat(user), user, $"/quiz {count}");
        return await _api.WaitForPollAsync(user.Id, after: after);
    }

    private async Task Forget(User user)
    {
        var ask = await Say(FakeBotApi.PrivateChat(user), user, "/forget");
        var after = _api.CallCount;
        _api.PressButton(FakeBotApi.PrivateChat(user), user, ask.MessageId, ask.Buttons.Single(b => b.CallbackData!.Contains(":yes:")).CallbackData!);
        await _api.WaitForCallAsync("answerCallbackQuery", after: after);
    }

    private long Count(string sql, object? args = null)
    {
        using var c = _db.Storage.Connect();
        return c.ExecuteScalar<long>(sql, args);
    }

    [Fact]
    public async Task A_vote_on_a_poll_from_before_forget_never_takes_over_the_question_a_group_is_waiting_for()
    {
        var old = await StartPrivateQuiz(_dora, 2);
        await Forget(_dora);

        // A group's round is waiting for its first poll: Telegram refused the first send, so the question goes again later.
        var members = new[] { FakeBotApi.MakeUser(3001, "成员1"), FakeBotApi.MakeUser(3002, "成员2") };
        var group = NewGroup(-1_001_500, members);
        _api.FailNext("sendPoll", 400, "Bad Request: message is too long");
        Assert.Contains("群组答题开始", (await Say(group, _admin, "/quiz 1")).PlainText);
        await AdvanceUntil(() => _api.CallsTo("sendPoll").Any(c => c.ChatId == group.Id));

        // Dora answers the poll that was open when she asked to be forgotten: it counts nowhere and claims nothing.
        _api.AnswerPoll(old.PollId, _dora, [.. old.CorrectOptionIds]);
        await Handled();
        Assert.Equal(0, Count("SELECT COUNT(*) FROM answers"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM polls WHERE poll_id = @PollId", new { old.PollId }));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM users WHERE user_id = @Id", new { _dora.Id })); // nor stores her name again

        // The group gets its question again, and its members' answers count for it.
        await AdvanceUntil(() => _api.PollsTo(group.Id).Count > 0);
        var poll = _api.PollsTo(group.Id)[0];
        foreach (var m in members) _api.AnswerPoll(poll.PollId, m, [.. poll.CorrectOptionIds]);
        await AdvanceUntil(() => _api.MessagesTo(group.Id).Any(m => m.PlainText.Contains("本轮答题")));
        var results = _api.MessagesTo(group.Id).Last(m => m.PlainText.Contains("本轮答题")).PlainText;
        Assert.Contains("参与人数：2 人", results);
        Assert.DoesNotContain("Dora", results);
    }

    [Fact]
    public async Task A_vote_on_a_poll_from_before_forget_is_not_taken_for_the_question_of_a_new_quiz()
    {
        var old = await StartPrivateQuiz(_dora, 2);
        await Forget(_dora);

        // A new quiz whose first poll Telegram refused: it waits for that question.
        var after = _api.CallCount;
        _api.FailNext("sendPoll", 400, "Bad Request: message is too long");
        _api.SendText(FakeBotApi.PrivateChat(_dora), _dora, "/quiz 2");
        await _api.WaitForCallAsync("sendPoll", c => c.ChatId == _dora.Id, after: after);

        _api.AnswerPoll(old.PollId, _dora, [.. old.CorrectOptionIds]);
        await Handled();
        Assert.Equal(0, Count("SELECT COUNT(*) FROM answers"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM polls WHERE poll_id = @PollId", new { old.PollId }));
    }

    [Fact]
    public async Task Stopping_a_private_quiz_closes_its_open_poll_and_a_late_vote_on_it_counts_nothing()
    {
        var poll = await StartPrivateQuiz(_dora, 3);
        var summary = await Say(FakeBotApi.PrivateChat(_dora), _dora, "/stop");
        Assert.Contains("答题已结束", summary.PlainText);
        Assert.Contains(_api.CallsTo("stopPoll"), c => c.ChatId == _dora.Id);
        Assert.True(_api.FindPoll(poll.PollId)!.IsClosed);

        // A vote given just before the stop and delivered after it.
        _api.AnswerPoll(poll.PollId, _dora, [.. poll.CorrectOptionIds]);
        await Handled();
        Assert.Equal(0, Count("SELECT COUNT(*) FROM answers"));
        Assert.Contains("还没有答过题", (await Say(FakeBotApi.PrivateChat(_dora), _dora, "/me")).PlainText);
    }

    [Fact]
    public async Task Outsiders_voting_on_a_forwarded_group_poll_are_not_scored_ranked_or_counted_as_everyone()
    {
        var members = Enumerable.Range(0, 3).Select(i => FakeBotApi.MakeUser(3101 + i, $"组员{i + 1}")).ToArray();
        var outsiders = Enumerable.Range(0, 4).Select(i => FakeBotApi.MakeUser(4101 + i, $"外人{i + 1}")).ToArray();
        var group = NewGroup(-1_001_600, members);
        Assert.Contains("群组答题开始", (await Say(group, _admin, "/quiz 2")).PlainText);

        // The first poll is forwarded elsewhere: four outsiders answer it at once, as many as the group has people to
        // answer, and two members answer it too. Only the members count, so the question runs its full time.
        await AdvanceUntil(() => _api.PollsTo(group.Id).Count > 0);
        var first = _api.PollsTo(group.Id)[0];
        foreach (var o in outsiders) _api.AnswerPoll(first.PollId, o, [.. first.CorrectOptionIds]);
        foreach (var m in members.Take(2)) _api.AnswerPoll(first.PollId, m, [.. first.CorrectOptionIds]);
        await Handled();
        await AdvanceUntil(() => _api.PollsTo(group.Id).Count > 1);
        Assert.Empty(_api.CallsTo("stopPoll")); // not closed early: it closed itself when its time was up
        var second = _api.PollsTo(group.Id)[1];

        // Telegram cannot say whether the third member belongs to the group: their answer is not scored, and the round goes on.
        _api.FailNext("getChatMember", 400, "Bad Request: user not found");
        _api.AnswerPoll(second.PollId, members[2], [.. second.CorrectOptionIds]);
        _api.AnswerPoll(second.PollId, members[0], [.. second.CorrectOptionIds]);
        await Handled();
        await AdvanceUntil(() => _api.MessagesTo(group.Id).Any(m => m.PlainText.Contains("本轮答题")));
        var results = _api.MessagesTo(group.Id).Last(m => m.PlainText.Contains("本轮答题")).PlainText;
        Assert.Contains("参与人数：2 人", results);
        Assert.Contains("组员1", results);
        Assert.DoesNotContain("外人", results);
        Assert.DoesNotContain("组员3", results);

        var top = (await Say(group, members[0], "/top")).PlainText;
        Assert.DoesNotContain("外人", top);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM answers WHERE user_id >= 4101"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM users WHERE user_id >= 4101")); // nor are their names stored
        // Telegram was asked once per person and round: each outsider once, though each answered, and the members once.
        Assert.Equal(outsiders.Length, _api.CallsTo("getChatMember").Count(c => c.Body.GetProperty("user_id").GetInt64() >= 4101));
        Assert.Single(_api.CallsTo("getChatMember"), c => c.Body.GetProperty("user_id").GetInt64() == members[0].Id);
    }
}

public sealed class VoteStoriesOnSqlite() : VoteStories(StorageProvider.Sqlite);

public sealed class VoteStoriesOnPostgres() : VoteStories(StorageProvider.Postgres);
