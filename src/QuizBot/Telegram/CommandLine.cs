using QuizBot.Core.Text;

namespace QuizBot.Telegram;

/// <summary>A bot command as typed: "/quiz@QuizBot 5" → name "quiz", argument "5".</summary>
internal sealed record CommandLine(string Name, string Argument, bool AddressedToUs)
{
    /// <summary>
    /// Parses a message text. Returns null when it is not a command, or when it is addressed to another bot
    /// (in groups several bots share the slash-command namespace). The text is NFKC-normalised first (<see cref="TypedText"/>),
    /// so every command reads "/quiz ５" or "/daily　０７：３０" (full-width digits, colon, ideographic space) as typed in ASCII.
    /// </summary>
    public static CommandLine? Parse(string? text, string botUsername)
    {
        if (string.IsNullOrEmpty(text) || text[0] != '/' || text.Length < 2) return null;
        text = TypedText.Normalize(text);
        var end = text.AsSpan().IndexOfAny([' ', '\n', '\t', '\r']);
        var head = end < 0 ? text[1..] : text[1..end];
        var argument = end < 0 ? "" : text[(end + 1)..].Trim();
        var at = head.IndexOf('@');
        var addressed = false;
        if (at >= 0)
        {
            if (!string.Equals(head[(at + 1)..], botUsername, StringComparison.OrdinalIgnoreCase)) return null;
            head = head[..at];
            addressed = true;
        }
        return head.Length == 0 ? null : new CommandLine(head.ToLowerInvariant(), argument, addressed);
    }
}
