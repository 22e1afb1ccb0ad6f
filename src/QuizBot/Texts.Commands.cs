namespace QuizBot;

/// <summary>
/// The command menus' one-line descriptions (setMyCommands), and the Chinese words people may type as command arguments
/// besides the English ones, which stay beside the code that parses them.
/// </summary>
internal static partial class Texts
{
    public const string MenuQuizPrivate = "开始一轮答题（可加题数，如 /quiz 10）";
    public const string MenuStopPrivate = "结束当前答题并查看成绩";
    public const string MenuMe = "我的答题记录";
    public const string MenuTopPrivate = "积分排行榜（本周、本月或总榜）";
    public const string MenuDailyPrivate = "每日学习推送";
    public const string MenuReview = "复习到期题目";
    public const string MenuForget = "删除我的全部数据";
    public const string MenuHelp = "帮助";

    public const string MenuQuizGroup = "开始群组答题（管理员）";
    public const string MenuStopGroup = "结束本轮答题（管理员）";
    public const string MenuTopGroup = "本群排行榜";
    public const string MenuScoring = "切换计分方式（管理员）";
    public const string MenuDailyGroup = "每日学习推送（管理员设置时间）";
    public const string MenuStats = "本周学习统计（管理员）";
    public const string MenuExport = "导出本月学习记录（管理员）";

    // One line of /help per command (Telegram/CommandTable.cs); a command offered in both kinds of chat has one line.
    public const string HelpStart = "/start — 介绍本机器人";
    public const string HelpQuiz = "/quiz [题数] — 开始一轮答题，题数 1–20，默认 5（群里由管理员开始群组答题）";
    public const string HelpStop = "/stop — 结束当前答题并查看成绩";
    public const string HelpMe = "/me — 我的答题记录：答题数、正确率、积分与排名、连续学习天数、各篇讲话正确率与掌握进度、近 30 天图表";
    public const string HelpTop = "/top [本周|本月|总榜] — 积分排行榜（群里为本群排行），也可写 week、month、all";
    public const string HelpScoring = "/scoring 速度|正确率 — 切换本群计分方式（也可写 speed、accuracy）";
    public const string HelpDaily = "/daily [时:分|off] — 每日学习推送：每天定时推送一段讲话摘登和几道题（/daily 查看设置，/daily remind off 关闭晚间提醒）";
    public const string HelpStats = "/stats — 本群本周学习统计";
    public const string HelpExport = "/export [年-月] — 导出本群学习记录（CSV）";
    public const string HelpReview = "/review — 复习到期的题目（最容易忘的先来）";
    public const string HelpForget = "/forget — 删除我的全部数据";
    public const string HelpHelp = "/help — 显示本帮助";

    /// <summary>/scoring 速度 (speed); /scoring 正确率 or 准确 (accuracy).</summary>
    public const string ScoringWordSpeed = "速度", ScoringWordAccuracy = "正确率", ScoringWordAccurate = "准确";

    /// <summary>/daily 关闭 and the like stop the daily push.</summary>
    public static readonly string[] DailyOffWords = ["关闭", "关", "取消", "停止"];

    /// <summary>
    /// /export's month: 2026-03, 2026-3, 2026/03, 202603 or 2026年3月 (year and month marks optional). A pattern rather
    /// than two words because the marks sit inside it; it is here because it holds Chinese.
    /// </summary>
    public const string MonthArgumentPattern = @"^(?<y>[0-9]{4})(?:[-/.]|年)?(?<m>[0-9]{1,2})月?$";
}
