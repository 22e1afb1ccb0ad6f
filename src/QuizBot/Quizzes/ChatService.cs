using QuizBot.Storage;

namespace QuizBot.Quizzes;

/// <summary>
/// The chats and people the bot meets, as the transport reports them (docs/storage.md): who sent a command and where, a
/// chat the bot left or was removed from, a group that became a supergroup, a person who asked to be forgotten.
/// </summary>
internal sealed class ChatService(ChatStore chats, PeopleStore people, TimeProvider time)
{
    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A person sent a command in a chat: both are stored (or refreshed) before the command runs.</summary>
    public async Task SeenAsync(long userId, string displayName, string? username, long chatId, string kind, string? title)
    {
        await people.UpsertUserAsync(userId, displayName, username, Now);
        await chats.UpsertChatAsync(chatId, kind, title, Now);
    }

    /// <summary>The bot is (again) a member of a chat.</summary>
    public Task ChatSeenAsync(long chatId, string kind, string? title) => chats.UpsertChatAsync(chatId, kind, title, Now);

    /// <summary>The bot left the chat, was removed or blocked: nothing more is sent there until it is back.</summary>
    public Task LeftAsync(long chatId) => chats.SetChatStateAsync(chatId, "left", Now);

    /// <summary>A group became a supergroup: everything of the group follows it to its new id.</summary>
    public Task MigratedAsync(long fromChatId, long toChatId) => chats.MigrateChatAsync(fromChatId, toChatId, Now);

    /// <summary>/forget, confirmed: deletes everything stored about the person.</summary>
    public Task ForgetAsync(long userId) => people.ForgetUserAsync(userId, Now);
}
