using System.Globalization;
using System.Text.RegularExpressions;
using QuizBot.Core.Scores;

namespace QuizBot.Telegram.Commands;

// /stats and /export: a group's study at a glance and its monthly study record, for the group's administrators.
internal sealed partial class ScoreCommands
{
    public async Task StatsAsync(CommandContext c, CancellationToken ct)
    {
        if (!await AllowedAsync(c, ct)) return;
        var stats = await scores.WeekStatsAsync(c.ChatId);
        var answers = stats.Answers;
        int? members = answers.Count > 0 && await sender.GetChatMemberCountAsync(c.ChatId, ct) is { } n ? n - 1 : null; // less the bot
        var text = Texts.GroupStats(stats.Week, answers.Select(a => a.UserId).Distinct().Count(), members, answers.Count,
            answers.Count(a => a.IsCorrect), stats.Hardest, stats.Items);
        await sender.SendTextAsync(c.ChatId, text, ct: ct);
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
        if (await scores.MonthRecordAsync(c.ChatId, year, month) is not { } record)
        {
            await sender.SendTextAsync(c.ChatId, Texts.ExportEmpty(year, month), ct: ct);
            return;
        }
        await sender.SendDocumentAsync(c.ChatId, record.Csv, Texts.ExportFileName(year, month),
            Texts.ExportCaption(c.Message.Chat.Title, year, month, record.Members), ct);
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
