using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

public abstract class PrivacyStories : BotStory
{
    private protected PrivacyStories(StorageProvider provider) : base(provider) { }

    private readonly User _dora = FakeBotApi.MakeUser(6001, "Dora");
    private readonly User _eve = FakeBotApi.MakeUser(6002, "Eve");

    private async Task<RecordedCall> Press(User user, SentMessage message, string data, Chat? chat = null)
    {
        var after = Api.CallCount;
        Api.PressButton(chat ?? FakeBotApi.PrivateChat(user), user, message.MessageId, data);
        return await Api.WaitForCallAsync("answerCallbackQuery", after: after);
    }

    private async Task PlayOneQuestion(User user)
    {
        var after = Api.CallCount;
        Api.SendText(FakeBotApi.PrivateChat(user), user, "/quiz 1");
        var poll = await Api.WaitForPollAsync(user.Id, after: after);
        after = Api.CallCount;
        Api.AnswerPoll(poll.PollId, user, [.. poll.CorrectOptionIds]);
        await Api.WaitForMessageAsync(user.Id, after: after);
    }

    [Fact]
    public async Task Forget_deletes_a_persons_data_only_after_they_confirm()
    {
        await PlayOneQuestion(_dora);
        var ask = await Say(_dora, "/forget");
        Assert.Contains("确认要删除", ask.PlainText);
        var yes = ask.Buttons.Single(b => b.CallbackData!.Contains(":yes:")).CallbackData!;
        Assert.Contains("答题数：1", (await Say(_dora, "/me")).PlainText); // nothing deleted before the press

        var answer = await Press(_dora, ask, yes);
        Assert.Contains("已全部删除", answer.Body.GetProperty("text").GetString());
        Assert.Contains("还没有答过题", (await Say(_dora, "/me")).PlainText);
        Assert.DoesNotContain("Dora", (await Say(_eve, "/top")).PlainText);

        var replay = await Press(_dora, ask, yes); // a replayed press finds nothing left and breaks nothing
        Assert.Contains("已全部删除", replay.Body.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Nobody_can_press_someone_elses_forget_button()
    {
        await PlayOneQuestion(_dora);
        var ask = await Say(_dora, "/forget");
        var yes = ask.Buttons.Single(b => b.CallbackData!.Contains(":yes:")).CallbackData!;
        var forged = await Press(_eve, ask, yes, FakeBotApi.PrivateChat(_eve));
        Assert.Contains("不是你的按钮", forged.Body.GetProperty("text").GetString());
        Assert.Contains("答题数：1", (await Say(_dora, "/me")).PlainText);
    }

    [Fact]
    public async Task Cancel_keeps_everything()
    {
        await PlayOneQuestion(_dora);
        var ask = await Say(_dora, "/forget");
        var no = ask.Buttons.Single(b => b.CallbackData!.Contains(":no:")).CallbackData!;
        Assert.Contains("已取消", (await Press(_dora, ask, no)).Body.GetProperty("text").GetString());
        Assert.Contains("答题数：1", (await Say(_dora, "/me")).PlainText);
    }

    [Theory]
    [InlineData("forget:yes:abc")]
    [InlineData("forget:")]
    [InlineData("forget:maybe:6001")]
    [InlineData("quiz:answer:1:2")]
    [InlineData("x")]
    public async Task Forged_or_unknown_button_data_gets_an_expired_answer_and_changes_nothing(string data)
    {
        await PlayOneQuestion(_dora);
        var ask = await Say(_dora, "/forget");
        var reply = await Press(_dora, ask, data);
        Assert.Contains("已失效", reply.Body.GetProperty("text").GetString());
        Assert.Contains("答题数：1", (await Say(_dora, "/me")).PlainText);
    }

    [Fact]
    public async Task Forget_in_a_group_points_to_a_private_chat()
    {
        var group = FakeBotApi.Group(-7001, "学习小组");
        Assert.Contains("私聊", (await Say(_dora, "/forget", group)).PlainText);
    }
}

public sealed class PrivacyStoriesOnSqlite() : PrivacyStories(StorageProvider.Sqlite);

public sealed class PrivacyStoriesOnPostgres() : PrivacyStories(StorageProvider.Postgres);
