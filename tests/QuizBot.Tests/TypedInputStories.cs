using QuizBot.Tests.Fakes;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

/// <summary>
/// Arguments as people really type them: Chinese input methods give full-width digits, letters, colons and spaces
/// (０７：３０, ｍｏｎｔｈ, U+3000). Each command that takes an argument reads them as their ASCII twins; digits of other
/// scripts, which have no such twin, get the command's usage reply, never an error.
/// </summary>
public sealed class TypedInputStories(HostileBotFixture fx) : IClassFixture<HostileBotFixture>
{
    private FakeBotApi Api => fx.Api;

    private async Task<SentMessage> Reply(Chat chat, User from, string text)
    {
        var after = Api.CallCount;
        Api.SendText(chat, from, text);
        return await Api.WaitForMessageAsync(chat.Id, after: after);
    }

    private int Errors => fx.Bot.Logs.Lines.Count(l => l.Level >= LogLevel.Error);

    [Theory]
    [InlineData("/quiz ５", 5)]
    [InlineData("/quiz　３", 3)] // an ideographic space between command and argument
    [InlineData("/quiz １２", 12)]
    public async Task A_private_quiz_takes_a_count_typed_in_full_width_digits(string text, int count)
    {
        var user = fx.NewUser();
        Api.SendText(FakeBotApi.PrivateChat(user), user, text);
        var poll = await Api.WaitForPollAsync(user.Id);
        Assert.StartsWith($"【第1/{count}题】", poll.Question, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_round_takes_a_count_typed_in_full_width_digits()
    {
        var admin = fx.NewUser("管理员");
        var group = fx.NewGroup(admin);
        Api.SendText(group, admin, "/quiz ３");
        var poll = await Api.WaitForPollAsync(group.Id, timeout: TimeSpan.FromSeconds(20));
        Assert.StartsWith("【第1/3题】", poll.Question, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/daily ０７：３０", "07:30")]
    [InlineData("/daily　７：０５", "07:05")]
    [InlineData("/daily ２１．００", "21:00")]
    public async Task Daily_takes_a_time_typed_with_a_chinese_input_method(string text, string shown)
    {
        var user = fx.NewUser();
        var errors = Errors;
        var reply = await Reply(FakeBotApi.PrivateChat(user), user, text);
        Assert.Contains($"已开启每日学习推送：每天 {shown}", reply.PlainText, StringComparison.Ordinal);
        Assert.Equal(errors, Errors);
    }

    [Theory]
    [InlineData("/daily ٠٧:٣٠")] // Arabic-Indic digits: \d matches them, NFKC leaves them, int.Parse refuses them
    [InlineData("/daily ०७:३०")] // Devanagari
    [InlineData("/daily ０７：６０")]
    public async Task A_time_in_digits_of_another_script_gets_the_usage_reply_not_an_error(string text)
    {
        var user = fx.NewUser();
        var errors = Errors;
        var reply = await Reply(FakeBotApi.PrivateChat(user), user, text);
        Assert.Contains("不是有效的时间", reply.PlainText, StringComparison.Ordinal);
        Assert.Equal(errors, Errors);
    }

    [Theory]
    [InlineData("/daily ０７：３０")]
    [InlineData("/daily ٠٧:٣٠")]
    [InlineData("/daily 25:00")]
    [InlineData("/daily nonsense")]
    [InlineData("/scoring ｓｐｅｅｄ")]
    [InlineData("/scoring nonsense")]
    public async Task A_member_who_is_not_an_admin_is_told_so_before_the_argument_is_even_read(string text)
    {
        var admin = fx.NewUser("管理员");
        var group = fx.NewGroup(admin);
        var member = fx.NewUser("普通成员");
        var errors = Errors;
        var reply = await Reply(group, member, text);
        Assert.Contains("只有本群管理员", reply.PlainText, StringComparison.Ordinal);
        Assert.Equal(errors, Errors);
        Assert.Contains("未开启", (await Reply(group, admin, "/daily")).PlainText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/top　本周", "总排行榜 · 本周（")]
    [InlineData("/top ｍｏｎｔｈ", "总排行榜 · 本月（")]
    [InlineData("/top ＡＬＬ", "总排行榜 · 全部时间")]
    public async Task Top_reads_a_period_typed_in_full_width(string text, string title)
    {
        var user = fx.NewUser();
        var reply = await Reply(FakeBotApi.PrivateChat(user), user, text);
        Assert.Contains(title, reply.PlainText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/export ２０２６年３月")]
    [InlineData("/export ２０２６－０３")]
    [InlineData("/export　２０２６／３")]
    public async Task Export_reads_a_month_typed_in_full_width(string text)
    {
        var admin = fx.NewUser("管理员");
        var group = fx.NewGroup(admin);
        var errors = Errors;
        var reply = await Reply(group, admin, text);
        Assert.Contains("2026年3月本群没有答题记录", reply.PlainText, StringComparison.Ordinal);
        Assert.Equal(errors, Errors);
    }

    [Fact]
    public async Task Export_of_a_month_in_digits_of_another_script_gets_the_usage_reply_not_an_error()
    {
        var admin = fx.NewUser("管理员");
        var group = fx.NewGroup(admin);
        var errors = Errors;
        var reply = await Reply(group, admin, "/export ٢٠٢٦-٠٣");
        Assert.Contains("不是有效的月份", reply.PlainText, StringComparison.Ordinal);
        Assert.Equal(errors, Errors);
    }

    [Theory]
    [InlineData("/scoring ａｃｃｕｒａｃｙ", "正确率计分")]
    [InlineData("/scoring　ＳＰＥＥＤ", "速度计分")]
    public async Task Scoring_reads_a_mode_typed_in_full_width(string text, string changed)
    {
        var admin = fx.NewUser("管理员");
        var group = fx.NewGroup(admin);
        var reply = await Reply(group, admin, text);
        Assert.Contains($"已切换为{changed}", reply.PlainText, StringComparison.Ordinal);
    }
}
