using QuizBot.Storage;
using Dapper;
using QuizBot.Telegram.Commands;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

/// <summary>Learners report a problem in a question (纠错, issue 13): the 报告问题 button, the choice of question, the note.</summary>
public abstract class ReportStories : BotStory
{
    private protected ReportStories(StorageProvider provider) : base(provider) { }

    private readonly User _dora = FakeBotApi.MakeUser(6101, "Dora");
    private readonly User _eve = FakeBotApi.MakeUser(6102, "Eve");

    /// <summary>Presses a button; returns the answer to the press and the message it sent, if any, before that answer.</summary>
    private async Task<(string Answer, SentMessage? Sent)> Press(User user, SentMessage message, string data, Chat? chat = null)
    {
        var after = Api.CallCount;
        Api.PressButton(chat ?? FakeBotApi.PrivateChat(user), user, message.MessageId, data);
        var answer = await Api.WaitForCallAsync("answerCallbackQuery", after: after);
        var sent = Api.Calls.Skip(after).Select(c => c.Artifact).OfType<SentMessage>().LastOrDefault();
        return (answer.Body.GetProperty("text").GetString() ?? "", sent);
    }

    /// <summary>Plays a private quiz of <paramref name="count"/> questions, answering right, and returns its summary.</summary>
    private async Task<SentMessage> FinishQuiz(User user, int count)
    {
        var after = Api.CallCount;
        Api.SendText(FakeBotApi.PrivateChat(user), user, $"/quiz {count}");
        for (var i = 0; i < count; i++)
        {
            var poll = await Api.WaitForPollAsync(user.Id, after: after);
            after = Api.CallCount;
            Api.AnswerPoll(poll.PollId, user, [.. poll.CorrectOptionIds]);
        }
        return await Api.WaitForMessageAsync(user.Id, m => m.PlainText.Contains("答题完成"), after: after);
    }

    private List<(string QuestionId, long UserId, string? Note)> Reports()
    {
        using var c = Db.Storage.Connect();
        return c.Query<(string, long, string?)>("SELECT question_id, user_id, note FROM reports ORDER BY question_id, user_id").ToList();
    }

    private List<string> PolledQuestions(long chatId)
    {
        using var c = Db.Storage.Connect();
        return c.Query<string>("""
            SELECT p.question_id FROM polls p JOIN rounds r ON r.round_id = p.round_id WHERE r.chat_id = @chatId ORDER BY p.round_id, p.seq
            """, new { chatId }).ToList();
    }

    [Fact]
    public async Task A_learner_reports_a_question_of_a_finished_quiz_with_a_note()
    {
        var summary = await FinishQuiz(_dora, 3);
        var report = Assert.Single(summary.Buttons);
        Assert.Contains("报告问题", report.Text);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(report.CallbackData!) <= 64);

        var (picked, which) = await Press(_dora, summary, report.CallbackData!);
        Assert.Contains("选择", picked);
        Assert.NotNull(which);
        Assert.Contains("哪一道题", which.PlainText);
        Assert.Equal(3, which.Buttons.Count); // one button per question
        Assert.StartsWith("第 2 题", which.Buttons[1].Text);

        var (received, invite) = await Press(_dora, which, which.Buttons[1].CallbackData!);
        Assert.Contains("已记录", received);
        Assert.Contains("第 2 题", invite!.PlainText);
        var second = PolledQuestions(_dora.Id)[1];
        Assert.Equal([(second, _dora.Id, (string?)null)], Reports()); // stored at the press, before any note

        var thanks = await Say(_dora, "选项 B 与原文不符");
        Assert.Contains("谢谢你的说明", thanks.PlainText);
        Assert.Equal([(second, _dora.Id, (string?)"选项 B 与原文不符")], Reports());

        // The next plain message is not a note any more.
        Assert.DoesNotContain("谢谢", (await Say(_dora, "还有一件事")).PlainText);
    }

    [Fact]
    public async Task A_note_gets_through_even_when_the_chat_just_had_its_one_chatter_reply_of_the_minute()
    {
        Assert.Contains("/quiz", (await Say(_dora, "你好")).PlainText); // plain text: one reply a minute (ChatterGate)
        var summary = await FinishQuiz(_dora, 1);
        var (received, invite) = await Press(_dora, summary, Assert.Single(summary.Buttons).CallbackData!);
        Assert.Contains("已记录", received);
        Assert.NotNull(invite);
        Assert.Contains("谢谢你的说明", (await Say(_dora, "题干有错别字")).PlainText);
        Assert.Equal("题干有错别字", Assert.Single(Reports()).Note);
    }

    [Fact]
    public async Task Reporting_the_same_question_again_updates_the_report_and_forget_deletes_it()
    {
        var summary = await FinishQuiz(_dora, 1);
        var data = Assert.Single(summary.Buttons).CallbackData!;
        var (_, invite) = await Press(_dora, summary, data); // one question: no choice to make
        Assert.Contains("第 1 题", invite!.PlainText);
        await Say(_dora, "答案有误");
        await Press(_dora, summary, data);
        await Say(_dora, "解析也不对");
        Assert.Equal([(PolledQuestions(_dora.Id)[0], _dora.Id, (string?)"解析也不对")], Reports());

        var ask = await Say(_dora, "/forget");
        await Press(_dora, ask, ask.Buttons.Single(b => b.CallbackData!.Contains(":yes:")).CallbackData!);
        Assert.Empty(Reports());
    }

    [Theory]
    [InlineData("report:r:abc")]
    [InlineData("report:r:999999")]
    [InlineData("report:q:1:99")]
    [InlineData("report:q:1")]
    [InlineData("report:")]
    [InlineData("report:x:1")]
    public async Task Forged_report_buttons_get_the_expired_answer_and_store_nothing(string data)
    {
        var summary = await FinishQuiz(_dora, 1);
        var (answer, _) = await Press(_dora, summary, data);
        Assert.Equal(Texts.StaleButton, answer);
        Assert.Empty(Reports());
    }

    [Fact]
    public async Task A_report_button_copied_into_another_chat_is_expired_there()
    {
        var summary = await FinishQuiz(_dora, 1);
        var data = Assert.Single(summary.Buttons).CallbackData!;
        var (answer, _) = await Press(_eve, summary, data, FakeBotApi.PrivateChat(_eve));
        Assert.Equal(Texts.StaleButton, answer);
        Assert.Empty(Reports());
        Assert.StartsWith(ReportCommand.Prefix, data);
    }
    [Fact]
    public async Task In_a_group_a_report_is_stored_without_a_note()
    {
        var group = FakeBotApi.Group(-6100, "学习小组");
        Api.SetAdmins(group.Id, _dora.Id);
        Api.SetMemberCount(group.Id, 2); // Dora and the bot: the round closes once she has answered
        var after = Api.CallCount;
        Api.SendText(group, _dora, "/quiz 1");
        var poll = await Api.WaitForPollAsync(group.Id, after: after);
        after = Api.CallCount;
        Api.AnswerPoll(poll.PollId, _dora, [.. poll.CorrectOptionIds]);
        var results = await Api.WaitForMessageAsync(group.Id, m => m.Buttons.Count > 0, after: after);

        // Eve, another member, reports the round's only question from the group.
        var (answer, _) = await Press(_eve, results, Assert.Single(results.Buttons).CallbackData!, group);
        Assert.Equal(Texts.ReportThanksInGroup, answer);
        Assert.Equal([(PolledQuestions(group.Id)[0], _eve.Id, (string?)null)], Reports());

        // Nothing waits for a note: Eve's next private message is answered as any other.
        Assert.Equal(Texts.NotACommand, (await Say(_eve, "答案不对")).PlainText);
        Assert.Equal([(PolledQuestions(group.Id)[0], _eve.Id, (string?)null)], Reports());
    }
}

public sealed class ReportStoriesOnSqlite() : ReportStories(StorageProvider.Sqlite);

public sealed class ReportStoriesOnPostgres() : ReportStories(StorageProvider.Postgres);
