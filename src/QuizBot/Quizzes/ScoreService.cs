using Microsoft.Extensions.Options;
using QuizBot.Charts;
using QuizBot.Configuration;
using QuizBot.Core.Questions;
using QuizBot.Core.Scores;
using QuizBot.Storage;

namespace QuizBot.Quizzes;

/// <summary>What /me sends: the record's text, and the last 30 days for the chart (null when there is nothing to draw).</summary>
internal sealed record MeReport(string Text, IReadOnlyList<DayActivity>? Days);

/// <summary>What /stats reads of a group's week: its answers, the hardest questions and the item analysis of all its answers.</summary>
internal sealed record WeekStats(PeriodWindow Week, IReadOnlyList<AnswerFact> Answers, IReadOnlyList<HardQuestion> Hardest, GroupItems? Items);

/// <summary>
/// Scores and study records (issue 6; docs/scores.md): boards from the maintained score totals, /me from the per-person
/// tallies, a group's /stats and monthly record from its answer log. Periods are weeks from Monday and months from the
/// 1st, starting at local midnight in Quiz:TimeZone. The *TextAsync / *ReportAsync methods are query plus formatting
/// only, which the benchmark times.
/// </summary>
internal sealed class ScoreService(
    ScoreStore scores, TallyStore tallies, AnswerStore answers, PeopleStore people, QuestionBank bank, TimeProvider time,
    IOptions<QuizOptions> options, LearningService learning)
{
    public const int TopSize = 10;
    public const int ChartDays = 30;
    public const int HardestShown = 3;

    /// <summary>Answers a question needs in the group before /stats flags it: a group's log is small, so lower than the authoring tool's 20.</summary>
    public const int ItemMinAnswers = 10;

    /// <summary>Flagged questions listed by /stats (the rest are counted).</summary>
    public const int ItemsShown = 5;

    private static readonly ScorePeriod[] Periods = [ScorePeriod.Week, ScorePeriod.Month, ScorePeriod.All];

    private readonly TimeZoneInfo _zone = options.Value.Zone;

    /// <summary>The board of <paramref name="scope"/> (everyone, or one group) for the period containing now.</summary>
    public async Task<string> TopTextAsync(long userId, long scope, ScorePeriod period)
    {
        var window = StudyCalendar.Window(period, time.GetUtcNow(), _zone);
        var rows = await scores.GetTopAsync(scope, window, TopSize);
        var me = rows.FirstOrDefault(r => r.UserId == userId) ?? (await scores.GetStandingsAsync(userId, scope, [window]))[0];
        return Texts.Leaderboard(rows, me, scope != ScoreScopes.Everyone, window, _zone.Id);
    }

    /// <summary>The /me text and chart data: totals everywhere, ranks on the chat's board (<paramref name="scope"/>).</summary>
    public async Task<MeReport> MeReportAsync(long userId, string name, long scope)
    {
        var now = time.GetUtcNow();
        var today = StudyCalendar.LocalDay(now, _zone);
        var windows = Periods.Select(p => StudyCalendar.Window(p, now, _zone)).ToList();
        // Independent reads, each on its own pooled connection, side by side (docs/benchmarks.md).
        var ranked = windows.Select(w => Task.Run(async () => (await scores.GetStandingsAsync(userId, scope, [w]))[0])).ToList();
        var everywhere = scope == ScoreScopes.Everyone ? ranked[^1] : Task.Run(() => scores.GetTotalsAsync(userId, ScoreScopes.Everyone, windows[^1]));
        // Streaks, the last 30 days and accuracy per speech: one row per active day and per question, not per answer.
        var mine = Task.Run(() => tallies.GetUserTalliesAsync(userId));
        var progress = Task.Run(() => learning.ProgressAsync(userId)); // mastery per speech (docs/learning.md)
        await Task.WhenAll([.. ranked, everywhere, mine, progress]);
        if (everywhere.Result is not { } totals) return new MeReport(Texts.NoRecordYet, null);

        var days = mine.Result.Days;
        var streak = Streaks.From(days.Select(d => d.Day), today);
        var answeredToday = days.Any(d => d.Day == today);
        var first = today.AddDays(1 - ChartDays);
        var recent = days.Where(d => d.Day >= first && d.Day <= today).ToDictionary(d => d.Day);
        var speeches = mine.Result.Questions
            .GroupBy(q => bank.Find(q.QuestionId)?.Speech)
            .Select(g => new SpeechAccuracy(g.Key, g.Sum(q => q.Answered), g.Sum(q => q.Correct)))
            .ToList();
        var text = Texts.MeCard(name, totals, streak, answeredToday, Periods.Select((p, i) => new PeriodStanding(p, ranked[i].Result)).ToList(),
            group: scope != ScoreScopes.Everyone, speeches, chartFollows: recent.Count > 0,
            Texts.MasteryLines(progress.Result, today, learning.Schedule.TargetRetention).ToList());
        var chart = Enumerable.Range(0, ChartDays).Select(i => first.AddDays(i))
            .Select(d => recent.TryGetValue(d, out var t) ? new DayActivity(d, (int)t.Answered, (int)t.Correct) : new DayActivity(d, 0, 0))
            .ToList();
        return new MeReport(text, recent.Count > 0 ? chart : null);
    }

    /// <summary>This week in a group: who answered what, and the questions it found hardest.</summary>
    public async Task<WeekStats> WeekStatsAsync(long chatId)
    {
        var week = StudyCalendar.Window(ScorePeriod.Week, time.GetUtcNow(), _zone);
        var given = await answers.GetChatAnswersAsync(chatId, week.StartMs, week.EndMs);
        var questions = await answers.GetChatQuestionTalliesAsync(chatId, week.StartMs, week.EndMs);
        // Hardest: the lowest share of right answers; among equals, the most answered. Questions everyone got right are not hard.
        var hardest = questions
            .Where(t => t.Correct < t.Answered)
            .Select(t => bank.Find(t.QuestionId) is { } q ? new HardQuestion(q, t.Answered, t.Correct) : null)
            .OfType<HardQuestion>()
            .OrderBy(h => (double)h.Correct / h.Answered).ThenByDescending(h => h.Answered).ThenBy(h => h.Question.Id, StringComparer.Ordinal)
            .Take(HardestShown)
            .ToList();
        return new WeekStats(week, given, hardest, await ItemsAsync(chatId));
    }

    /// <summary>
    /// Item analysis of everything the group has answered (docs/scores.md, "/stats"): a week is too few answers to judge a
    /// question by. The questions flagged, the likely wrong keys (negative discrimination) first.
    /// </summary>
    private async Task<GroupItems?> ItemsAsync(long chatId)
    {
        var log = await answers.GetChatAnswerLogAsync(chatId);
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

    /// <summary>A group's study record of one month, one row per member who answered, as CSV; null when nobody answered.</summary>
    public async Task<(byte[] Csv, int Members)?> MonthRecordAsync(long chatId, int year, int month)
    {
        var window = StudyCalendar.Month(year, month, _zone);
        var given = await answers.GetChatAnswersAsync(chatId, window.StartMs, window.EndMs);
        if (given.Count == 0) return null;
        var members = StudyRecords.Members(given, _zone);
        var names = await people.GetUserNamesAsync(members.Select(m => m.UserId).ToList());
        return (Csv.Write(Texts.ExportHeader, members.Select(m => Texts.ExportRow(m, names.GetValueOrDefault(m.UserId)))), members.Count);
    }

    /// <summary>The terminal's board: top 10 by points since <paramref name="since"/>, everywhere.</summary>
    public Task<IReadOnlyList<ScoreRow>> GetLeaderboardAsync(long since, int limit) => scores.GetLeaderboardAsync(null, since, limit);

    /// <summary>The terminal player's totals and rank on the same board; null before their first answer.</summary>
    public Task<ScoreRow?> GetPersonalAsync(long userId, long since) => scores.GetPersonalAsync(userId, null, since);
}
