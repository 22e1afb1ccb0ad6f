namespace QuizBot;

/// <summary>
/// The one place user and bank text is escaped for Telegram's HTML parse mode: only &amp;, &lt; and &gt; need it
/// (https://core.telegram.org/bots/api#html-style).
/// </summary>
internal static class Html
{
    public static string Escape(string? text) =>
        string.IsNullOrEmpty(text) ? "" : text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A person's name or a group's title, escaped and kept from reordering the line it is shown in (<see cref="Names"/>).</summary>
    public static string Name(string? name) => Escape(Names.Isolated(name));
}
