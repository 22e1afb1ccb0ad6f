using System.Globalization;
using QuizBot.Core.Questions;
using QuizBot.Core.Scores;
using QuizBot.Storage;

namespace QuizBot;

/// <summary>How one speech went for a learner: the unit of "what to reread" in /me.</summary>
internal sealed record SpeechAccuracy(Speech? Speech, long Answered, long Correct);

/// <summary>A board's standing of one person in one period (null Row: no answer in that period).</summary>
internal sealed record PeriodStanding(ScorePeriod Period, ScoreRow? Row);

/// <summary>A question of the week with its tally, for /stats.</summary>
internal sealed record HardQuestion(Question Question, long Answered, long Correct);

/// <summary>A question /stats flags, with its figures.</summary>
internal sealed record FlaggedItem(Question Question, ItemStats Stats);

/// <summary>
/// /stats's item analysis of a group's answers: questions answered, answers, the answers a question needs to be judged, the
/// questions that have them, the flagged ones listed and how many are flagged in all.
/// </summary>
internal sealed record GroupItems(int Questions, int Answers, int MinAnswers, int Judged, IReadOnlyList<FlaggedItem> Flagged, int FlaggedCount);

// Leaderboards, personal records, group statistics, the study-record export and the chart (issue 6).
internal static partial class Texts
{
    /// <summary>Below this accuracy a speech is marked for rereading in /me.</summary>
    public const double RereadBelow = 0.6;

    // ---- periods ----

    public static string PeriodName(ScorePeriod period) => period switch
    {
        ScorePeriod.Week => "本周",
        ScorePeriod.Month => "本月",
        _ => "总榜",
    };

    private static string PeriodSpan(PeriodWindow w) => w.Period switch
    {
        ScorePeriod.Week => $"本周（{w.FirstDay.Month}月{w.FirstDay.Day}日起）",
        ScorePeriod.Month => $"本月（{w.FirstDay.Year}年{w.FirstDay.Month}月）",
        _ => "全部时间",
    };

    public static string MonthName(int year, int month) => $"{year}年{month}月";

    // ---- /top ----

    public const string TopUsage =
        "用法：<code>/top</code>（本周）、<code>/top month</code>（本月）或 <code>/top all</code>（总榜），也可以写 本周、本月、总榜。";

    /// <summary>The board: title on the first line, then the top rows, then the caller's own place when not among them.</summary>
    public static string Leaderboard(IReadOnlyList<ScoreRow> rows, ScoreRow? me, bool group, PeriodWindow window, string zoneId)
    {
        var title = $"🏆 <b>{(group ? "本群排行榜" : "总排行榜")} · {PeriodSpan(window)}</b>";
        if (rows.Count == 0)
            return $"{title}\n{PeriodPhrase(window.Period)}还没有人答题。发送 /quiz 成为第一名！";
        var lines = new List<string> { title };
        foreach (var r in rows)
            lines.Add($"{Medal(r.Rank)} {Html.Name(r.DisplayName)} — {r.Points} 分（正确率 {Percent(r.Correct, r.Answered)}）");
        if (me is null)
            lines.Add($"\n你{PeriodPhrase(window.Period)}还没有答题，发送 /quiz 开始。");
        else if (rows.All(r => r.UserId != me.UserId))
            lines.Add($"…\n你：第 {me.Rank} 名，{me.Points} 分（正确率 {Percent(me.Correct, me.Answered)}）");
        lines.Add("");
        lines.Add(window.Period switch
        {
            ScorePeriod.Week => $"同分同名次。每周从周一 0 点起算（{Html.Escape(zoneId)}）。/top month 看本月，/top all 看总榜。",
            ScorePeriod.Month => $"同分同名次。每月从 1 日 0 点起算（{Html.Escape(zoneId)}）。/top 看本周，/top all 看总榜。",
            _ => "同分同名次。/top 看本周，/top month 看本月。",
        });
        return FitMessage(string.Join('\n', lines));
    }

    private static string PeriodPhrase(ScorePeriod p) => p switch { ScorePeriod.Week => "本周", ScorePeriod.Month => "本月", _ => "" };

    /// <summary>The simple all-time board (terminal play).</summary>
    public static string Top(IReadOnlyList<ScoreRow> rows, ScoreRow? me, string scopeTitle)
    {
        if (rows.Count == 0) return $"🏆 <b>{Html.Escape(scopeTitle)}</b>\n还没有人答题。发送 /quiz 成为第一名！";
        var lines = new List<string> { $"🏆 <b>{Html.Escape(scopeTitle)}</b>" };
        foreach (var r in rows)
            lines.Add($"{Medal(r.Rank)} {Html.Name(r.DisplayName)} — {r.Points} 分（正确率 {Percent(r.Correct, r.Answered)}）");
        if (me is not null && rows.All(r => r.UserId != me.UserId))
            lines.Add($"…\n你：第 {me.Rank} 名，{me.Points} 分");
        return FitMessage(string.Join('\n', lines));
    }

    // ---- /me ----

    public const string NoRecordYet = "你还没有答过题。发送 /quiz 开始第一轮吧！";

    /// <summary>The simple all-time record (terminal play).</summary>
    public static string Me(ScoreRow? row)
    {
        if (row is null) return NoRecordYet;
        return $"""
            📊 <b>我的答题记录</b>
            答题数：{row.Answered}
            答对：{row.Correct}
            正确率：{Percent(row.Correct, row.Answered)}
            积分：{row.Points}
            排名：第 {row.Rank} 名
            """;
    }

    /// <summary>
    /// The personal record: totals over all chats, streaks, points and rank per period on the chat's board (everyone in a
    /// private chat, the group in a group), and accuracy per speech, weakest first, so the learner sees what to reread.
    /// </summary>
    public static string MeCard(string name, ScoreRow totals, Streak streak, bool answeredToday, IReadOnlyList<PeriodStanding> standings,
        bool group, IReadOnlyList<SpeechAccuracy> speeches, bool chartFollows, IReadOnlyList<string>? mastery = null)
    {
        var lines = new List<string>
        {
            $"📊 <b>{Html.Name(name)} 的答题记录</b>",
            $"答题数：{totals.Answered}",
            $"答对：{totals.Correct}",
            $"正确率：{Percent(totals.Correct, totals.Answered)}",
            $"积分：{totals.Points}",
            MeStreakLine(streak, answeredToday),
            "",
            $"🏅 <b>积分与排名</b>（{(group ? "本群" : "全体")}，同分同名次）",
        };
        foreach (var s in standings)
        {
            var label = s.Period switch { ScorePeriod.Week => "本周", ScorePeriod.Month => "本月", _ => "总计" };
            lines.Add(s.Row is { } r
                ? $"{label}：{r.Points} 分，第 {r.Rank} 名（答题 {r.Answered}，正确率 {Percent(r.Correct, r.Answered)}）"
                : $"{label}：还没有答题");
        }
        if (speeches.Count > 0)
        {
            lines.Add("");
            lines.Add("📚 <b>各篇讲话正确率</b>（从低到高，📖 建议重读原文）");
            foreach (var s in speeches.OrderBy(s => (double)s.Correct / Math.Max(1, s.Answered)).ThenByDescending(s => s.Answered))
            {
                var reread = (double)s.Correct / Math.Max(1, s.Answered) < RereadBelow ? " 📖" : "";
                lines.Add($"{Html.Escape(SpeechLabel(s.Speech))}：{s.Correct}/{s.Answered}（{Percent(s.Correct, s.Answered)}）{reread}");
            }
        }
        if (mastery is { Count: > 0 })
        {
            lines.Add("");
            lines.AddRange(mastery);
        }
        lines.Add("");
        lines.Add(chartFollows ? "📈 近 30 天每天的答题数和正确率见下图。" : "近 30 天没有答题记录，发送 /quiz 继续学习吧！");
        return FitMessage(string.Join('\n', lines));
    }

    /// <summary>
    /// /me's streak (docs/scores.md, "Streaks"): local days with at least one answer anywhere, said in the line itself so it is
    /// not mistaken for /daily's stricter 每日学习 streak. While today has no answer yet the current streak still stands.
    /// </summary>
    public static string MeStreakLine(Streak streak, bool answeredToday) =>
        $"连续答题天数：当前 {streak.Current} 天，最长 {streak.Best} 天（当天答过至少 1 题即计入）" +
        (streak.Current > 0 && !answeredToday ? "，今天答 1 题即可延续" : "");

    private static string SpeechLabel(Speech? s) => s is null ? "已下线的题目" : s.IsMeeting ? "会议综述" : s.Speaker;

    // ---- the chart (every character here must be in Charts/Fonts/glyphs.txt; ChartFontTests checks) ----

    public static string ChartTitle(int days) => $"近 {days} 天答题记录";

    public const string ChartLegend = "蓝柱：每天答题数（左轴）　红线：正确率（右轴）";

    public static string ChartDay(DateOnly day) => $"{day.Month}/{day.Day}";

    public const string ChartCaption = "📈 近 30 天每天的答题数（柱）和正确率（线）";

    // ---- /stats and /export (group administrators) ----

    public const string GroupOnly = "这个命令只能在群里使用：把我加入学习群后，群管理员可以查看本群统计（/stats）和导出学习记录（/export）。";

    public static string GroupStats(PeriodWindow week, int participants, int? members, long answered, long correct,
        IReadOnlyList<HardQuestion> hardest, GroupItems? items = null)
    {
        var last = week.FirstDay.AddDays(6);
        var lines = new List<string> { $"📈 <b>本周学习统计</b>（{week.FirstDay.Month}月{week.FirstDay.Day}日—{last.Month}月{last.Day}日）" };
        if (answered == 0)
        {
            lines.Add("本周本群还没有人答题。管理员可以发送 /quiz 开始一轮。");
            if (items is not null) lines.AddRange(ItemLines(items));
            return FitMessage(string.Join('\n', lines));
        }
        lines.Add(members is > 0 and var m
            ? $"参与：{participants}/{m} 人（{Percent(Math.Min(participants, m), m)}）"
            : $"参与：{participants} 人");
        lines.Add($"答题：{answered} 道，平均正确率 {Percent(correct, answered)}（答对 {correct} 道）");
        if (hardest.Count > 0)
        {
            lines.Add("");
            lines.Add("🤔 <b>最难的题</b>");
            var n = 0;
            foreach (var h in hardest)
            {
                n++;
                lines.Add($"{n}. {Html.Escape(h.Question.Text)}（答对率 {Percent(h.Correct, h.Answered)}，{h.Answered} 人次作答）");
                lines.Add($"✅ 正确答案：{Html.Escape(h.Question.AnswerText)}");
                lines.Add($"📖 {Html.Escape(h.Question.Speech.SourceLabel)}");
            }
        }
        if (items is not null) lines.AddRange(ItemLines(items));
        lines.Add("");
        lines.Add("参与率 = 本周答过题的人 ÷ 群成员（不含机器人）。/export 导出本月学习记录。");
        return FitMessage(string.Join('\n', lines));
    }

    /// <summary>The item analysis section of /stats (docs/scores.md): the flagged questions, each on two short lines.</summary>
    private static IEnumerable<string> ItemLines(GroupItems items)
    {
        yield return "";
        yield return $"🔍 <b>题目分析</b>（本群全部答题：{items.Questions} 道题，{items.Answers} 人次；{items.Judged} 道题作答满 "
            + $"{items.MinAnswers} 人次，可以评判）";
        if (items.FlaggedCount == 0)
        {
            yield return items.Judged == 0 ? "作答还不够多，暂不评判。" : "没有需要注意的题目。";
            yield break;
        }
        var n = 0;
        foreach (var (q, s) in items.Flagged)
        {
            n++;
            yield return $"{n}. {Html.Escape(Shorten(q.Text, 60))}";
            var d = s.Discrimination is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";
            var why = new List<string>();
            if (s.Flags.HasFlag(ItemFlags.NegativeDiscrimination)) why.Add("⚠️ 区分度为负，请核对答案");
            if (s.Flags.HasFlag(ItemFlags.TooEasy)) why.Add("几乎人人答对");
            if (s.Flags.HasFlag(ItemFlags.UnpickedDistractor))
                why.Add("无人选过的干扰项：" + string.Join("、", s.UnpickedDistractors.Take(3).Select(i => $"“{Html.Escape(Shorten(q.Options[i], 20))}”"))
                    + (s.UnpickedDistractors.Count > 3 ? " 等" : ""));
            yield return $"　答对率 {Percent(s.Right, s.Answers)}，区分度 {d}，{s.Answers} 人次作答；{string.Join("；", why)}";
        }
        if (items.FlaggedCount > items.Flagged.Count) yield return $"……另有 {items.FlaggedCount - items.Flagged.Count} 道题被标记。";
        yield return "区分度 = 总成绩前 27% 的人的答对率 − 后 27% 的人的答对率；为负说明成绩好的人反而常答错。";
    }

    public static string ExportUsage(string arg) =>
        $"“{Html.Escape(Shorten(arg, 20))}”不是有效的月份。用法：<code>/export</code>（本月）或 <code>/export 2026-03</code>。";

    public static string ExportEmpty(int year, int month) => $"{MonthName(year, month)}本群没有答题记录。";

    public static string ExportCaption(string? groupTitle, int year, int month, int people) =>
        $"📄 {Html.Name(groupTitle ?? "本群")} · {MonthName(year, month)}学习记录（{people} 人）。UTF-8 编码，可直接用 Excel 或 WPS 打开。";

    public static string ExportFileName(int year, int month) => $"study-record-{year:D4}-{month:D2}.csv";

    public static readonly IReadOnlyList<string> ExportHeader =
        ["用户ID", "姓名", "用户名", "活跃天数", "答题数", "答对数", "正确率", "积分", "最长连续天数"];

    /// <summary>
    /// One CSV row (plain text, not HTML: the CSV writer quotes and defuses it). The name loses its direction controls
    /// first, so a name that hid a leading "=" behind one is defused too.
    /// </summary>
    public static IReadOnlyList<object?> ExportRow(MemberMonth m, UserName? name) =>
    [
        m.UserId, Names.Plain(name?.DisplayName), name?.Username ?? "", m.DaysActive, m.Answered, m.Correct,
        Percent(m.Correct, m.Answered), m.Points, m.LongestStreak,
    ];
}
