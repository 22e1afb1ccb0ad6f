namespace QuizBot.Core.Learning;

/// <summary>Where a person subscribed to the private daily push stands on a local day, for the evening reminder.</summary>
public sealed record ReminderFacts(bool Subscribed, bool RemindersOn, int Streak, bool AnsweredToday, bool RemindedToday);

/// <summary>
/// The gentle reminder (docs/learning.md, "The evening reminder"): one a day at most, from the evening time on, only to a
/// person subscribed to the daily push with reminders on, with a streak of <see cref="MinStreak"/> days or more to keep,
/// who has answered nothing today.
/// </summary>
public static class Reminders
{
    public const int MinStreak = 3;

    public static bool ShouldRemind(ReminderFacts f, TimeOnly localNow, TimeOnly remindAt) =>
        f is { Subscribed: true, RemindersOn: true, AnsweredToday: false, RemindedToday: false }
        && f.Streak >= MinStreak
        && localNow >= remindAt;
}
