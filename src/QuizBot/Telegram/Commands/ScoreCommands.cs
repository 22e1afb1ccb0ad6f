using Microsoft.Extensions.Options;
using QuizBot.Charts;
using QuizBot.Configuration;
using QuizBot.Core.Questions;
using QuizBot.Core.Scores;
using QuizBot.Quizzes;
using QuizBot.Storage;

namespace QuizBot.Telegram.Commands;

/// <summary>What /me sends: the record's text, and the last 30 days for the chart (null when there is nothing to draw).</summary>
internal sealed record MeReport(string Text, IReadOnlyList<DayActivity>? Days);

/// <summary>
/// /me and /top from the answer log: boards from the maintained score totals, the rest from covering indexes. Periods are
/// weeks from Monday and months from the 1st, starting at local midnight in Quiz:TimeZone. /stats and /export are in
/// ScoreCommands.Group.cs. The *TextAsync / *ReportAsync methods are query plus formatting only, which the benchmark times.
/// </summary>
internal sealed partial class ScoreCommands(
    IQuizStore store,
    BotSender sender,
    GroupRounds groups,
    QuestionBank bank,
    TimeProvider time,
    IOptions<QuizOptions> options,
    LearningService learning,
    ILogger<ScoreCommands> log)
{
    public const int TopSize = 10;
    public const int ChartDays = 30;
    private static readonly ScorePeriod[] Periods = [ScorePeriod.Week, ScorePeriod.Month, ScorePeriod.All];

    private readonly TimeZoneInfo _zone = options.Value.Zone;

    public async Task TopAsync(CommandContext c, CancellationToken ct)
    {
        if (ScorePeriods.Parse(c.Command.Argument) is not { } period)
        {
            await sender.SendTextAsync(c.ChatId, Texts.TopUsage, ct: ct);
            return;
        }
        await sender.SendTextAsync(c.ChatId, await TopTextAsync(c.From.Id, ScoreScopes.Of(c.ChatId, c.IsGroup), period), ct: ct);
    }

    /// <summary>The board of <paramref name="scope"/> (everyone, or one group) for the period containing now.</summary>
    public async Task<string> TopTextAsync(long userId, long scope, ScorePeriod period)
    {
        var window = StudyCalendar.Window(period, time.GetUtcNow(), _zone);
        var rows = await store.GetTopAsync(scope, window, TopSize);
        var me = rows.FirstOrDefault(r => r.UserId == userId) ?? (await store.GetStandingsAsync(userId, scope, [window]))[0];
        return Texts.Leaderboard(rows, me, scope != ScoreScopes.Everyone, window, _zone.Id);
    }

    public async Task MeAsync(CommandContext c, CancellationToken ct)
    {
        var report = await MeReportAsync(c.From.Id, UpdateRouter.DisplayName(c.From), ScoreScopes.Of(c.ChatId, c.IsGroup));
        await sender.SendTextAsync(c.ChatId, report.Text, ct: ct);
        if (report.Days is not { } days) return;
        byte[] png;
        try
        {
            png = await StudyChart.RenderPngAsync(days, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The record is already sent; a chart that cannot be drawn (e.g. a missing native library) must not fail it.
            log.LogError(ex, "The /me chart for user {UserId} could not be rendered", c.From.Id);
            return;
        }
        await sender.SendPhotoAsync(c.ChatId, png, "me-30-days.png", Texts.ChartCaption, ct);
    }

    /// <summary>The /me text and chart data: totals everywhere, ranks on the chat's board (<paramref name="scope"/>).</summary>
    public async Task<MeReport> MeReportAsync(long userId, string name, long scope)
    {
        var now = time.GetUtcNow();
        var today = StudyCalendar.LocalDay(now, _zone);
        var windows = Periods.Select(p => StudyCalendar.Window(p, now, _zone)).ToList();
        // Independent reads, each on its own pooled connection, side by side (docs/benchmarks.md).
        var ranked = windows.Select(w => Task.Run(async () => (await store.GetStandingsAsync(userId, scope, [w]))[0])).ToList();
        var everywhere = scope == ScoreScopes.Everyone ? ranked[^1] : Task.Run(() => store.GetTotalsAsync(userId, ScoreScopes.Everyone, windows[^1]));
        // Streaks, the last 30 days and accuracy per speech: one row per active day and per question, not per answer.
        var tallies = Task.Run(() => store.GetUserTalliesAsync(userId));
        var progress = Task.Run(() => learning.ProgressAsync(userId)); // mastery per speech (docs/learning.md)
        await Task.WhenAll([.. ranked, everywhere, tallies, progress]);
        if (everywhere.Result is not { } totals) return new MeReport(Texts.NoRecordYet, null);

        var days = tallies.Result.Days;
        var streak = Streaks.From(days.Select(d => d.Day), today);
        var answeredToday = days.Any(d => d.Day == today);
        var first = today.AddDays(1 - ChartDays);
        var recent = days.Where(d => d.Day >= first && d.Day <= today).ToDictionary(d => d.Day);
        var speeches = tallies.Result.Questions
            .GroupBy(q => bank.Find(q.QuestionId)?.Speech)
            .Select(g => new SpeechAccuracy(g.Key, g.Sum(q => q.Answered), g.Sum(q => q.Correct)))
            .ToList();
        var text = Texts.MeCard(name, totals, streak, answeredToday, Periods.Select((p, i) => new PeriodStanding(p, ranked[i].Result)).ToList(),
            group: scope != ScoreScopes.Everyone, speeches, chartFollows: recent.Count > 0, Texts.MasteryLines(progress.Result, today, learning.Schedule.TargetRetention).ToList());
        var chart = Enumerable.Range(0, ChartDays).Select(i => first.AddDays(i))
            .Select(d => recent.TryGetValue(d, out var t) ? new DayActivity(d, (int)t.Answered, (int)t.Correct) : new DayActivity(d, 0, 0))
            .ToList();
        return new MeReport(text, recent.Count > 0 ? chart : null);
    }
}
