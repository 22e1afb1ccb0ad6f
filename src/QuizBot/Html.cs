namespace QuizBot;

/// <summary>
/// The one place user and bank text is escaped for Telegram's HTML parse mode: only &amp;, &lt; and &gt; need it
/// (https://core.telegram.org/bots/api#html-style).
/// </summary>
internal static class Html
{
    public static string Escape(string? text) =>
        string.IsNullOrEmpty(text) ? "" : text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
