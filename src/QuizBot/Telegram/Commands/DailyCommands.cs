using QuizBot.Core.Daily;
using QuizBot.Core.Quizzes;
using QuizBot.Quizzes;
using QuizBot.Storage;

namespace QuizBot.Telegram.Commands;

/// <summary>
/// /daily [HH:MM | off] and /review (docs/daily.md), and the word of encouragement when someone finishes the day's
/// questions in a private chat.
/// </summary>
internal sealed class DailyCommands(DailyService daily, LearningService learning, GroupRounds groups, QuizFlow flow, BotSender sender)
{
    private static readonly string[] OffWords = ["off", "stop", .. Texts.DailyOffWords];
    private static readonly string[] RemindWords = ["remind", "reminder", .. Texts.RemindWords];
    private static readonly string[] OnWords = ["on", .. Texts.RemindOnWords];

    public async Task DailyAsync(CommandContext c, CancellationToken ct)
    {
        var arg = c.Command.Argument.Trim(); // NFKC-normalised by CommandLine: full-width digits and colon arrive as "07:30"
        if (arg.Length == 0)
        {
            await ShowAsync(c, ct);
            return;
        }
        if (await RemindAsync(c, arg, ct)) return;
        // Permission before parsing: a member learns only that this is for admins, whatever they typed.
        if (c.IsGroup && !await groups.IsAdminAsync(c, ct))
        {
            await sender.SendTextAsync(c.ChatId, Texts.DailyAdminsOnly, ct: ct);
            return;
        }
        var off = OffWords.Contains(arg.ToLowerInvariant());
        var at = off ? null : LocalClock.ParseClock(arg);
        if (!off && at is null)
        {
            await sender.SendTextAsync(c.ChatId, Texts.DailyBadTime(arg), ct: ct);
            return;
        }
        if (off)
        {
            await sender.SendTextAsync(c.ChatId, await daily.UnsubscribeAsync(c.ChatId) ? Texts.DailyStopped : Texts.DailyWasOff, ct: ct);
            return;
        }
        var subscription = await daily.SubscribeAsync(c.ChatId, c.IsGroup, at!.Value, c.From.Id);
        var first = daily.ToLocal(subscription.NextAt);
        await sender.SendTextAsync(c.ChatId, Texts.DailySubscribed(at.Value, daily.Options.TimeZone, first,
            DateOnly.FromDateTime(first) == daily.Today, daily.Options.DailyQuestions), ct: ct);
    }

    /// <summary>
    /// /daily remind off|on (also 提醒 关闭 / 提醒关闭): the evening reminder of docs/learning.md, a personal setting. False
    /// when the argument is not about reminders.
    /// </summary>
    private async Task<bool> RemindAsync(CommandContext c, string arg, CancellationToken ct)
    {
        var lower = arg.ToLowerInvariant();
        var word = RemindWords.FirstOrDefault(w => lower.StartsWith(w, StringComparison.Ordinal));
        if (word is null) return false;
        var rest = lower[word.Length..].Trim();
        var on = OnWords.Contains(rest);
        if (!on && !OffWords.Contains(rest)) return false;
        if (!c.IsPrivate)
        {
            await sender.SendTextAsync(c.ChatId, Texts.RemindPrivateOnly, ct: ct);
            return true;
        }
        await learning.SetRemindersAsync(c.From.Id, on);
        await sender.SendTextAsync(c.ChatId, on ? Texts.RemindOn : Texts.RemindOff, ct: ct);
        return true;
    }

    private async Task ShowAsync(CommandContext c, CancellationToken ct)
    {
        var s = await daily.GetSubscriptionAsync(c.ChatId);
        if (s is not { Active: true })
        {
            await sender.SendTextAsync(c.ChatId, Texts.DailyNotSubscribed, ct: ct);
            return;
        }
        var streak = c.IsPrivate ? await daily.GetStreakAsync(c.From.Id) : null;
        await sender.SendTextAsync(c.ChatId, Texts.DailyStatus(s.Time, daily.Options.TimeZone, daily.ToLocal(s.NextAt),
            daily.Options.DailyQuestions, c.IsGroup, daily.Options.GroupCloseTime, streak), ct: ct);
    }

    /// <summary>/review: a self-paced private round of the questions due now (lowest retrievability first), driven by QuizFlow like /quiz.</summary>
    public async Task ReviewAsync(CommandContext c, CancellationToken ct)
    {
        if (!c.IsPrivate)
        {
            await sender.SendTextAsync(c.ChatId, Texts.ReviewPrivateOnly, ct: ct);
            return;
        }
        var review = await daily.StartReviewAsync(c.From.Id);
        if (review.Round is not { } round)
        {
            await sender.SendTextAsync(c.ChatId, review.AlreadyRunning ? Texts.QuizAlreadyRunning : Texts.ReviewNothingDue(review.NextDue, daily.Today), ct: ct);
            return;
        }
        await sender.SendTextAsync(c.ChatId, Texts.ReviewStarting(review.Count, review.DueCount, review.NextDue, daily.Today), ct: ct);
        await flow.SendCurrentAsync(round, ct);
    }

    /// <summary>
    /// After a counted answer to a daily poll in a private chat: when it was the last of the day's questions, say so with
    /// the streak. Each answer counts once, so this is said once.
    /// </summary>
    public async Task OnDailyAnswerAsync(RoundRecord round, PollRecord poll, long userId, CancellationToken ct)
    {
        if (await daily.FinishedTheDayAsync(round, poll, userId) is not { } day) return;
        var streak = await daily.GetStreakAsync(userId);
        await sender.SendTextAsync(poll.ChatId, Texts.DailyDone(day.Correct, day.Answered, streak),
            ReportCommand.Button(round.RoundId), ct);
    }
}
