using QuizBot.Storage;
using Microsoft.Extensions.Time.Testing;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

/// <summary>
/// Group rounds end to end. Time is a FakeTimeProvider: the round clock ticks only when a test moves time, so question
/// deadlines and speed bonuses are exact and nothing sleeps for 30 seconds.
/// </summary>
public abstract class GroupRoundStories : IAsyncLifetime
{
    private readonly TempDatabase _db;

    private protected GroupRoundStories(StorageProvider provider) => _db = new(provider);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    private FakeBotApi _api = null!;
    private TestBot? _bot;
    private readonly User _admin = FakeBotApi.MakeUser(500, "管理员");

    public async Task InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        _bot = await StartBot();
    }

    public async Task DisposeAsync()
    {
        if (_bot is not null) await _bot.DisposeAsync();
        await _api.DisposeAsync();
        _db.Dispose();
    }

    private Task<TestBot> StartBot() => TestBot.StartAsync(_api, _db, time: _time, settings: new() { ["Quiz:QuestionSeconds"] = "30" });

    private Chat NewGroup(long id, int members)
    {
        var group = FakeBotApi.Group(id, $"学习小组{-id}");
        _api.SetAdmins(id, _admin.Id);
        _api.SetMemberCount(id, members + 1); // Telegram counts the bot too
        return group;
    }

    private static List<User> Members(int count, long firstId = 3001) =>
        Enumerable.Range(0, count).Select(i => FakeBotApi.MakeUser(firstId + i, $"成员{i + 1}")).ToList();

    /// <summary>Waits until the bot has taken every queued update and handled them all.</summary>
    private async Task Handled()
    {
        // Taken (confirmed by the next getUpdates) and handled (no update waits in a lane: TestBot's probe).
        await _api.WaitUntilHandledAsync(timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(0, _api.PendingUpdateCount);
    }

    /// <summary>Moves time a second at a time (each a clock tick) until the condition holds.</summary>
    private async Task AdvanceUntil(Func<bool> done, int maxSeconds = 120)
    {
        for (var i = 0; i < maxSeconds && !done(); i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            // Give the tick this second triggered time to act before time moves on: woken by each call the bot makes
            // (so at once when it does what we wait for), at most 300 ms when this tick has nothing to do.
            await _api.TryWaitUntilAsync(done, TimeSpan.FromMilliseconds(300));
        }
        // Under load a tick can take seconds: wait in real time (fake time stays put) rather than fail.
        if (!await _api.TryWaitUntilAsync(done, TimeSpan.FromSeconds(30)))
            Assert.Fail($"the expected bot action did not happen by {_time.GetUtcNow():HH:mm:ss}; calls:\n" +
                string.Join("\n", _api.Calls.Where(c => c.Method != "getUpdates").TakeLast(20)) + "\nlog:\n" +
                string.Join("\n", _bot?.Logs.Lines.Where(l => !l.Text.Contains("getUpdates", StringComparison.Ordinal)).TakeLast(30)
                    .Select(l => $"{l.Level} {l.Category}: {l.Text}") ?? []));
    }

    private readonly Dictionary<long, int> _pollsSeen = [];

    /// <summary>
    /// The group's next poll this test has not looked at yet, moving time until it comes (it may already be there: the
    /// clock steps a round as soon as the bot has read its start-up backlog, without waiting for time to move).
    /// </summary>
    private async Task<SentPoll> NextPoll(Chat group)
    {
        var seen = _pollsSeen.GetValueOrDefault(group.Id);
        await AdvanceUntil(() => _api.PollsTo(group.Id).Count > seen);
        _pollsSeen[group.Id] = seen + 1;
        return _api.PollsTo(group.Id)[seen];
    }

    private async Task<SentMessage> Results(Chat group)
    {
        await AdvanceUntil(() => _api.MessagesTo(group.Id).Any(m => m.PlainText.Contains("本轮答题")));
        return _api.MessagesTo(group.Id).Last(m => m.PlainText.Contains("本轮答题"));
    }

    private async Task<SentMessage> Say(Chat chat, User from, string text)
    {
        var after = _api.CallCount;
        _api.SendText(chat, from, text);
        return await _api.WaitForMessageAsync(chat.Id, after: after);
    }

    private static int Wrong(SentPoll p) => Enumerable.Range(0, p.Options.Count).First(i => !p.CorrectOptionIds.Contains(i));

    [Fact]
    public async Task A_round_with_twenty_members_scores_right_fast_answers_highest_and_shows_names_literally()
    {
        var group = NewGroup(-1001, 25);
        var members = Members(20);
        members[0] = FakeBotApi.MakeUser(3001, "<b>bold</b>");
        members[1] = FakeBotApi.MakeUser(3002, "Tom & Jerry");
        var start = await Say(group, _admin, "/quiz@quiz_test_bot 2");
        Assert.Contains("群组答题开始", start.PlainText);

        var first = await NextPoll(group);
        Assert.False(first.IsAnonymous);
        Assert.Equal(30, first.OpenPeriod);
        Assert.StartsWith("【第1/2题】", first.Question);
        // Members 1-10 answer right at once (20 points), 11-15 right after 15 s (15 points), 16-18 wrong, 19-20 never.
        foreach (var m in members.Take(10)) _api.AnswerPoll(first.PollId, m, [.. first.CorrectOptionIds]);
        await Handled();
        _time.Advance(TimeSpan.FromSeconds(15));
        foreach (var m in members.Skip(10).Take(5)) _api.AnswerPoll(first.PollId, m, [.. first.CorrectOptionIds]);
        foreach (var m in members.Skip(15).Take(3)) _api.AnswerPoll(first.PollId, m, Wrong(first));
        await Handled();

        var second = await NextPoll(group);
        Assert.StartsWith("【第2/2题】", second.Question);
        // On the second question only the first member is right; everybody else who answers is wrong.
        _api.AnswerPoll(second.PollId, members[0], [.. second.CorrectOptionIds]);
        foreach (var m in members.Skip(1).Take(14)) _api.AnswerPoll(second.PollId, m, Wrong(second));
        await Handled();

        var results = await Results(group);
        var text = results.PlainText;
        Assert.Contains("参与人数：18 人", text);
        Assert.Contains("🥇 <b>bold</b> — 40 分（答对 2/2）", text);
        Assert.Contains("🥈 Tom & Jerry — 20 分", text);
        Assert.Contains("本轮最难的题", text);
        Assert.Contains(second.Question[7..], text); // the second question is hardest (1 of 15 right)
        Assert.DoesNotContain("成员19", text);
        Assert.Equal(10, text.Split('\n').Count(l => l.Contains(" 分（答对")));

        var top = await Say(group, members[5], "/top");
        Assert.Contains("本群排行榜", top.PlainText);
        Assert.StartsWith("🏆", top.PlainText);
        var lines = top.PlainText.Split('\n');
        Assert.Contains("🥇 <b>bold</b> — 40 分", lines[1]);
    }

    [Fact]
    public async Task The_first_question_never_arrives_before_the_announcement_that_was_held_by_a_rate_limit()
    {
        var group = NewGroup(-1003, 5);
        Assert.Contains("/quiz", (await Say(group, _admin, "/help")).PlainText); // the start-up backlog is read: the clock ticks
        // Telegram answers the announcement with 429 "retry after 5": the bot waits 20 s (on the injected clock) before
        // sending it again, while the round already exists and the clock ticks every second.
        _api.FailNext("sendMessage", 429, "Too Many Requests: retry after 20", retryAfter: 20);
        var after = _api.CallCount;
        _api.SendText(group, _admin, "/quiz 2");
        await AdvanceUntil(() => _api.MessagesTo(group.Id).Any(m => m.CallIndex > after && m.PlainText.Contains("群组答题开始")));
        var announced = _api.MessagesTo(group.Id).Single(m => m.PlainText.Contains("群组答题开始"));
        var first = await NextPoll(group);
        Assert.True(first.CallIndex > announced.CallIndex, "the first question was sent before the announcement");
        Assert.StartsWith("【第1/2题】", first.Question);
        Assert.Single(_api.PollsTo(group.Id));
    }

    [Fact]
    public async Task A_member_who_is_not_an_admin_can_neither_start_nor_stop_a_round_and_a_second_quiz_starts_nothing()
    {
        var group = NewGroup(-1002, 5);
        var member = Members(1)[0];
        Assert.Contains("只有本群管理员", (await Say(group, member, "/quiz")).PlainText);
        await AdvanceUntil(() => true);
        Assert.Empty(_api.PollsTo(group.Id));

        await Say(group, _admin, "/quiz 3");
        await NextPoll(group);
        Assert.Contains("只有本群管理员", (await Say(group, member, "/stop")).PlainText);
        Assert.Contains("正在进行", (await Say(group, _admin, "/quiz 3")).PlainText);
        var stopped = await Say(group, _admin, "/stop");
        Assert.Contains("提前结束", stopped.PlainText);
        Assert.Single(_api.PollsTo(group.Id));
        Assert.Contains(_api.CallsTo("stopPoll"), c => c.ChatId == group.Id);
    }

    [Fact]
    public async Task An_answer_that_comes_before_its_poll_is_stored_counts_while_several_groups_wait_for_their_polls()
    {
        var groups = new[] { NewGroup(-3001, 5), NewGroup(-3002, 5) };
        var player = Members(1, 4501)[0];
        // Telegram creates both groups' polls at once, but its replies come two seconds late: when the answer arrives the bot
        // knows neither poll's id, and two groups are waiting, so the answer cannot be matched by elimination either.
        _api.DelayReplyNext("sendPoll", TimeSpan.FromSeconds(2), times: 2);
        foreach (var g in groups) Assert.Contains("群组答题开始", (await Say(g, _admin, "/quiz 2")).PlainText);
        await AdvanceUntil(() => groups.All(g => _api.PollsTo(g.Id).Count == 1));
        var poll = _api.PollsTo(groups[0].Id)[0];
        _api.AnswerPoll(poll.PollId, player, [.. poll.CorrectOptionIds]);
        await Handled();

        var results = (await Results(groups[0])).PlainText;
        Assert.Contains("参与人数：1 人", results);
        Assert.Contains(player.FirstName, results);
        Assert.Contains("本轮没有人作答", (await Results(groups[1])).PlainText);
    }

    [Fact]
    public async Task Ten_groups_play_at_once_without_interfering()
    {
        var groups = Enumerable.Range(1, 10).Select(i => NewGroup(-2000 - i, 10)).ToList();
        var players = Members(10, 4001);
        foreach (var g in groups) _api.SendText(g, _admin, "/quiz 2");
        await AdvanceUntil(() => groups.All(g => _api.PollsTo(g.Id).Count == 1));
        for (var i = 0; i < groups.Count; i++)
        {
            var poll = _api.PollsTo(groups[i].Id)[0];
            _api.AnswerPoll(poll.PollId, players[i], [.. poll.CorrectOptionIds]);
        }
        await Handled();
        await AdvanceUntil(() => groups.All(g => _api.MessagesTo(g.Id).Any(m => m.PlainText.Contains("本轮答题结束"))));
        for (var i = 0; i < groups.Count; i++)
        {
            var results = _api.MessagesTo(groups[i].Id).Last(m => m.PlainText.Contains("本轮答题结束")).PlainText;
            Assert.Contains("参与人数：1 人", results);
            Assert.Contains(players[i].FirstName, results);
            Assert.Equal(2, _api.PollsTo(groups[i].Id).Count);
        }
    }

    [Fact]
    public async Task A_question_closes_early_once_every_member_has_answered()
    {
        var group = NewGroup(-1003, 2);
        var members = Members(2);
        await Say(group, _admin, "/quiz 2");
        var first = await NextPoll(group);
        foreach (var m in members) _api.AnswerPoll(first.PollId, m, [.. first.CorrectOptionIds]);
        await Handled();
        var start = _time.GetUtcNow();
        await NextPoll(group);
        Assert.True(_time.GetUtcNow() - start < TimeSpan.FromSeconds(10));
        Assert.Contains(_api.CallsTo("stopPoll"), c => c.ChatId == group.Id);
    }

    [Fact]
    public async Task A_restart_mid_round_keeps_every_answer_and_the_round_finishes()
    {
        var group = NewGroup(-1004, 10);
        var members = Members(3);
        await Say(group, _admin, "/quiz 2");
        var first = await NextPoll(group);
        _api.AnswerPoll(first.PollId, members[0], [.. first.CorrectOptionIds]);
        _api.AnswerPoll(first.PollId, members[1], [.. first.CorrectOptionIds]);
        await Handled();
        await _bot!.DisposeAsync();
        _bot = null;

        var late = _api.AnswerPoll(first.PollId, members[2], [.. first.CorrectOptionIds]); // while the bot is down
        _bot = await StartBot();
        await Handled();
        _api.Redeliver(late); // and once more, as after a crash
        await Handled();
        var second = await NextPoll(group);
        Assert.StartsWith("【第2/2题】", second.Question);
        var results = await Results(group);
        Assert.Contains("参与人数：3 人", results.PlainText);
        Assert.Equal(2, _api.PollsTo(group.Id).Count);
        Assert.Contains("成员3 — 20 分", results.PlainText);
    }

    [Fact]
    public async Task A_group_that_becomes_a_supergroup_keeps_its_scores_under_the_new_id()
    {
        var group = NewGroup(-1005, 10);
        var member = Members(1)[0];
        await Say(group, _admin, "/quiz 1");
        var poll = await NextPoll(group);
        _api.AnswerPoll(poll.PollId, member, [.. poll.CorrectOptionIds]);
        await Handled();
        await Results(group);

        var supergroup = _api.MigrateGroup(group, -1001005, _admin);
        await Handled();
        var top = await Say(supergroup, member, "/top");
        Assert.Contains("成员1 — 20 分", top.PlainText);
    }

    [Fact]
    public async Task When_the_bot_is_removed_mid_round_nothing_more_is_sent_there()
    {
        var group = NewGroup(-1006, 10);
        await Say(group, _admin, "/quiz 3");
        await NextPoll(group);
        _api.RemoveBotFromGroup(group, _admin);
        await Handled();
        var calls = _api.Calls.Count(c => c.ChatId == group.Id);
        // A round in another group, started after the removal, bounds the wait: its question times out after this
        // group's, so once the clock has posted its results, the clock has been past this group's deadline too.
        var control = NewGroup(-1016, 10);
        await Say(control, _admin, "/quiz 1");
        await NextPoll(control);
        var after = _api.CallCount;
        // A tick at a time (70 seconds moved at once can fold into one tick that finds the step still running, and no
        // tick comes after it).
        await AdvanceUntil(() => _api.MessagesTo(control.Id).Any(m => m.CallIndex >= after && m.PlainText.Contains("本轮答题")), maxSeconds: 90);
        Assert.Equal(calls, _api.Calls.Count(c => c.ChatId == group.Id));
    }

    [Fact]
    public async Task Adding_the_bot_to_a_group_posts_a_short_introduction()
    {
        var group = NewGroup(-1007, 10);
        var after = _api.CallCount;
        _api.AddBotToGroup(group, _admin);
        var intro = await _api.WaitForMessageAsync(group.Id, after: after);
        Assert.Contains("管理员发送 /quiz", intro.PlainText);
    }

    [Fact]
    public async Task An_admin_can_switch_the_group_to_accuracy_only_scoring()
    {
        var group = NewGroup(-1008, 10);
        var member = Members(1)[0];
        Assert.Contains("只有本群管理员", (await Say(group, member, "/scoring accuracy")).PlainText);
        Assert.Contains("用法", (await Say(group, _admin, "/scoring fastest")).PlainText);
        Assert.Contains("正确率计分", (await Say(group, _admin, "/scoring accuracy")).PlainText);
        await Say(group, _admin, "/quiz 1");
        var poll = await NextPoll(group);
        _api.AnswerPoll(poll.PollId, member, [.. poll.CorrectOptionIds]);
        await Handled();
        Assert.Contains("成员1 — 10 分", (await Results(group)).PlainText);
    }

    [Fact]
    public async Task Commands_for_another_bot_are_ignored_in_groups()
    {
        var group = NewGroup(-1009, 10);
        _api.SendText(group, _admin, "/quiz@other_bot 3");
        _api.SendText(group, _admin, "/weather");
        await Handled();
        await AdvanceUntil(() => true, 3);
        Assert.Empty(_api.MessagesTo(group.Id));
        Assert.Empty(_api.PollsTo(group.Id));
    }
}

public sealed class GroupRoundStoriesOnSqlite() : GroupRoundStories(StorageProvider.Sqlite);

public sealed class GroupRoundStoriesOnPostgres() : GroupRoundStories(StorageProvider.Postgres);
