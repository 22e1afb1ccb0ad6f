namespace QuizBot;

/// <summary>What the terminal play mode (<see cref="Play.TerminalPlay"/>) prints, as plain text.</summary>
internal static partial class Texts
{
    /// <summary>The local player's name and chat title, as stored and shown on leaderboards.</summary>
    public const string TerminalPlayerName = "本地玩家";
    public const string TerminalChatTitle = "终端";

    public static string TerminalWelcome(int approved, int speeches) => $"""
        学习答题 · 终端模式（题库共 {approved} 道已审核题目，来自 {speeches} 篇讲话）
        未配置 Telegram 机器人令牌时进入本模式；配置方法见 README。
        """;

    public const string TerminalMenu = "\n输入题数开始答题（1–20，直接回车为 5 题）；me 查看我的记录；top 查看排行榜；q 退出。";
    public const string TerminalTopTitle = "总排行榜（全部时间）";
    public const string TerminalBadCount = "请输入 1–20 之间的数字，或 me、top、q。";
    public const string TerminalGoodbye = "再见！答题记录已保存。";
    public const string TerminalResumed = "继续上次未完成的一轮答题。";
    public const string TerminalRight = "✅ 回答正确！";
    public static string TerminalWrong(string answer) => $"❌ 回答错误。正确答案：{answer}";

    public static string TerminalChoicePrompt(int optionCount, bool multi) => multi
        ? $"请输入选项编号（可多选，用逗号分隔，1–{optionCount}；q 结束本轮）："
        : $"请输入选项编号（1–{optionCount}；q 结束本轮）：";

    public static string TerminalBadChoice(int optionCount, bool multi) =>
        $"输入无效：请输入 1–{optionCount} 之间的{(multi ? "一个或多个" : "一个")}数字。";

    /// <summary>Separators between option numbers: a Chinese keyboard types the full-width comma.</summary>
    public static readonly char[] TerminalChoiceSeparators = [',', '，', ' '];

    /// <summary>Printed on Ctrl+C: every answer is committed as it is given.</summary>
    public const string TerminalInterrupted = "\n已退出，答题记录已保存。";
}
