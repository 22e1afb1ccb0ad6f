using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

/// <summary>One running bot shared by the hostile-input cases (each uses its own people and chats).</summary>
public sealed class HostileBotFixture : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private long _nextId = 50_000;

    public FakeBotApi Api { get; private set; } = null!;
    internal TestBot Bot { get; private set; } = null!;

    public User NewUser(string name = "测试者") => FakeBotApi.MakeUser(Interlocked.Increment(ref _nextId), name);

    public Chat NewGroup(User admin, int members = 10)
    {
        var id = -Interlocked.Increment(ref _nextId);
        Api.SetAdmins(id, admin.Id);
        Api.SetMemberCount(id, members + 1);
        return FakeBotApi.Group(id, "学习小组");
    }

    public async Task InitializeAsync()
    {
        Api = await FakeBotApi.StartAsync();
        Bot = await TestBot.StartAsync(Api, _db);
    }

    public async Task DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Api.DisposeAsync();
        _db.Dispose();
    }
}

/// <summary>
/// Hostile and odd input. Every case must get a clear reply or deliberate silence, never a request Telegram rejects (a 400
/// means broken HTML or an over-long text), and the bot must still answer afterwards.
/// </summary>
public sealed class HostileInputStories(HostileBotFixture fx) : IClassFixture<HostileBotFixture>
{
    private FakeBotApi Api => fx.Api;

    /// <summary>Sends, waits until the bot handled it, then proves the bot still answers; returns what the case produced.</summary>
    private async Task<IReadOnlyList<SentMessage>> Send(Chat chat, User from, string text)
    {
        var before = Api.CallCount;
        Api.SendText(chat, from, text);
        var probe = FakeBotApi.PrivateChat(from);
        var mark = Api.CallCount;
        Api.SendText(probe, from, "/help");
        var alive = await Api.WaitForMessageAsync(probe.Id, m => m.PlainText.Contains("可用命令") && m.PlainText.Contains("/forget"), after: mark);
        // Once every update is taken and handled, the case's own reply (if any) is out.
        await Api.WaitUntilHandledAsync();
        AssertNothingRejected(before);
        return Api.MessagesTo(chat.Id).Where(m => m.CallIndex >= before && m.CallIndex != alive.CallIndex).ToList();
    }

    private void AssertNothingRejected(int after) =>
        Assert.DoesNotContain(Api.Calls.Skip(after), c => c.StatusCode == 400 && c.Method != "stopPoll");

    public static TheoryData<string, string> PrivateCommands => new()
    {
        { "/quiz 0", "不是有效的题数" },
        { "/quiz -1", "不是有效的题数" },
        { "/quiz 21", "不是有效的题数" },
        { "/quiz 1.5", "不是有效的题数" },
        { "/quiz 5 5", "不是有效的题数" },
        { "/quiz ５５", "不是有效的题数" },
        { "/quiz 0x10", "不是有效的题数" },
        { "/quiz +3", "不是有效的题数" },
        { "/quiz 2147483648", "不是有效的题数" },
        { "/quiz 99999999999999999999999999", "不是有效的题数" },
        { "/quiz <b>3</b>", "不是有效的题数" },
        { "/quiz &amp;", "不是有效的题数" },
        { "/quiz " + new string('9', 4000), "不是有效的题数" },
        { "/quiz 三", "不是有效的题数" },
        { "/stop", "没有进行中的答题" },
        { "/stop now please", "没有进行中的答题" },
        { "/frobnicate", "/help" },
        { "/a_very_long_command_name_that_is_longer_than_thirty_two", "/help" },
        { "/scoring speed", "/help" },
        { "/start some-deep-link-payload", "学习答题助手" },
        { "/START", "学习答题助手" },
        { "/help@quiz_test_bot", "可用命令" },
        { "/", "/quiz" },
        { "//", "/help" },
        { "/ quiz", "/quiz" },
        { "/quiz@other_bot 3", "/quiz" },
        { "hello", "/quiz" },
        { "😀😀😀", "/quiz" },
        { "\u202Eevil right-to-left\u202C", "/quiz" },
        { "<script>alert(1)</script>", "/quiz" },
        { new string('长', 4096), "/quiz" },
        { "/forget@quiz_test_bot", "确认要删除" },
        { "/me", "" },
        { "/top", "" },
        { "/daily", "" },
        { "/daily 25:00", "" },
        { "/daily 7:5x", "" },
        { "/daily 12:60", "" },
        { "/daily off", "" },
        { "/review", "" },
        { "/review now", "" },
        { "/top never", "" },
        { "/me <b>", "" },
        { "/stats", "" },
        { "/export 2026-13", "" },
    };

    [Theory]
    [MemberData(nameof(PrivateCommands))]
    public async Task Odd_private_messages_get_a_clear_reply_and_break_nothing(string text, string expected)
    {
        var user = fx.NewUser();
        var replies = await Send(FakeBotApi.PrivateChat(user), user, text);
        var reply = Assert.Single(replies);
        Assert.Contains(expected, reply.PlainText);
    }

    public static TheoryData<string> GroupCommandsFromMembers => new()
    {
        "/quiz", "/quiz 3", "/stop", "/scoring accuracy", "/daily 08:00", "/daily off", "/stats", "/export", "/export 2026-01",
    };

    [Theory]
    [MemberData(nameof(GroupCommandsFromMembers))]
    public async Task A_member_who_is_not_an_admin_cannot_run_admin_commands_in_a_group(string text)
    {
        var admin = fx.NewUser("管理员");
        var group = fx.NewGroup(admin);
        var member = fx.NewUser("普通成员");
        var replies = await Send(group, member, text);
        Assert.Contains("管理员", Assert.Single(replies).PlainText);
        Assert.Empty(Api.PollsTo(group.Id));
        Assert.Empty(Api.FilesTo(group.Id));
    }

    [Theory]
    [InlineData("/weather")]
    [InlineData("/quiz@other_bot")]
    [InlineData("/stop@other_bot")]
    [InlineData("just chatting")]
    [InlineData("")]
    public async Task Group_chatter_and_other_bots_commands_get_no_reply(string text)
    {
        var admin = fx.NewUser("管理员");
        var group = fx.NewGroup(admin);
        Assert.Empty(await Send(group, admin, text));
    }

    [Fact]
    public async Task Unknown_update_types_edits_and_channel_posts_are_ignored()
    {
        var user = fx.NewUser();
        var chat = FakeBotApi.PrivateChat(user);
        var before = Api.CallCount;
        Api.Enqueue(new Update { EditedMessage = new Message { Id = 1, Chat = chat, From = user, Text = "/quiz 3", Date = DateTime.UtcNow } });
        Api.Enqueue(new Update { ChannelPost = new Message { Id = 2, Chat = FakeBotApi.Group(-1009999, "频道"), Text = "/quiz", Date = DateTime.UtcNow } });
        Api.Enqueue(new Update { ChatJoinRequest = new ChatJoinRequest { Chat = FakeBotApi.Group(-1009998, "群"), From = user, UserChatId = user.Id, Date = DateTime.UtcNow } });
        Api.Enqueue(new Update { Message = new Message { Id = 3, Chat = chat, From = user, Date = DateTime.UtcNow, Sticker = new Sticker { FileId = "x", FileUniqueId = "y", Width = 1, Height = 1, Type = global::Telegram.Bot.Types.Enums.StickerType.Regular } } });
        var replies = await Send(chat, user, "/start");
        Assert.Single(replies); // only /start answered
        Assert.Empty(Api.PollsTo(user.Id));
        AssertNothingRejected(before);
    }

    [Fact]
    public async Task Poll_answers_for_unknown_polls_and_retractions_change_nothing()
    {
        var user = fx.NewUser();
        Api.AnswerPoll("no-such-poll", user, 0);
        Api.AnswerPoll("", user, 1);
        Api.SendText(FakeBotApi.PrivateChat(user), user, "/quiz 2");
        var poll = await Api.WaitForPollAsync(user.Id);
        Api.AnswerPoll(poll.PollId, user); // a retraction: no options
        var replies = await Send(FakeBotApi.PrivateChat(user), user, "/me");
        Assert.Contains("还没有答过题", replies.Last().PlainText);
        Assert.Single(Api.PollsTo(user.Id));
    }

    [Fact]
    public async Task Answering_twice_or_for_someone_elses_quiz_counts_only_the_owners_first_answer()
    {
        var owner = fx.NewUser("主人");
        var stranger = fx.NewUser("路人");
        Api.SendText(FakeBotApi.PrivateChat(owner), owner, "/quiz 2");
        var poll = await Api.WaitForPollAsync(owner.Id);
        var wrong = Enumerable.Range(0, poll.Options.Count).First(i => !poll.CorrectOptionIds.Contains(i));
        Api.AnswerPoll(poll.PollId, stranger, [.. poll.CorrectOptionIds]); // a vote on a forwarded copy
        var after = Api.CallCount;
        Api.AnswerPoll(poll.PollId, owner, wrong);
        await Api.WaitForPollAsync(owner.Id, after: after);
        Api.AnswerPoll(poll.PollId, owner, [.. poll.CorrectOptionIds]); // a second vote on the same poll (forged)
        var mine = await Send(FakeBotApi.PrivateChat(owner), owner, "/me");
        Assert.Contains("答题数：1", mine.Last().PlainText);
        Assert.Contains("答对：0", mine.Last().PlainText);
        var theirs = await Send(FakeBotApi.PrivateChat(stranger), stranger, "/me");
        Assert.Contains("还没有答过题", theirs.Last().PlainText);
    }

    [Theory]
    [InlineData("<b>Tom & \"Jerry\"</b>")]
    [InlineData("😀🎉 学习达人 🇨🇳")]
    [InlineData("\u202Eevil\u202C ادم")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("&lt;not an entity&gt; & <i>")]
    public async Task Any_name_is_shown_literally_in_the_leaderboard(string name)
    {
        var player = fx.NewUser(name);
        Api.SendText(FakeBotApi.PrivateChat(player), player, "/quiz 1");
        var poll = await Api.WaitForPollAsync(player.Id);
        var after = Api.CallCount;
        Api.AnswerPoll(poll.PollId, player, [.. poll.CorrectOptionIds]);
        await Api.WaitForMessageAsync(player.Id, after: after);
        var top = await Send(FakeBotApi.PrivateChat(player), player, "/top");
        // Shown as written, less the invisible direction controls that could reorder the line (ScoreStories.A_name_with_direction_controls…).
        var shown = string.Concat(name.Where(ch => ch is not (>= '\u202A' and <= '\u202E') and not (>= '\u2066' and <= '\u2069')));
        Assert.Contains(shown, top.Last().PlainText);
    }

    [Fact]
    public async Task Two_hundred_members_answering_within_a_second_are_all_counted_once()
    {
        var admin = fx.NewUser("管理员");
        var group = fx.NewGroup(admin, members: 200);
        var members = Enumerable.Range(0, 200).Select(i => fx.NewUser($"成员{i}")).ToList();
        Api.SendText(group, admin, "/quiz 1");
        var poll = await Api.WaitForPollAsync(group.Id, timeout: TimeSpan.FromSeconds(20));
        var before = Api.CallCount;
        foreach (var m in members) Api.AnswerPoll(poll.PollId, m, [.. poll.CorrectOptionIds]);
        foreach (var m in members.Take(50)) Api.AnswerPoll(poll.PollId, m, [.. poll.CorrectOptionIds]); // and some twice
        var results = await Api.WaitForMessageAsync(group.Id, m => m.PlainText.Contains("本轮答题结束"), timeout: TimeSpan.FromSeconds(30), after: before);
        Assert.Contains("参与人数：200 人", results.PlainText); // every member answered: closed early, nobody lost
        AssertNothingRejected(before);
    }
}
