using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using QuizBot.Telegram;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

/// <summary>
/// Issue 10: one chat cannot slow the others. Real time, real host, the fake Bot API enforcing Telegram's limits.
/// </summary>
public sealed class IsolationStories
{
    [Fact]
    public async Task A_flooded_private_chat_and_group_delay_nobody_else_and_the_round_keeps_full_speed_points()
    {
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions { EnforceRateLimits = true });
        await using var bot = await TestBot.StartAsync(api, db, settings: new() { ["Quiz:QuestionSeconds"] = "30" });
        var spammer = FakeBotApi.MakeUser(9001, "刷屏者");
        var noisyGroup = FakeBotApi.Group(-9100, "热闹的群");
        var heckler = FakeBotApi.MakeUser(9002, "捣乱者");
        api.SetAdmins(noisyGroup.Id, 9003);
        var studyGroup = FakeBotApi.Group(-9200, "学习小组");
        var admin = FakeBotApi.MakeUser(9201, "组织者");
        var members = Enumerable.Range(0, 5).Select(i => FakeBotApi.MakeUser(9210 + i, $"组员{i + 1}")).ToList();
        api.SetAdmins(studyGroup.Id, admin.Id);
        api.SetMemberCount(studyGroup.Id, members.Count + 2); // the members, the admin and the bot
        var carol = FakeBotApi.MakeUser(9301, "Carol");

        // 150 texts in one private chat and 60 /help from a member of another group, all waiting for the bot at once,
        // and behind them an admin's round and a private quiz.
        for (var i = 0; i < 150; i++) api.SendText(FakeBotApi.PrivateChat(spammer), spammer, $"你好 {i}");
        for (var i = 0; i < 60; i++) api.SendText(noisyGroup, heckler, "/help");
        var clock = Stopwatch.StartNew();
        api.SendText(studyGroup, admin, "/quiz 1");
        api.SendText(FakeBotApi.PrivateChat(carol), carol, "/quiz 1");

        var roundPoll = await api.WaitForPollAsync(studyGroup.Id, timeout: TimeSpan.FromSeconds(30));
        var roundPollAfter = clock.Elapsed;
        foreach (var m in members.Append(admin)) api.AnswerPoll(roundPoll.PollId, m, [.. roundPoll.CorrectOptionIds]);
        var privatePoll = await api.WaitForPollAsync(carol.Id, timeout: TimeSpan.FromSeconds(30));
        var privatePollAfter = clock.Elapsed;

        // Everyone answered, so the round closes early with its podium.
        var podium = await api.WaitForMessageAsync(studyGroup.Id, m => m.PlainText.Contains("🥇", StringComparison.Ordinal),
            timeout: TimeSpan.FromSeconds(40));
        // Served in the order they came, at Telegram's limits, the replies to the flood alone would take 150 s; isolated,
        // the first questions go out at once (about a second; the bound leaves room for a loaded machine).
        var timeline = string.Join("\n", api.Calls.Where(c => c.Method != "getUpdates").Take(40).Select(c => $"{c.Index} {c.Method} {c.ChatId} {c.At:HH:mm:ss.fff}"));
        Assert.True(roundPollAfter < TimeSpan.FromSeconds(10), $"the round's first poll took {roundPollAfter.TotalSeconds:N1} s\n{timeline}");
        Assert.True(privatePollAfter < TimeSpan.FromSeconds(10), $"the private quiz's first question took {privatePollAfter.TotalSeconds:N1} s\n{timeline}");
        Assert.StartsWith("【第1/1题】", privatePoll.Question);
        using (var c = db.Database.Open())
        {
            var points = c.Query<long>("SELECT points FROM answers WHERE poll_id = @PollId", new { roundPoll.PollId }).ToList();
            Assert.Equal(members.Count + 1, points.Count);
            // 10 for right plus up to 10 for speed: answered within about a second of 30, nearly full marks (18 leaves room for
            // a loaded machine; an answer timed when the flood was finally read would get far less).
            Assert.All(points, p => Assert.True(p >= 18, $"only {p} points"));
        }
        foreach (var m in members) Assert.Contains(m.FirstName, podium.PlainText);

        // The chatter got a few replies on purpose, not one per message, and nothing Telegram would refuse was sent.
        // The 60 /help reach the bot over one or two reads of getUpdates (100 updates each, behind the 150 texts): one
        // reply per read at most, since the same command again is dropped only until the bot starts on the first.
        Assert.Single(api.MessagesTo(spammer.Id));
        var helpReplies = api.MessagesTo(noisyGroup.Id).Count;
        Assert.InRange(helpReplies, 1, 2);
        Assert.Equal(0, api.TooManyRequestsCount);
        var gate = bot.Host.Services.GetRequiredService<ChatterGate>();
        Assert.Equal(149 + 60 - helpReplies, gate.Dropped);
        Assert.Single(bot.Logs.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("Chat 9001 sends faster", StringComparison.Ordinal));
        Assert.Single(bot.Logs.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("Chat -9100 sends faster", StringComparison.Ordinal));
    }
}

/// <summary>What the gate lets through, one rule at a time (no host: the gate alone, with a fake clock).</summary>
public sealed class ChatterGateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    private readonly ListLoggerProvider _logs = new();
    private readonly ChatterGate _gate;
    private int _nextUpdate = 1;

    public ChatterGateTests()
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(_logs));
        _gate = new ChatterGate(new BotIdentity { Username = "quiz_test_bot" }, _time, factory.CreateLogger<ChatterGate>());
    }

    private Update Text(Chat chat, User from, string text) => new()
    {
        Id = _nextUpdate++,
        Message = new Message { Id = _nextUpdate, Chat = chat, From = from, Text = text, Date = _time.GetUtcNow().UtcDateTime },
    };

    [Fact]
    public void Plain_text_in_a_private_chat_gets_one_reply_and_the_rest_is_dropped_with_one_log_line()
    {
        var who = FakeBotApi.MakeUser(1, "甲");
        var admitted = Enumerable.Range(0, 150).Count(i => _gate.Admit(Text(FakeBotApi.PrivateChat(who), who, $"消息{i}")));
        Assert.Equal(1, admitted);
        Assert.Equal(149, _gate.Dropped);
        Assert.Single(_logs.Lines, l => l.Level == LogLevel.Warning);
    }

    [Fact]
    public void The_same_command_sent_again_before_the_bot_started_on_it_is_answered_once_and_again_after()
    {
        var who = FakeBotApi.MakeUser(2, "乙");
        var group = FakeBotApi.Group(-20, "群");
        var first = Text(group, who, "/help");
        Assert.True(_gate.Admit(first));
        for (var i = 0; i < 59; i++) Assert.False(_gate.Admit(Text(group, who, "/help")));
        _gate.Started(first);
        Assert.True(_gate.Admit(Text(group, who, "/help")));
        Assert.Single(_logs.Lines, l => l.Level == LogLevel.Warning); // one incident, however it is interleaved
        _time.Advance(ChatterGate.IncidentQuiet + TimeSpan.FromSeconds(1));
        Assert.True(_gate.Admit(Text(group, who, "/top")));
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Information && l.Text.Contains("59 messages were dropped", StringComparison.Ordinal));
        Assert.True(_gate.Admit(Text(FakeBotApi.PrivateChat(who), who, "/help"))); // the same command elsewhere is another
    }

    [Fact]
    public void One_person_gets_a_burst_of_commands_and_poll_answers_always_pass()
    {
        var who = FakeBotApi.MakeUser(3, "丙");
        var chat = FakeBotApi.PrivateChat(who);
        var admitted = Enumerable.Range(1, 30).Count(i => _gate.Admit(Text(chat, who, $"/quiz {i}"))); // all different
        Assert.Equal(ChatterGate.PersonBurst, admitted);
        Assert.True(_gate.Admit(new Update { Id = 999, PollAnswer = new PollAnswer { PollId = "p", User = who, OptionIds = [0] } }));
    }

    [Fact]
    public void Commands_in_a_group_that_only_show_something_share_a_budget_and_quiz_commands_do_not_use_it()
    {
        var group = FakeBotApi.Group(-30, "群");
        var admitted = Enumerable.Range(0, 40).Count(i => _gate.Admit(Text(group, FakeBotApi.MakeUser(100 + i, "人"), "/top")));
        Assert.Equal(ChatterGate.GroupInfoBurst, admitted);
        Assert.True(_gate.Admit(Text(group, FakeBotApi.MakeUser(500, "管理员"), "/quiz 3")));
        Assert.True(_gate.Admit(Text(group, FakeBotApi.MakeUser(501, "闲聊"), "大家好"))); // chatter the bot never answers costs nothing
    }

    [Fact]
    public void A_command_that_only_shows_something_is_not_answered_after_waiting_a_minute_but_a_quiz_start_is()
    {
        var who = FakeBotApi.MakeUser(4, "丁");
        var chat = FakeBotApi.PrivateChat(who);
        var seen = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _time.Advance(ChatterGate.StaleAfter + TimeSpan.FromSeconds(1));
        Assert.True(_gate.IsStale(Text(chat, who, "/help"), seen));
        Assert.False(_gate.IsStale(Text(chat, who, "/quiz 3"), seen));
        Assert.False(_gate.IsStale(Text(chat, who, "/help"), _time.GetUtcNow().ToUnixTimeMilliseconds()));
    }
}
