using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Core.Daily;
using QuizBot.Core.Learning;
using QuizBot.Storage;

using QuizBot.Telegram;

namespace QuizBot.Quizzes;

/// <summary>
/// The gentle evening reminder (issue 14; docs/learning.md, "The evening reminder"). Every <see cref="Tick"/> from
/// <c>Learning:ReminderTime</c> (default 20:00 local) on, it asks storage for the private daily subscribers with reminders
/// on who have not answered anything today and were not reminded today, keeps those with a daily streak of three days or
/// more (Core <see cref="Reminders"/>), records the day's reminder and then sends it: a crash between the two loses that
/// day's reminder rather than sending a second one. Like the daily pusher it first waits for the updates queued while the
/// bot was down, since an answer among them means no reminder.
/// </summary>
internal sealed class EveningReminder(LearningStore store, DailyStore pushes, LearningService learning, BotSender sender, UpdateBacklog backlog,
    TimeProvider time, IOptions<QuizOptions> quiz, ILogger<EveningReminder> log) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(10);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        backlog.EveryTickAsync(Tick, time, async () =>
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(ex, "The evening reminder failed a round; trying again next tick");
            }
        }, stoppingToken);

    /// <summary>One round: reminds whoever is due a reminder now. Returns how many were reminded.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var zone = quiz.Value.Zone;
        var local = TimeOnly.FromDateTime(LocalClock.Local(now, zone));
        var remindAt = learning.Options.Reminder;
        if (local < remindAt) return 0;
        var today = LocalClock.Day(now, zone);
        var day = LocalClock.Key(today);
        var sent = 0;
        foreach (var userId in await store.GetReminderCandidatesAsync(day, LocalClock.StartOfDay(now, zone)))
        {
            ct.ThrowIfCancellationRequested();
            var streak = await pushes.GetDailyStreakAsync(userId, zone, now);
            // The candidates query already left out who answered, was reminded or turned reminders off.
            var facts = new ReminderFacts(Subscribed: true, RemindersOn: true, streak.Current, AnsweredToday: false, RemindedToday: false);
            if (!Reminders.ShouldRemind(facts, local, remindAt)) continue;
            if (!await store.TryRecordReminderAsync(userId, day, now)) continue;
            var due = (await learning.DueAsync(userId, 0)).DueCount;
            await sender.TrySendTextAsync(userId, Texts.EveningReminder(streak.Current, due), ct: ct);
            sent++;
        }
        if (sent > 0) log.LogInformation("Evening reminder sent to {Count} people", sent);
        return sent;
    }
}
