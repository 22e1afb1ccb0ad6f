using System.Globalization;
using System.Text.RegularExpressions;
using QuizBot.Core.Questions;
using QuizBot.Core.Scores;
using QuizBot.Storage;

namespace QuizBot.Telegram.Commands;

// /stats and /export: a group's study at a glance and its monthly study record, for the group's administrators.
internal sealed partial class ScoreCommands
{
    public const int HardestShown = 3;

    /// <summary>Answers a question needs in the group before /stats flags it: a group's log is small, so lower than the authoring tool's 20.</summary>
    public const int ItemMinAnswers = 10;

    /// <summary>Flagged questions listed by /stats (the rest are counted).</summary>
    public const int ItemsShown = 5;

    public async Task StatsAsync(CommandContext c, CancellationToken ct)
    {
        if (!await AllowedAsync(c, ct)) return;
        var week = StudyCalendar.Window(ScorePeriod.Week, time.GetUtcNow(), _zone);
        var answers = await store.GetChatAnswersAsync(c.ChatId, week.StartMs, week.EndMs);
        var tallies = await store.GetChatQuestionTalliesAsync(c.ChatId, week.StartMs, week.EndMs);
        int? members = answers.Count > 0 && await sender.GetChatMemberCountAsync(c.ChatId, ct) is { } n ? n - 1 : null; // less the bot
        // Hardest: the lowest share of right answers; among equals, the most answered. Questions everyone got right are not hard.
        var hardest = tallies
            .Where(t => t.Correct < t.Answered)
            .Select(t => bank.Find(t.QuestionId) is { } q ? new HardQuestion(q, t.Answered, t.Correct) : null)
            .OfType<HardQuestion>()
            .OrderBy(h => (double)h.Correct / h.Answered).ThenByDescending(h => h.Answered).ThenBy(h => h.Question.Id, StringComparer.Ordinal)
            .Take(HardestShown)
            .ToList();
        var text = Texts.GroupStats(week, answers.Select(a => a.UserId).Distinct().Count(), members, answers.Count,
            answers.Count(a => a.IsCorrect), hardest, await ItemsAsync(c.ChatId));
        await sender.SendTextAsync(c.ChatId, text, ct: ct);
    }

    /// <summary>
    /// Item analysis of everything the group has answered (docs/scores.md, "/stats"): a week is too few answers to judge a
    /// question by. The questions flagged, the likely wrong keys (negative discrimination) first.
    /// </summary>
    private async Task<GroupItems?> ItemsAsync(long chatId)
    {
        var log = await store.GetChatAnswerLogAsync(chatId);
        if (log.Count == 0) return null;
        var items = ItemAnalysis.Analyse(log, id => bank.Find(id) is { } q ? new ItemKey(q.Options.Count, q.Answer) : null, ItemMinAnswers);
        var flagged = items
            .Where(i => i.Flags != ItemFlags.None && bank.Find(i.QuestionId) is not null)
            .OrderByDescending(i => i.Flags.HasFlag(ItemFlags.NegativeDiscrimination))
            .ThenByDescending(i => i.Flags.HasFlag(ItemFlags.UnpickedDistractor))
            .ThenByDescending(i => i.Answers).ThenBy(i => i.QuestionId, StringComparer.Ordinal)
            .Select(i => new FlaggedItem(bank.Find(i.QuestionId)!, i))
            .ToList();
        return new GroupItems(items.Count, log.Count, ItemMinAnswers, items.Count(i => i.Answers >= ItemMinAnswers), flagged.Take(ItemsShown).ToList(), flagged.Count);
    }

    public async Task ExportAsync(CommandContext c, CancellationToken ct)
    {
        if (!await AllowedAsync(c, ct)) return;
        var arg = c.Command.Argument.Trim();
        var today = StudyCalendar.LocalDay(time.GetUtcNow(), _zone);
        var (year, month) = arg.Length == 0 ? (today.Year, today.Month) : ParseMonth(arg) ?? (0, 0);
        if (year == 0)
        {
            await sender.SendTextAsync(c.ChatId, Texts.ExportUsage(arg), ct: ct);
            return;
        }
        var window = StudyCalendar.Month(year, month, _zone);
        var answers = await store.GetChatAnswersAsync(c.ChatId, window.StartMs, window.EndMs);
        if (answers.Count == 0)
        {
            await sender.SendTextAsync(c.ChatId, Texts.ExportEmpty(year, month), ct: ct);
            return;
        }
        var members = StudyRecords.Members(answers, _zone);
        var names = await store.GetUserNamesAsync(members.Select(m => m.UserId).ToList());
        var csv = Csv.Write(Texts.ExportHeader, members.Select(m => Texts.ExportRow(m, names.GetValueOrDefault(m.UserId))));
        await sender.SendDocumentAsync(c.ChatId, csv, Texts.ExportFileName(year, month),
            Texts.ExportCaption(c.Message.Chat.Title, year, month, members.Count), ct);
    }

    /// <summary>Groups only, administrators only; says why not otherwise.</summary>
    private async Task<bool> AllowedAsync(CommandContext c, CancellationToken ct)
    {
        if (!c.IsGroup)
        {
            await sender.SendTextAsync(c.ChatId, Texts.GroupOnly, ct: ct);
            return false;
        }
        if (await groups.IsAdminAsync(c, ct)) return true;
        await sender.SendTextAsync(c.ChatId, Texts.AdminsOnly, ct: ct);
        return false;
    }

    /// <summary>2026-03, 2026-3, 2026/03, 202603 or 2026年3月, also in full-width forms; null when it is none of these or not a real month.</summary>
    public static (int Year, int Month)? ParseMonth(string text)
    {
        var m = MonthPattern().Match(Core.Text.TypedText.Normalize(text));
        if (!m.Success) return null;
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        return year is >= 2000 and <= 2100 && month is >= 1 and <= 12 ? (year, month) : null;
    }

    // [0-9], not \d, in the pattern: \d also matches other scripts' digits, which int.Parse refuses (TypedText).
    [GeneratedRegex(Texts.MonthArgumentPattern)]
    private static partial Regex MonthPattern();
}
