namespace QuizBot.Telegram.Commands;

/// <summary>/start and /help: fixed texts.</summary>
internal sealed class InfoCommands(BotSender sender)
{
    public Task StartAsync(CommandContext c, CancellationToken ct) => sender.SendTextAsync(c.ChatId, Texts.Start, ct: ct);

    public Task HelpAsync(CommandContext c, CancellationToken ct) => sender.SendTextAsync(c.ChatId, CommandTable.HelpText(), ct: ct);
}
