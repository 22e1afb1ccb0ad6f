using QuizBot.Telegram;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>Issue 15: one table of commands drives routing, /help and both menus.</summary>
public sealed class CommandTableStories
{
    [Fact]
    public async Task Every_command_of_the_table_is_routed_listed_in_help_and_in_the_menus_of_its_scopes()
    {
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        await using var bot = await TestBot.StartAsync(api, db);

        var id = 7100;
        foreach (var command in CommandTable.All)
        {
            var chat = command.Scopes.HasFlag(CommandScope.Private)
                ? FakeBotApi.PrivateChat(FakeBotApi.MakeUser(++id, "甲"))
                : FakeBotApi.Group(-(++id), "学习小组");
            var from = FakeBotApi.MakeUser(++id, "乙");
            if (chat.Id > 0) from = FakeBotApi.MakeUser(chat.Id, "甲");
            else api.SetAdmins(chat.Id, from.Id);
            var after = api.CallCount;
            api.SendText(chat, from, "/" + command.Name);
            if (command.Name == "quiz")
            {
                await api.WaitForPollAsync(chat.Id, after: after); // a private quiz answers with its first question
                continue;
            }
            var reply = await api.WaitForMessageAsync(chat.Id, after: after);
            Assert.DoesNotContain("暂不支持命令", reply.PlainText); // routed to its handler, not the unknown-command reply
        }

        var helpAfter = api.CallCount;
        var asker = FakeBotApi.MakeUser(7999, "丙");
        api.SendText(FakeBotApi.PrivateChat(asker), asker, "/help");
        var help = (await api.WaitForMessageAsync(asker.Id, after: helpAfter)).PlainText;
        foreach (var command in CommandTable.All.Where(c => c.Name != "start")) Assert.Contains("/" + command.Name, help);

        await api.WaitForCallAsync("setMyCommands", c => c.Body.GetProperty("scope").GetProperty("type").GetString() == "all_group_chats");
        foreach (var (scope, type) in new[] { (CommandScope.Private, "all_private_chats"), (CommandScope.Group, "all_group_chats") })
        {
            var menu = api.CallsTo("setMyCommands").Single(c => c.Body.GetProperty("scope").GetProperty("type").GetString() == type);
            var names = menu.Body.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("command").GetString()).ToList();
            Assert.Equal(CommandTable.All.Where(c => c.Scopes.HasFlag(scope) && c.Name != "start").Select(c => c.Name), names);
        }
    }
}
