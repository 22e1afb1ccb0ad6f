using QuizBot.Storage;

namespace QuizBot.Telegram.Commands;

/// <summary>/me and /top, computed from the answer log.</summary>
internal sealed class ScoreCommands(IQuizStore store, BotSender sender)
{
    public const int TopSize = 10;

    public async Task MeAsync(CommandContext c, CancellationToken ct)
    {
        var me = await store.GetPersonalAsync(c.From.Id, chatId: null, since: 0);
        await sender.SendTextAsync(c.ChatId, Texts.Me(me), ct: ct);
    }

    public async Task TopAsync(CommandContext c, CancellationToken ct)
    {
        var rows = await store.GetLeaderboardAsync(chatId: null, since: 0, TopSize);
        var me = await store.GetPersonalAsync(c.From.Id, chatId: null, since: 0);
        await sender.SendTextAsync(c.ChatId, Texts.Top(rows, me, "总排行榜（全部时间）"), ct: ct);
    }
}
