using System.Collections.Concurrent;
using System.Globalization;
using QuizBot.Quizzes;
using QuizBot.Storage;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace QuizBot.Telegram.Commands;

/// <summary>
/// Learners report a problem in a question (纠错, issue 13; docs/question-bank.md, "Reports"). A quiz's summary, a group
/// round's results and the daily messages that close a day's questions carry a "report" button naming the round; pressing
/// it offers one button per question of the round (or goes straight on when there was one). Picking a question stores the
/// report at once; in a private chat the next plain text message within <see cref="NoteWindow"/> is kept as its note. In a
/// group nobody's note is read (with privacy mode on the bot does not even see plain messages), so a group's reports carry
/// no note. Button data names only the round and the question's position, and is checked against the stored round and
/// the chat the button was pressed in: forged or stale data gets "expired".
/// </summary>
internal sealed class ReportCommand(QuizService quiz, BotSender sender, TimeProvider time, ILogger<ReportCommand> log)
{
    public const string Prefix = "report:";

    /// <summary>How long after picking a question a typed message is taken for its note.</summary>
    public static readonly TimeSpan NoteWindow = TimeSpan.FromMinutes(5);

    /// <summary>Notes longer than this are cut: a note is a hint for the editor, not an essay.</summary>
    public const int MaxNoteLength = 1000;

    /// <summary>Who may type a note now, for which question, until when (in memory: a restart only loses the invitation).</summary>
    private readonly ConcurrentDictionary<long, (string QuestionId, long Until)> _awaitingNote = new();

    /// <summary>The "report a problem" button under a message about the questions of <paramref name="roundId"/>.</summary>
    public static InlineKeyboardMarkup Button(long roundId) =>
        new([[InlineKeyboardButton.WithCallbackData(Texts.ReportButton, $"{Prefix}r:{roundId.ToString(CultureInfo.InvariantCulture)}")]]);

    /// <summary>Handles a press on a report button; returns the short text shown to the presser.</summary>
    public async Task<string> OnButtonAsync(CallbackQuery query, CancellationToken ct)
    {
        var parts = (query.Data ?? "")[Prefix.Length..].Split(':');
        if (query.Message is not { } message || parts.Length < 2 || !TryParse(parts[1], out var roundId)) return Texts.StaleButton;
        // The button must be pressed in the chat its round was played in: copied data from another chat names nothing here.
        if (await quiz.GetRoundAsync(roundId) is not { } round || round.ChatId != message.Chat.Id) return Texts.StaleButton;
        switch (parts)
        {
            case ["r", _]:
                var polls = await quiz.GetPollsAsync(roundId);
                if (polls.Count == 0) return Texts.StaleButton;
                if (polls.Count == 1) return await ReportAsync(query, message, polls[0], ct);
                var buttons = polls.OrderBy(p => p.Seq).Select(p => new[]
                {
                    InlineKeyboardButton.WithCallbackData(Texts.ReportQuestionButton((int)p.Seq + 1, quiz.Bank.Find(p.QuestionId)?.Text),
                        $"{Prefix}q:{roundId.ToString(CultureInfo.InvariantCulture)}:{p.Seq.ToString(CultureInfo.InvariantCulture)}"),
                });
                await sender.SendTextAsync(message.Chat.Id, Texts.ReportWhich, new InlineKeyboardMarkup(buttons), ct);
                return Texts.ReportPickQuestion;
            case ["q", _, var seqText] when TryParse(seqText, out var seq):
                return await quiz.GetPollAsync(roundId, seq) is { } poll ? await ReportAsync(query, message, poll, ct) : Texts.StaleButton;
            default:
                return Texts.StaleButton;
        }
    }

    private async Task<string> ReportAsync(CallbackQuery query, Message message, PollRecord poll, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var userId = query.From.Id;
        await quiz.ReportAsync(poll.QuestionId, userId, null, now);
        log.LogInformation("User {UserId} reported question {QuestionId}", userId, poll.QuestionId);
        if (message.Chat.Type != ChatType.Private) return Texts.ReportThanksInGroup;
        _awaitingNote[userId] = (poll.QuestionId, now + (long)NoteWindow.TotalMilliseconds);
        await sender.SendTextAsync(message.Chat.Id, Texts.ReportAskNote((int)poll.Seq + 1, (int)NoteWindow.TotalMinutes), ct: ct);
        return Texts.ReportReceived;
    }

    /// <summary>
    /// A plain text message in a private chat: when its writer picked a question to report within the last few minutes,
    /// it is that report's note (stored, thanked for) and true is returned; otherwise false and nothing happens.
    /// </summary>
    public async Task<bool> TryTakeNoteAsync(Message message, CancellationToken ct)
    {
        if (message is not { From: { } from, Text: { } text } || message.Chat.Type != ChatType.Private) return false;
        if (!_awaitingNote.TryRemove(from.Id, out var awaiting)) return false;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (now > awaiting.Until) return false;
        var note = text.Trim();
        if (note.Length > MaxNoteLength) note = note[..MaxNoteLength];
        await quiz.ReportAsync(awaiting.QuestionId, from.Id, note, now);
        await sender.SendTextAsync(message.Chat.Id, Texts.ReportNoteThanks, ct: ct);
        return true;
    }

    /// <summary>Whether this person was invited to type a note and may still do so (the chatter gate lets it through).</summary>
    public bool AwaitsNote(long userId) =>
        _awaitingNote.TryGetValue(userId, out var awaiting) && time.GetUtcNow().ToUnixTimeMilliseconds() <= awaiting.Until;

    /// <summary>After /forget: an invitation to type a note must not bring a report back.</summary>
    public void Forget(long userId) => _awaitingNote.TryRemove(userId, out _);

    private static bool TryParse(string s, out long value) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
