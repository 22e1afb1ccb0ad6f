using System.Collections.Concurrent;
using QuizBot.Quizzes;
using QuizBot.Storage;
using Telegram.Bot.Types;

namespace QuizBot.Telegram;

/// <summary>
/// Whether a person answering a group's poll is a member of that group (issue 10: a forwarded poll keeps its id, and
/// anyone it reaches can answer it). Telegram is asked once per person and round (getChatMember) and the answer is kept
/// for the round. An error counts as "not a member" for that one answer and is not kept, so the next answer asks again;
/// it never stops the round.
/// </summary>
internal sealed class RoundMembers(BotSender sender, ILogger<RoundMembers> log) : IRoundMembers
{
    /// <summary>Bounds the memory (a few dozen bytes an entry); past it, it is simply started afresh.</summary>
    private const int Remembered = 100_000;

    private readonly ConcurrentDictionary<(long RoundId, long UserId), bool> _known = new();

    public async Task<bool> IsMemberAsync(RoundRecord round, long userId, CancellationToken ct)
    {
        if (_known.TryGetValue((round.RoundId, userId), out var known)) return known;
        var member = await sender.GetChatMemberAsync(round.ChatId, userId, ct);
        if (member is null)
        {
            log.LogWarning("Could not ask whether {UserId} is a member of chat {ChatId}: their answer in round {RoundId} is not scored",
                userId, round.ChatId, round.RoundId);
            return false;
        }
        var isMember = member switch
        {
            ChatMemberOwner or ChatMemberAdministrator or ChatMemberMember => true,
            ChatMemberRestricted restricted => restricted.IsMember,
            _ => false, // left or banned
        };
        if (!isMember) log.LogDebug("{UserId} answered round {RoundId} of chat {ChatId} without being a member: not scored", userId, round.RoundId, round.ChatId);
        if (_known.Count >= Remembered) _known.Clear();
        _known[(round.RoundId, userId)] = isMember;
        return isMember;
    }
}
