using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

/// <summary>User stories in a private chat, end to end: real host, real Telegram.Bot client, fake Bot API, real SQLite.</summary>
public abstract class PrivateQuizStories : BotStory
{
    private protected PrivateQuizStories(StorageProvider provider) : base(provider) { }

    private readonly User _alice = FakeBotApi.MakeUser(1001, "Alice");

    private Chat AliceChat => FakeBotApi.PrivateChat(_alice);

    private async Task<SentPoll> StartQuiz(User user, int count)
    {
        var after = Api.CallCount;
        Api.SendText(FakeBotApi.PrivateChat(user), user, $"/quiz {count}");
        return await Api.WaitForPollAsync(user.Id, after: after);
    }

    /// <summary>Answers and waits for whatever the bot sends next (the next poll or the summary).</summary>
    private async Task<RecordedCall> Answer(User user, SentPoll poll, bool right)
    {
        var after = Api.CallCount;
        int[] choice = right ? [.. poll.CorrectOptionIds] : [Enumerable.Range(0, poll.Options.Count).First(i => !poll.CorrectOptionIds.Contains(i))];
        Api.AnswerPoll(poll.PollId, user, choice);
        return await Api.WaitForCallAsync("sendPoll", c => c.ChatId == user.Id, after: after) is var c ? c : throw new InvalidOperationException();
    }

    [Fact]
    public async Task Start_and_help_explain_the_bot_and_the_menus_are_registered()
    {
        var start = await Say(_alice, "/start");
        Assert.Contains("学习答题助手", start.PlainText);
        Assert.Equal("HTML", start.ParseMode, ignoreCase: true);
        var help = await Say(_alice, "/help");
        foreach (var command in new[] { "/quiz", "/stop", "/me", "/top", "/daily", "/review" }) Assert.Contains(command, help.PlainText);
        // The menus are published in the background after getMe, so polling starts without waiting for them.
        await Api.WaitForCallAsync("setMyCommands", c => c.Body.GetProperty("scope").GetProperty("type").GetString() == "all_group_chats");
        var menus = Api.CallsTo("setMyCommands");
        Assert.Equal(2, menus.Count);
        Assert.Contains(menus, c => c.Body.GetProperty("scope").GetProperty("type").GetString() == "all_private_chats");
        Assert.Contains(menus, c => c.Body.GetProperty("scope").GetProperty("type").GetString() == "all_group_chats");
    }

    [Fact]
    public async Task A_full_quiz_with_right_and_wrong_answers_ends_with_a_summary_naming_the_misses()
    {
        var first = await StartQuiz(_alice, 3);
        Assert.False(first.IsAnonymous);
        Assert.Equal("quiz", first.Type);
        Assert.StartsWith("【第1/3题】", first.Question);
        Assert.False(string.IsNullOrEmpty(first.Explanation));
        Assert.Null(first.OpenPeriod);

        await Answer(_alice, first, right: true);
        var second = Api.PollsTo(_alice.Id)[^1];
        Assert.StartsWith("【第2/3题】", second.Question);
        await Answer(_alice, second, right: false);
        var third = Api.PollsTo(_alice.Id)[^1];
        Assert.StartsWith("【第3/3题】", third.Question);

        var after = Api.CallCount;
        Api.AnswerPoll(third.PollId, _alice, [.. third.CorrectOptionIds]);
        var summary = await Api.WaitForMessageAsync(_alice.Id, m => m.PlainText.Contains("答题完成"), after: after);
        Assert.Contains("2/3", summary.PlainText);
        Assert.Contains("错题回顾", summary.PlainText);
        var missedAnswer = second.Options[second.CorrectOptionIds[0]];
        Assert.Contains($"正确答案：{missedAnswer}", summary.PlainText);
        Assert.Contains("📖", summary.PlainText);
        Assert.Equal(3, Api.PollsTo(_alice.Id).Count);

        var me = await Say(_alice, "/me");
        Assert.Contains("答题数：3", me.PlainText);
        Assert.Contains("答对：2", me.PlainText);
        Assert.Contains("积分：20", me.PlainText);
        Assert.Contains("第 1 名", me.PlainText);
        var top = await Say(_alice, "/top");
        Assert.Contains("Alice — 20 分", top.PlainText);
    }

    [Fact]
    public async Task The_same_poll_answer_delivered_twice_counts_once()
    {
        var first = await StartQuiz(_alice, 2);
        var after = Api.CallCount;
        var update = Api.AnswerPoll(first.PollId, _alice, [.. first.CorrectOptionIds]);
        await Api.WaitForPollAsync(_alice.Id, after: after);
        Api.Redeliver(update);
        var me = await Say(_alice, "/me");
        Assert.Contains("答题数：1", me.PlainText);
        Assert.Contains("积分：10", me.PlainText);
        Assert.Equal(2, Api.PollsTo(_alice.Id).Count); // the redelivery did not skip ahead
    }

    [Fact]
    public async Task A_bad_question_count_gets_a_clear_reply()
    {
        foreach (var arg in new[] { "0", "21", "abc", "-3", "99999999999999999999" })
        {
            var reply = await Say(_alice, $"/quiz {arg}");
            Assert.Contains("不是有效的题数", reply.PlainText);
        }
        Assert.Empty(Api.PollsTo(_alice.Id));
    }

    [Fact]
    public async Task Quiz_during_a_quiz_says_one_is_running_and_stop_ends_it_with_the_summary_so_far()
    {
        var first = await StartQuiz(_alice, 5);
        await Answer(_alice, first, right: true);
        var running = await Say(_alice, "/quiz");
        Assert.Contains("正在进行", running.PlainText);
        var stopped = await Say(_alice, "/stop");
        Assert.Contains("答题已结束", stopped.PlainText);
        Assert.Contains("1/2", stopped.PlainText);
        Assert.Contains("未作答：1 题", stopped.PlainText);
        // The same /stop again at once is answered once (ChatterGate); someone else's /stop with no quiz is told so.
        var again = await Say(FakeBotApi.MakeUser(1003, "Carol"), "/stop");
        Assert.Contains("没有进行中的答题", again.PlainText);
    }

    [Fact]
    public async Task A_user_with_markup_in_their_name_appears_literally_in_top()
    {
        var tom = FakeBotApi.MakeUser(1002, "<b>Tom", "& \"Jerry\"</b>");
        var poll = await StartQuiz(tom, 1);
        var after = Api.CallCount;
        Api.AnswerPoll(poll.PollId, tom, [.. poll.CorrectOptionIds]);
        await Api.WaitForMessageAsync(tom.Id, after: after);
        var top = await Say(_alice, "/top");
        Assert.Contains("<b>Tom & \"Jerry\"</b> — 10 分", top.PlainText);
    }

    [Fact]
    public async Task Unknown_commands_and_plain_text_get_a_pointer_to_help()
    {
        Assert.Contains("/help", (await Say(_alice, "/frobnicate")).PlainText);
        Assert.Contains("/quiz", (await Say(_alice, "你好")).PlainText);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_the_reply_still_arrives()
    {
        Api.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1);
        var reply = await Say(_alice, "/start");
        Assert.Contains("学习答题助手", reply.PlainText);
        Assert.Contains(Api.CallsTo("sendMessage"), c => c.StatusCode == 429);
    }

    [Fact]
    public async Task The_token_never_appears_in_any_log_line()
    {
        Api.FailNext("getUpdates", 500, "Internal Server Error", times: 2);
        Api.FailNext("sendMessage", 400, "Bad Request: something odd");
        await Say(_alice, "/start").ContinueWith(_ => { });
        await Say(_alice, "/help");
        var secret = FakeBotApi.Token.Split(':')[1];
        Assert.NotEmpty(Bot.Logs.Lines);
        Assert.DoesNotContain(Bot.Logs.Lines, l => l.Text.Contains(secret, StringComparison.Ordinal));
    }
}

public sealed class PrivateQuizStoriesOnSqlite() : PrivateQuizStories(StorageProvider.Sqlite);

public sealed class PrivateQuizStoriesOnPostgres() : PrivateQuizStories(StorageProvider.Postgres);
