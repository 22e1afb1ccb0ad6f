using Microsoft.Extensions.Options;
using QuizBot.Core.Daily;

namespace QuizBot.Configuration;

/// <summary>Learning that adapts to each person (issue 14; docs/learning.md): FSRS's target and the evening reminder.</summary>
internal sealed class LearningOptions
{
    public const string Section = "Learning";

    /// <summary>FSRS's desired retention: a question comes back when the chance of recalling it falls to this.</summary>
    public double TargetRetention { get; set; } = 0.9;

    /// <summary>Local time from which a subscriber with a streak who has answered nothing today is reminded once.</summary>
    public string ReminderTime { get; set; } = "20:00";

    /// <summary>A right answer this fast (private quiz, /review, group round) on a question seen before counts as Easy.</summary>
    public int FastAnswerSeconds { get; set; } = 10;

    public TimeOnly Reminder => LocalClock.ParseClock(ReminderTime) ?? new TimeOnly(20, 0);
}

internal sealed class LearningOptionsValidator : IValidateOptions<LearningOptions>
{
    public ValidateOptionsResult Validate(string? name, LearningOptions o)
    {
        var errors = new List<string>();
        if (o.TargetRetention is < 0.7 or > 0.97 || double.IsNaN(o.TargetRetention))
            errors.Add($"Learning:TargetRetention must be 0.7–0.97 (FSRS's desired retention; default 0.9), not {o.TargetRetention}.");
        if (LocalClock.ParseClock(o.ReminderTime) is null)
            errors.Add($"Learning:ReminderTime '{o.ReminderTime}' is not a time: write HH:MM, e.g. 20:00.");
        if (o.FastAnswerSeconds is < 0 or > 120)
            errors.Add("Learning:FastAnswerSeconds must be 0–120 (0: no answer counts as Easy).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
