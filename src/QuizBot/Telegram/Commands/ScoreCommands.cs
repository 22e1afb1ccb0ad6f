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
        // In a group: this group's members; in a private chat: everyone.
        long? scope = c.IsGroup ? c.ChatId : null;
        var rows = await store.GetLeaderboardAsync(scope, since: 0, TopSize);
        var me = await store.GetPersonalAsync(c.From.Id, scope, since: 0);
        await sender.SendTextAsync(c.ChatId, Texts.Top(rows, me, c.IsGroup ? "本群排行榜（全部时间）" : "总排行榜（全部时间）"), ct: ct);
    }
}
