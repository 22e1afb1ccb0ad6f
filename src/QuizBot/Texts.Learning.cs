using QuizBot.Quizzes;

namespace QuizBot;

// Learning that adapts to each person (issue 14; docs/learning.md): mastery in /me, /review, the evening reminder.
internal static partial class Texts
{
    /// <summary>/me's mastery block: the bank's progress, then each speech, least mastered first.</summary>
    public static IEnumerable<string> MasteryLines(LearningProgress p, DateOnly today, double target)
    {
        yield return $"🎯 <b>掌握进度</b>：已掌握 <b>{p.Mastered}</b> / {p.Total} 题（{Percent(p.Mastered, p.Total)}）";
        foreach (var s in p.Speeches.OrderBy(s => (double)s.Mastered / s.Total).ThenBy(s => s.Speech.Id, StringComparer.Ordinal))
            yield return $"{Html.Escape(SpeechLabel(s.Speech))}：已掌握 {s.Mastered} / {s.Total}";
        yield return $"（“已掌握”：最近一次答对，且估计现在记得的把握不低于 {Math.Round(target * 100):0}%。）";
        yield return DueLine(p.Due, p.NextDue, today);
    }

    public static string DueLine(int due, DateOnly? nextDue, DateOnly today) =>
        due > 0 ? $"🔁 现在有 <b>{due}</b> 道题到期复习，发送 /review 开始。"
        : nextDue is { } d ? $"🔁 现在没有到期的复习题，下一道{When(d, today)}到期。"
        : "🔁 还没有需要复习的题目，发送 /quiz 开始答题。";

    private static string When(DateOnly day, DateOnly today) => day == today.AddDays(1) ? "明天" : DayLabel(day);

    public static string ReviewNothingDue(DateOnly? nextDue, DateOnly today) => nextDue is { } d
        ? $"👍 现在没有到期的复习题。下一道{When(d, today)}到期复习。"
        : "👍 现在没有需要复习的题目。答过的题会按记忆规律自动安排复习（发送 /quiz 答题，或 /daily 开启每日推送）。";

    public static string ReviewStarting(int count, int due, DateOnly? nextDue, DateOnly today) =>
        $"🔁 <b>复习</b>：{(due > count ? $"共 {due} 道到期，先复习其中 {count} 道" : $"共 {count} 道到期")}{(count > 1 ? "，最容易忘的先来" : "")}。" +
        (nextDue is { } d ? $"之后的下一道{When(d, today)}到期。" : "") +
        "\n答对的题间隔会越拉越长，答错的题很快会再出现。";

    /// <summary>The evening reminder: once a day at most, to a subscriber with a streak who has not answered today.</summary>
    public static string EveningReminder(int streak, int due) =>
        $"⏰ <b>学习提醒</b>：今天还没有答题哦。你已连续学习 <b>{streak}</b> 天，答完今天推送的题目就能继续保持。\n" +
        (due > 0 ? $"另有 {due} 道题到期复习，发送 /review 即可开始。\n" : "") +
        "不需要提醒？发送 <code>/daily remind off</code> 关闭。";

    public const string RemindOff = "🔕 已关闭晚间学习提醒。每日推送照常进行；想再开启时发送 <code>/daily remind on</code>。";

    public const string RemindOn = "🔔 已开启晚间学习提醒：连续学习 3 天以上、当天晚上还没答题时，会提醒你一次。";

    public const string RemindPrivateOnly = "晚间学习提醒是个人设置，请在与我的私聊中发送 <code>/daily remind off</code>。";

    /// <summary>The first word of /daily remind …, and the words after it, in Chinese (the ASCII ones are in DailyCommands).</summary>
    public static readonly string[] RemindWords = ["提醒"];

    public static readonly string[] RemindOnWords = ["开启", "开", "打开"];
}
