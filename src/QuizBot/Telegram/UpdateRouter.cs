using QuizBot.Core.Quizzes;
using QuizBot.Quizzes;
using QuizBot.Storage;
using QuizBot.Telegram.Commands;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuizBot.Telegram;

/// <summary>
/// Routes each update by its shape, then by command (<see cref="UpdateLanes"/> hands them over, one chat or person at a
/// time). One failing update is logged and never stops the others.
/// </summary>
internal sealed class UpdateRouter(
    BotIdentity identity,
    InfoCommands info,
    QuizCommand quizCommand,
    GroupRounds groups,
    ForgetCommand forget,
    ReportCommand report,
    ScoreCommands scores,
    QuizService quiz,
    QuizFlow flow,
    DailyCommands daily,
    ChatService chats,
    BotSender sender,
    PollsInFlight inFlight,
    TimeProvider time,
    ILogger<UpdateRouter> log)
{
    /// <summary>
    /// When this process first saw each update it has not yet handled (the database was unavailable): a held answer is
    /// scored at that moment, not when storage came back, so an outage costs nobody points. Kept only until handled.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, long> _firstSeen = new();

    /// <summary>Notes updates seen but not handled yet (taken from Telegram, or looked at during an outage).</summary>
    public void Seen(IEnumerable<Update> updates)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var u in updates) _firstSeen.TryAdd(u.Id, now);
    }

    /// <summary>Notes when an update was first seen by an earlier process (its inbox row, after a restart).</summary>
    public void Seen(int updateId, long seenAt) => _firstSeen.TryAdd(updateId, seenAt);

    /// <summary>Updates dropped before they were stored (chatter) need no first-seen time.</summary>
    public void Forget(IEnumerable<int> updateIds)
    {
        foreach (var id in updateIds) _firstSeen.TryRemove(id, out _);
    }

    /// <summary>When this process (or the one before it) first saw the update.</summary>
    public long SeenAt(int updateId) => _firstSeen.GetValueOrDefault(updateId, time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>False when the update failed for want of storage and must be handled again later.</summary>
    public async Task<bool> HandleSafelyAsync(Update update, CancellationToken ct)
    {
        try
        {
            await HandleAsync(update, ct);
            _firstSeen.TryRemove(update.Id, out _);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex))
        {
            LastStorageError = StorageErrors.Describe(ex);
            log.LogDebug("Update {UpdateId} waits for storage: {Error}", update.Id, LastStorageError);
            return false;
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Update {UpdateId} ({Type}) failed; going on with the next", update.Id, update.Type);
            _firstSeen.TryRemove(update.Id, out _);
            return true;
        }
    }

    /// <summary>What the database said the last time an update could not be stored, for the incident's log line.</summary>
    public string LastStorageError { get; private set; } = "";

    /// <summary>
    /// The chat to tell that its command is held while storage is unavailable (it is kept and will be handled without
    /// being sent again; until then nothing else answers), or null. Poll answers get no reply (they never do), nor does
    /// other chatter; the caller tells each chat once per outage, which keeps a busy group from a flood.
    /// </summary>
    public long? HeldNoticeChat(Update update)
    {
        if (update.Message is not { From: { IsBot: false } } message || CommandLine.Parse(message.Text, identity.Username) is not { } command) return null;
        if (message.Chat.Type != ChatType.Private && !command.AddressedToUs && !CommandTable.IsKnown(command.Name)) return null;
        return message.Chat.Id;
    }

    public async Task SendHeldNoticeAsync(long chatId, CancellationToken ct)
    {
        try
        {
            await sender.SendTextAsync(chatId, Texts.StorageUnavailable, ct: ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // A chat that turned out to be gone may want marking in the database, which is what is failing.
            log.LogDebug("Could not tell chat {ChatId} its command is held: {Error}", chatId, ex.Message);
        }
    }

    private async Task HandleAsync(Update update, CancellationToken ct)
    {
        switch (update)
        {
            case { Message: { } message }:
                await OnMessageAsync(message, ct);
                break;
            case { PollAnswer: { } answer }:
                await OnPollAnswerAsync(answer, _firstSeen.GetValueOrDefault(update.Id, time.GetUtcNow().ToUnixTimeMilliseconds()), ct);
                break;
            case { CallbackQuery: { } callback }:
                await OnButtonAsync(callback, ct);
                break;
            case { MyChatMember: { } member }:
                await OnMembershipAsync(member, ct);
                break;
            default:
                log.LogDebug("Ignoring update {UpdateId} of type {Type}", update.Id, update.Type);
                break;
        }
    }

    private async Task OnMessageAsync(Message message, CancellationToken ct)
    {
        if (message.MigrateToChatId is { } newChatId)
        {
            await chats.MigratedAsync(message.Chat.Id, newChatId);
            return;
        }
        // Other bots and channel posts are ignored; an anonymous group admin posts as the group itself and is let through.
        if (message.From is not { } from || (from.IsBot && message.SenderChat?.Id != message.Chat.Id)) return;
        var command = CommandLine.Parse(message.Text, identity.Username);
        var isPrivate = message.Chat.Type == ChatType.Private;
        if (command is null)
        {
            // A note typed right after picking a question to report (ReportCommand) is the one plain text we read.
            if (isPrivate && message.Text is not null && !await report.TryTakeNoteAsync(message, ct))
                await sender.SendTextAsync(message.Chat.Id, Texts.NotACommand, ct: ct);
            return;
        }

        await chats.SeenAsync(from.Id, DisplayName(from), from.Username,
            message.Chat.Id, message.Chat.Type.ToString().ToLowerInvariant(), message.Chat.Title);
        var c = new CommandContext(message, command, from);
        switch (command.Name)
        {
            case "start": await info.StartAsync(c, ct); break;
            case "help": await info.HelpAsync(c, ct); break;
            case "quiz": await quizCommand.StartAsync(c, ct); break;
            case "stop": await quizCommand.StopAsync(c, ct); break;
            case "me": await scores.MeAsync(c, ct); break;
            case "top": await scores.TopAsync(c, ct); break;
            case "stats": await scores.StatsAsync(c, ct); break;
            case "export": await scores.ExportAsync(c, ct); break;
            case "forget": await forget.AskAsync(c, ct); break;
            case "scoring" when c.IsGroup: await groups.SetScoringAsync(c, ct); break;
            case "daily": await daily.DailyAsync(c, ct); break;
            case "review": await daily.ReviewAsync(c, ct); break;
            default:
                // In groups, other bots' commands are not ours to answer unless explicitly addressed to us.
                if (isPrivate || command.AddressedToUs) await sender.SendTextAsync(c.ChatId, Texts.UnknownCommand("/" + command.Name), ct: ct);
                break;
        }
    }

    /// <summary>Every press is answered (the client shows a spinner until then); unknown or forged data gets "expired".</summary>
    private async Task OnButtonAsync(CallbackQuery callback, CancellationToken ct)
    {
        var reply = callback.Data switch
        {
            { } data when data.StartsWith(ForgetCommand.Prefix, StringComparison.Ordinal) => await forget.OnButtonAsync(callback, ct),
            { } data when data.StartsWith(ReportCommand.Prefix, StringComparison.Ordinal) => await report.OnButtonAsync(callback, ct),
            _ => Texts.StaleButton,
        };
        await sender.AnswerCallbackAsync(callback.Id, reply, ct);
    }

    private async Task OnPollAnswerAsync(PollAnswer answer, long seenAt, CancellationToken ct)
    {
        if (answer.User is not { } user) return; // a chat voting as itself cannot be scored
        var name = new PersonName(DisplayName(user), user.Username); // stored only with an answer that counts
        var result = await quiz.AnswerAsync(answer.PollId, user.Id, answer.OptionIds, seenAt, name, ct);
        // A poll answered before its send's reply was stored: wait for the sends in flight, then try once more (also when
        // none is: the poll may have been stored between the lookup and the adoption attempt, which then found nothing).
        if (result is { Outcome: AnswerOutcome.UnknownPoll, Poll: null })
        {
            await inFlight.WaitForCurrentAsync(ct);
            log.LogDebug("Poll {PollId} was unknown; tried again once the polls being sent were stored", answer.PollId);
            result = await quiz.AnswerAsync(answer.PollId, user.Id, answer.OptionIds, seenAt, name, ct);
        }
        // A redelivered answer (Duplicate) may come after a crash that struck between storing the answer and moving the
        // quiz on: moving on is idempotent (compare-and-set on the position), so it is attempted for duplicates too.
        if (result is { Outcome: AnswerOutcome.Duplicate, Round: { Kind: RoundKind.Private } again, Poll: { } againPoll })
        {
            await flow.OnAnsweredAsync(again, againPoll, ct);
            return;
        }
        if (result.Outcome != AnswerOutcome.Counted)
        {
            log.LogDebug("Poll answer {PollId} from {UserId}: {Outcome}", answer.PollId, user.Id, result.Outcome);
            return;
        }
        if (result.Round is { Kind: RoundKind.Private } round && result.Poll is { } poll)
            await flow.OnAnsweredAsync(round, poll, ct);
        else if (result.Round is { Kind: RoundKind.Daily } dailyRound && result.Poll is { } dailyPoll)
            await daily.OnDailyAnswerAsync(dailyRound, dailyPoll, user.Id, ct);
    }

    /// <summary>The bot's own membership changed: added to a group (introduce ourselves), removed, blocked or unblocked.</summary>
    private async Task OnMembershipAsync(ChatMemberUpdated update, CancellationToken ct)
    {
        var chat = update.Chat;
        var gone = update.NewChatMember.Status is ChatMemberStatus.Left or ChatMemberStatus.Kicked;
        var wasIn = update.OldChatMember.Status is not (ChatMemberStatus.Left or ChatMemberStatus.Kicked);
        if (gone)
        {
            await chats.LeftAsync(chat.Id);
            if (await quiz.GetRunningRoundAsync(chat.Id) is { } round) await quiz.EndAsync(round, RoundState.Stopped);
            return;
        }
        await chats.ChatSeenAsync(chat.Id, chat.Type.ToString().ToLowerInvariant(), chat.Title);
        if (!wasIn && chat.Type is ChatType.Group or ChatType.Supergroup) await sender.SendTextAsync(chat.Id, Texts.GroupIntro, ct: ct);
    }

    /// <summary>The name as the person wrote it (escaped only when rendered).</summary>
    public static string DisplayName(User u) =>
        string.IsNullOrWhiteSpace(u.LastName) ? u.FirstName : $"{u.FirstName} {u.LastName}";
}

/// <summary>The bot's own username, learned from getMe at start, to recognise "/quiz@ThisBot".</summary>
internal sealed class BotIdentity
{
    public string Username { get; set; } = "";
}
