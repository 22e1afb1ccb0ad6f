using QuizBot.Core.Daily;
using QuizBot.Core.Questions;
using QuizBot.Core.Quizzes;

namespace QuizBot;

// The daily push, /daily and /review (docs/daily.md).
internal static partial class Texts
{
    public static string DailyBadTime(string arg) =>
        $"“{Html.Escape(Shorten(arg, 20))}”不是有效的时间。请用 24 小时制的 时:分，例如 <code>/daily 07:30</code>。\n" +
        "发送 <code>/daily off</code> 关闭推送，<code>/daily</code> 查看当前设置。";

    public const string DailyAdminsOnly = "只有本群管理员可以设置每日学习推送。发送 /daily 可查看当前设置。";

    public const string DailyNotSubscribed = """
        📚 <b>每日学习推送</b>：未开启。
        开启后，每天在你选定的时间推送一段讲话摘登（按顺序读完全部讲话），再附几道相关的测验题，答错的题会按计划安排复习。
        发送 <code>/daily 07:30</code> 即可每天 7:30 推送。
        """;

    public static string DailyStatus(TimeOnly time, string zone, DateTime nextLocal, int questions, bool group, TimeOnly groupClose, DailyStreak? streak)
    {
        var lines = new List<string>
        {
            $"📚 <b>每日学习推送</b>：每天 <b>{LocalClock.Format(time)}</b>（{Html.Escape(zone)} 时间）",
            $"下次推送：{DayLabel(DateOnly.FromDateTime(nextLocal))} {LocalClock.Format(TimeOnly.FromDateTime(nextLocal))}",
            $"内容：一段讲话摘登 + {questions} 道题" + (group ? $"，题目当晚 {LocalClock.Format(groupClose)} 截止并公布小结。" : "，答错的题会优先安排复习。"),
        };
        if (streak is not null) lines.Add(StreakLine(streak));
        lines.Add(group ? "管理员发送 <code>/daily 时:分</code> 修改时间，<code>/daily off</code> 关闭。" : "发送 <code>/daily 时:分</code> 修改时间，<code>/daily off</code> 关闭。");
        return string.Join('\n', lines);
    }

    public static string DailySubscribed(TimeOnly time, string zone, DateTime firstLocal, bool firstIsToday, int questions) =>
        $"✅ 已开启每日学习推送：每天 <b>{LocalClock.Format(time)}</b>（{Html.Escape(zone)} 时间），每次一段讲话摘登 + {questions} 道题。\n" +
        $"首次推送：{(firstIsToday ? "今天" : DayLabel(DateOnly.FromDateTime(firstLocal)))} {LocalClock.Format(TimeOnly.FromDateTime(firstLocal))}。发送 <code>/daily off</code> 可随时关闭。";

    public const string DailyStopped = "⏹ 已关闭每日学习推送。想再开启时发送 <code>/daily 时:分</code>，例如 <code>/daily 07:30</code>。";
    public const string DailyWasOff = "每日学习推送本来就没有开启。发送 <code>/daily 07:30</code> 可每天 7:30 推送。";

    /// <summary>The streak as one line, e.g. for /me: "🔥 每日学习：连续 3 天（最长 5 天）".</summary>
    public static string StreakLine(DailyStreak s) => s.Current > 0
        ? $"🔥 每日学习：连续 <b>{s.Current}</b> 天（最长 {s.Best} 天）" + (s.TodayDone ? "，今天已完成" : "，今天还没完成")
        : s.Best > 0 ? $"🔥 每日学习：连续 0 天（最长 {s.Best} 天），今天重新开始吧！" : "🔥 每日学习：还没有完成过，发送 /daily 开启推送。";

    /// <summary>The push's first message: the day's excerpt.</summary>
    public static string DailyExcerpt(Passage passage, DateOnly day, int questions, bool group, DateTime? closesLocal, int total)
    {
        var s = passage.Speech;
        var lines = new List<string>
        {
            $"📚 <b>今日学习</b> · {DayLabel(day)}",
            "",
            $"<b>{Html.Escape(s.Title)}</b>",
            $"—— {Html.Escape(s.SourceLabel)}",
            $"<blockquote>{Html.Escape(passage.Text)}</blockquote>",
            $"（摘登第 {passage.Index + 1}/{total} 段）",
        };
        if (questions > 0)
        {
            lines.Add("");
            lines.Add(group && closesLocal is { } close
                ? $"下面是今天的 {questions} 道题，{DayLabel(DateOnly.FromDateTime(close))} {LocalClock.Format(TimeOnly.FromDateTime(close))} 截止，届时公布小结。"
                : $"下面是今天的 {questions} 道题，答完即可保持连续学习。");
        }
        return FitMessage(string.Join('\n', lines));
    }

    public static string DailyPollQuestion(int number, int total, string text) => $"【今日学习 {number}/{total}】{text}";

    /// <summary>After the last of the day's questions in a private chat.</summary>
    public static string DailyDone(int correct, int asked, DailyStreak streak) =>
        $"✅ <b>今日学习完成！</b>答对 {correct}/{asked}。\n{StreakLine(streak)}" +
        (correct < asked ? "\n答错的题明天会再出现，也可以发送 /review 看看有哪些题到期。" : "");

    public static string DailyGroupSummary(DateOnly day, RoundResults results, IReadOnlyDictionary<long, string> names, int asked, Question? hardest)
    {
        var lines = new List<string> { $"📊 <b>今日学习小结</b> · {DayLabel(day)}（共 {asked} 题）" };
        if (results.Players.Count == 0)
        {
            lines.Add("今天没有人作答。明天的题目准时推送，一起学起来！");
            return string.Join('\n', lines);
        }
        lines.Add($"参与人数：{results.Players.Count} 人");
        lines.Add("");
        foreach (var p in results.Players.Take(10))
            lines.Add($"{Medal(p.Rank)} {Html.Name(names.GetValueOrDefault(p.UserId, "?"))} — 答对 {p.Correct}/{asked}");
        if (results.Players.Count > 10) lines.Add($"……等 {results.Players.Count} 人");
        if (hardest is not null && results.Hardest is { } h)
        {
            lines.Add("");
            lines.Add($"🤔 <b>今天最难的题</b>（答对率 {Percent(h.Correct, h.Answered)}）：{Html.Escape(hardest.Text)}");
            lines.Add($"✅ 正确答案：{Html.Escape(hardest.AnswerText)}");
            lines.Add($"📖 {Html.Escape(hardest.Speech.SourceLabel)}：<i>“{Html.Escape(Shorten(hardest.Quote, 160))}”</i>");
        }
        return FitMessage(string.Join('\n', lines));
    }

    public const string ReviewPrivateOnly = "错题复习是个人的，请在与我的私聊中发送 /review。";

    /// <summary>"3月2日".</summary>
    public static string DayLabel(DateOnly day) => $"{day.Month}月{day.Day}日";
}
