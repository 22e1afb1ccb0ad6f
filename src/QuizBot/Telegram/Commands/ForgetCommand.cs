using QuizBot.Quizzes;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace QuizBot.Telegram.Commands;

/// <summary>
/// /forget deletes a person's data after they confirm with a button. The button data names the person; a press by anyone
/// else (a forwarded message, forged data) is refused, and a replayed press simply finds nothing left to delete.
/// </summary>
internal sealed class ForgetCommand(ChatService chats, BotSender sender, ReportCommand report, ILogger<ForgetCommand> log)
{
    public const string Prefix = "forget:";

    public async Task AskAsync(CommandContext c, CancellationToken ct)
    {
        if (!c.IsPrivate)
        {
            await sender.SendTextAsync(c.ChatId, Texts.ForgetOnlyPrivately, ct: ct);
            return;
        }
        var buttons = new InlineKeyboardMarkup(
        [
            [InlineKeyboardButton.WithCallbackData(Texts.ForgetConfirmButton, $"{Prefix}yes:{c.From.Id}")],
            [InlineKeyboardButton.WithCallbackData(Texts.ForgetCancelButton, $"{Prefix}no:{c.From.Id}")],
        ]);
        await sender.SendTextAsync(c.ChatId, Texts.ForgetAsk, buttons, ct);
    }

    /// <summary>Handles a press on a /forget button; returns the short text shown to the presser.</summary>
    public async Task<string> OnButtonAsync(CallbackQuery query, CancellationToken ct)
    {
        var parts = (query.Data ?? "")[Prefix.Length..].Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[1], out var userId) || parts[0] is not ("yes" or "no"))
            return Texts.StaleButton;
        if (userId != query.From.Id || query.Message?.Chat.Id != userId)
            return Texts.NotYourButton;
        if (parts[0] == "no")
        {
            await sender.EditTextAsync(userId, query.Message.MessageId, Texts.ForgetCancelled, ct);
            return Texts.ForgetCancelled;
        }
        await chats.ForgetAsync(userId);
        report.Forget(userId);
        log.LogInformation("Deleted the data of user {UserId} at their request", userId);
        await sender.EditTextAsync(userId, query.Message.MessageId, Texts.ForgetDone, ct);
        return Texts.ForgetDone;
    }
}
