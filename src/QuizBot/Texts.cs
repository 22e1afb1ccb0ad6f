using System.Globalization;
using QuizBot.Core.Questions;
using QuizBot.Quizzes;
using QuizBot.Storage;

namespace QuizBot;

/// <summary>
/// Every message the bot sends, in Simplified Chinese, in one place. Methods take raw values and escape them here,
/// so handlers never build HTML themselves. Texts for the terminal use <see cref="Plain"/> (no HTML).
/// </summary>
internal static partial class Texts
{
    public const string Start = """
        👋 你好！我是<b>学习答题助手</b>。

        我把北京市总工会“学习贯彻党的二十大精神研讨会暨2023年工作务虚会”上九位领导的讲话摘登变成一道道测验题，帮助大家在答题中学习原文。每道题都经人工审核，答完会告诉你正确答案、讲话人和原文出处。

        发送 /quiz 开始一轮答题（默认 5 题），或 /help 查看全部命令。
        """;

    /// <summary>/help, built from <see cref="Telegram.CommandTable"/>: one line per command, then the group administrators' commands.</summary>
    public static string HelpPage(IEnumerable<string> privateLines, IEnumerable<string> groupAdminLines) =>
        "<b>可用命令</b>\n" + string.Join("\n", privateLines) + "\n\n答题方式：点选测验投票中的选项即可，答完自动出下一题。\n\n" +
        "<b>群组里（管理员）</b>\n" + string.Join("\n", groupAdminLines) + "\n其他成员可用 /me、/top、/help；答题时直接点选投票。";

    public static string QuizCountInvalid(string arg) =>
        $"“{Html.Escape(Shorten(arg, 20))}”不是有效的题数。请发送 /quiz 加 1–20 之间的数字，例如 <code>/quiz 10</code>。";

    /// <summary>The database cannot store anything for now (disk full, read-only, locked); the command is kept and handled later.</summary>
    public const string StorageUnavailable = "⚠️ 暂时无法保存数据，你的消息已收到，恢复后会自动处理，无需重发。";

    public const string QuizAlreadyRunning = "你有一轮答题正在进行中，请先回答上面的题目；发送 /stop 可提前结束。";
    public const string NoQuizRunning = "当前没有进行中的答题。发送 /quiz 开始一轮。";
    public const string BankEmpty = "题库暂时没有可用的题目，请联系管理员。";

    public static string PollQuestion(int number, int total, string text) => $"【第{number}/{total}题】{text}";

    public static string UnknownCommand(string command) =>
        $"暂不支持命令 {Html.Escape(Shorten(command, 40))}。发送 /help 查看可用命令。";

    public const string NotACommand = "请发送 /quiz 开始答题，或 /help 查看全部命令。";
    public const string ComingSoon = "这个功能正在开发中，敬请期待。现在可以用 /quiz 开始答题。";
    public const string StaleButton = "这个按钮已失效。";
    public const string NotYourButton = "这不是你的按钮。";

    public const string ForgetAsk = "⚠️ 确认要删除你在本机器人中的全部数据吗？包括答题记录、积分、排名和设置。删除后无法恢复。";
    public const string ForgetConfirmButton = "确认删除我的数据";
    public const string ForgetCancelButton = "取消";
    public const string ForgetDone = "✅ 你的数据已全部删除。如需重新开始，发送 /quiz 即可。";
    public const string ForgetCancelled = "已取消，数据未做任何改动。";
    public const string ForgetOnlyPrivately = "为保护隐私，请私聊我发送 /forget 删除个人数据。";

    public const string NextStepBot = "发送 /quiz 再来一轮，/me 查看个人记录。";
    public const string NextStepTerminal = "输入题数再来一轮，me 查看个人记录。";

    public static string Summary(RoundSummary s, bool stopped, string nextStep = NextStepBot)
    {
        var lines = new List<string>
        {
            stopped ? "⏹ <b>答题已结束</b>" : "🏁 <b>答题完成！</b>",
            $"得分：<b>{s.Correct}/{s.Asked}</b>（正确率 {Percent(s.Correct, s.Asked)}），积分 +{s.Points}",
            $"用时：{Duration(s.Elapsed)}",
        };
        if (s.Unanswered > 0) lines.Add($"未作答：{s.Unanswered} 题");
        if (s.Misses.Count > 0)
        {
            lines.Add("");
            lines.Add("<b>错题回顾</b>");
            var n = 0;
            foreach (var q in s.Misses)
            {
                n++;
                lines.Add($"{n}. {Html.Escape(q.Text)}");
                lines.Add($"✅ 正确答案：{Html.Escape(q.AnswerText)}");
                lines.Add($"📖 {Html.Escape(q.Speech.SourceLabel)}：<i>“{Html.Escape(Shorten(q.Quote, 160))}”</i>");
            }
        }
        else if (s.Asked > 0 && s.Correct == s.Asked)
        {
            lines.Add("全部答对，太棒了！👏");
        }
        lines.Add("");
        lines.Add(nextStep);
        return FitMessage(string.Join('\n', lines));
    }

    // Me and Top (the /me and /top texts) are in Texts.Scores.cs.

    // ---- Groups ----

    public const string GroupIntro = """
        👋 大家好！我是<b>学习答题助手</b>，帮助本群一起学习北京市总工会研讨会讲话摘登。

        群管理员发送 /quiz 开始一轮群组答题（默认 5 题，每题限时作答，答得又对又快得分更高），结束后公布排名。
        所有人都可以用 /top 查看本群排行榜，用 /me 查看自己的记录。
        """;

    public const string AdminsOnly = "只有本群管理员可以这样做。请联系管理员开始或结束答题。";
    public const string RoundAlreadyRunning = "本群已有一轮答题正在进行，请先完成当前这一轮；管理员可发送 /stop 提前结束。";
    public const string NoRoundRunning = "本群当前没有进行中的答题。管理员可发送 /quiz 开始一轮。";

    public static string RoundStarting(int count, long seconds, string scoring) =>
        $"📣 <b>群组答题开始！</b>\n共 {count} 题，每题限时 {seconds} 秒。" +
        (scoring == Core.Quizzes.ScoringModes.Speed ? "答对得 10 分，答得越快额外加分越多（最多 +10）。" : "每答对一题得 10 分。") +
        "\n请直接点选投票中的选项作答。";

    public static string ScoringChanged(string scoring) => scoring == Core.Quizzes.ScoringModes.Speed
        ? "✅ 已切换为<b>速度计分</b>：答对得 10 分，越快加分越多。"
        : "✅ 已切换为<b>正确率计分</b>：每答对一题得 10 分，不计速度。";

    public const string ScoringUsage = "用法：<code>/scoring speed</code>（速度计分）或 <code>/scoring accuracy</code>（只计正确率）。";

    public static string GroupResults(Core.Quizzes.RoundResults results, IReadOnlyDictionary<long, string> names, int asked,
        Core.Questions.Question? hardest, bool stopped)
    {
        var lines = new List<string> { stopped ? $"⏹ <b>本轮答题已提前结束</b>（共出 {asked} 题）" : $"🏁 <b>本轮答题结束</b>（共 {asked} 题）" };
        if (results.Players.Count == 0)
        {
            lines.Add("本轮没有人作答。管理员可以发送 /quiz 再来一轮。");
            return string.Join('\n', lines);
        }
        lines.Add($"参与人数：{results.Players.Count} 人");
        lines.Add("");
        foreach (var p in results.Players.Take(10))
            lines.Add($"{Medal(p.Rank)} {Html.Name(names.GetValueOrDefault(p.UserId, "?"))} — {p.Points} 分（答对 {p.Correct}/{asked}）");
        if (hardest is not null && results.Hardest is { } h)
        {
            lines.Add("");
            lines.Add($"🤔 <b>本轮最难的题</b>（答对率 {Percent(h.Correct, h.Answered)}）：{Html.Escape(hardest.Text)}");
            lines.Add($"✅ 正确答案：{Html.Escape(hardest.AnswerText)}");
            lines.Add($"📖 {Html.Escape(hardest.Speech.SourceLabel)}：<i>“{Html.Escape(Shorten(hardest.Quote, 160))}”</i>");
        }
        lines.Add("");
        lines.Add("发送 /top 查看本群排行榜。");
        return FitMessage(string.Join('\n', lines));
    }

    public static string Medal(long rank) => rank switch { 1 => "🥇", 2 => "🥈", 3 => "🥉", _ => $"{rank}." };

    public static string Percent(long part, long whole) =>
        whole == 0 ? "0%" : (100.0 * part / whole).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}小时{t.Minutes}分" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}分{t.Seconds}秒" : $"{t.Seconds}秒";

    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Telegram's text limit is 4096 characters after entity parsing; keep well inside it by cutting whole lines.</summary>
    public static string FitMessage(string html, int max = 3900)
    {
        if (html.Length <= max) return html;
        var lines = html.Split('\n');
        var kept = new List<string>();
        var length = 0;
        foreach (var line in lines)
        {
            if (length + line.Length + 1 > max - 10) break;
            kept.Add(line);
            length += line.Length + 1;
        }
        kept.Add("……");
        return string.Join('\n', kept);
    }

    /// <summary>Turns bot HTML into terminal text: drops the few tags we use and decodes the three entities.</summary>
    public static string Plain(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "</?(b|i|code)>", "")
            .Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");
}
