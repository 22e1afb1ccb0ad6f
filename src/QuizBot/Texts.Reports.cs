namespace QuizBot;

// Learners' reports of a problem in a question (纠错, issue 13; Telegram/Commands/ReportCommand.cs).
internal static partial class Texts
{
    public const string ReportButton = "🚩 报告问题";
    public const string ReportWhich = "🚩 哪一道题有问题？请点选题号：";
    public const string ReportPickQuestion = "请选择有问题的题目";
    public const string ReportReceived = "已记录，谢谢！";
    public const string ReportThanksInGroup = "已记录你的报告，谢谢！群里不收补充说明；想说明哪里有问题，可以私聊我答题，在小结里报告。";
    public const string ReportNoteThanks = "🙏 谢谢你的说明！编辑会核对原文后修正这道题。";

    /// <summary>One button per question of the round: its number and the start of its text (button labels are short).</summary>
    public static string ReportQuestionButton(int number, string? questionText) =>
        questionText is null ? $"第 {number} 题" : $"第 {number} 题：{Shorten(questionText, 24)}";

    public static string ReportAskNote(int number, int minutes) =>
        $"🚩 已记下第 {number} 题的问题报告，谢谢！\n如果愿意，请在 {minutes} 分钟内直接发一条文字消息说明哪里有问题（例如答案不对、选项有歧义、与原文不符），不说明也可以。";
}
