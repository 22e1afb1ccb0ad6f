using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuizBot.Telegram.Commands;

/// <summary>What every command handler needs to know about the message that invoked it.</summary>
internal sealed record CommandContext(Message Message, CommandLine Command, User From)
{
    public long ChatId => Message.Chat.Id;
    public bool IsPrivate => Message.Chat.Type == ChatType.Private;
    public bool IsGroup => Message.Chat.Type is ChatType.Group or ChatType.Supergroup;
}
