using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using Telegram.Bot.Types;

namespace QuizBot.Tests.Support;

/// <summary>
/// A story class's set-up: for each test a fresh database of the given provider, a fake Bot API of its own and the real
/// host started against both; all three gone after the test.
/// </summary>
public abstract class BotStory : IAsyncLifetime
{
    private protected BotStory(StorageProvider provider) => Db = new(provider);

    private protected TempDatabase Db { get; }
    private protected FakeBotApi Api { get; private set; } = null!;
    private protected TestBot Bot { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await FakeBotApi.StartAsync();
        Bot = await TestBot.StartAsync(Api, Db);
    }

    public async Task DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Api.DisposeAsync();
        Db.Dispose();
    }

    /// <summary>Sends <paramref name="text"/> as <paramref name="user"/> (in a private chat unless given) and waits for the reply.</summary>
    private protected async Task<SentMessage> Say(User user, string text, Chat? chat = null)
    {
        chat ??= FakeBotApi.PrivateChat(user);
        var after = Api.CallCount;
        Api.SendText(chat, user, text);
        return await Api.WaitForMessageAsync(chat.Id, after: after);
    }
}
