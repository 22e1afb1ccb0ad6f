using System.Globalization;
using System.Text;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuizBot.Tests.Fakes;

/// <summary>
/// Telegram's HTML parse mode as the Bot API documents it, so a bot that forgets to escape a user's name fails here
/// before it fails in production. Deliberately strict: the real parser tolerates a bare '&amp;' or '&gt;' that the
/// documentation says must be escaped, and tests should hold the bot to the documented rule.
/// </summary>
public static class HtmlRules
{
    private static readonly HashSet<string> Supported =
    [
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote",
    ];

    /// <summary>Plain text and entities (offsets in UTF-16 units, as Telegram counts them).</summary>
    /// <exception cref="FormatException">With the detail Telegram appends to "can't parse entities: ".</exception>
    public static (string Text, MessageEntity[] Entities) Parse(string html)
    {
        var text = new StringBuilder(html.Length);
        var open = new List<OpenTag>();
        var entities = new List<MessageEntity>();
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '&')
            {
                text.Append(DecodeEntity(html, ref i));
            }
            else if (c == '>')
            {
                throw Error($"Character '>' at byte offset {ByteOffset(html, i)} must be escaped as \"&gt;\"");
            }
            else if (c != '<')
            {
                text.Append(c);
                i++;
            }
            else if (i + 1 < html.Length && html[i + 1] == '/')
            {
                CloseTag(html, ref i, open, entities, text.Length);
            }
            else
            {
                open.Add(OpenTagAt(html, ref i, text.Length));
            }
        }
        if (open.Count > 0)
            throw Error($"Can't find end tag corresponding to start tag \"{open[^1].Name}\"");
        entities.Sort((a, b) => a.Offset != b.Offset ? a.Offset.CompareTo(b.Offset) : b.Length.CompareTo(a.Length));
        return (text.ToString(), entities.ToArray());
    }

    /// <summary>The text a user sees: what Telegram's length limits count.</summary>
    public static string PlainText(string html) => Parse(html).Text;

    private sealed record OpenTag(string Name, int ByteOffset, int TextStart, Dictionary<string, string> Attributes)
    {
        public string? Language { get; set; }
    }

    private static OpenTag OpenTagAt(string html, ref int i, int textStart)
    {
        var begin = i;
        var beginBytes = ByteOffset(html, begin);
        i++;
        var nameStart = i;
        while (i < html.Length && (char.IsAsciiLetterOrDigit(html[i]) || html[i] == '-')) i++;
        var name = html[nameStart..i].ToLowerInvariant();
        if (name.Length == 0)
            throw Error($"Character '<' at byte offset {beginBytes} must be escaped as \"&lt;\"");
        if (!Supported.Contains(name))
            throw Error($"Unsupported start tag \"{name}\" at byte offset {beginBytes}");

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
            if (i >= html.Length) throw Error($"Unclosed start tag at byte offset {beginBytes}");
            if (html[i] == '>') { i++; break; }
            var attrStart = i;
            while (i < html.Length && (char.IsAsciiLetterOrDigit(html[i]) || html[i] is '-' or '_')) i++;
            if (i == attrStart)
                throw Error($"Empty attribute name in the tag \"{name}\" at byte offset {beginBytes}");
            var attr = html[attrStart..i].ToLowerInvariant();
            while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
            if (i < html.Length && html[i] == '=')
            {
                i++;
                while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
                attributes[attr] = ReadAttributeValue(html, ref i, beginBytes);
            }
            else
            {
                attributes[attr] = ""; // a bare attribute such as <blockquote expandable>
            }
        }

        if (name == "span" && attributes.GetValueOrDefault("class") != "tg-spoiler")
            throw Error($"Tag \"span\" must have class \"tg-spoiler\" at byte offset {beginBytes}");
        if (name == "tg-emoji" && !attributes.ContainsKey("emoji-id"))
            throw Error($"Tag \"tg-emoji\" must have attribute \"emoji-id\" at byte offset {beginBytes}");
        return new OpenTag(name, beginBytes, textStart, attributes);
    }

    private static string ReadAttributeValue(string html, ref int i, int tagBytes)
    {
        if (i >= html.Length) throw Error($"Unclosed start tag at byte offset {tagBytes}");
        var value = new StringBuilder();
        var quote = html[i];
        if (quote is '"' or '\'')
        {
            i++;
            while (i < html.Length && html[i] != quote)
            {
                if (html[i] == '&') value.Append(DecodeEntity(html, ref i));
                else value.Append(html[i++]);
            }
            if (i >= html.Length) throw Error($"Unclosed start tag at byte offset {tagBytes}");
            i++;
        }
        else
        {
            while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>')
            {
                if (html[i] == '&') value.Append(DecodeEntity(html, ref i));
                else value.Append(html[i++]);
            }
        }
        return value.ToString();
    }

    private static void CloseTag(string html, ref int i, List<OpenTag> open, List<MessageEntity> entities, int textEnd)
    {
        var beginBytes = ByteOffset(html, i);
        i += 2;
        var nameStart = i;
        while (i < html.Length && (char.IsAsciiLetterOrDigit(html[i]) || html[i] == '-')) i++;
        var name = html[nameStart..i].ToLowerInvariant();
        while (i < html.Length && char.IsWhiteSpace(html[i])) i++;
        if (i >= html.Length || html[i] != '>')
            throw Error($"Unclosed end tag at byte offset {beginBytes}");
        i++;
        if (open.Count == 0)
            throw Error($"Unexpected end tag at byte offset {beginBytes}");
        var tag = open[^1];
        if (tag.Name != name)
            throw Error($"Unmatched end tag at byte offset {beginBytes}, expected \"</{tag.Name}>\", found \"</{name}>\"");
        open.RemoveAt(open.Count - 1);

        // <pre><code class="language-x"> is one pre entity with a language, as Telegram reports it.
        if (name == "code" && open.Count > 0 && open[^1].Name == "pre"
            && tag.Attributes.GetValueOrDefault("class") is { } cls && cls.StartsWith("language-", StringComparison.Ordinal))
        {
            open[^1].Language = cls["language-".Length..];
            return;
        }
        var length = textEnd - tag.TextStart;
        if (length > 0 && ToEntity(tag, length) is { } entity)
            entities.Add(entity);
    }

    private static MessageEntity? ToEntity(OpenTag tag, int length)
    {
        var entity = new MessageEntity { Offset = tag.TextStart, Length = length };
        switch (tag.Name)
        {
            case "b" or "strong": entity.Type = MessageEntityType.Bold; break;
            case "i" or "em": entity.Type = MessageEntityType.Italic; break;
            case "u" or "ins": entity.Type = MessageEntityType.Underline; break;
            case "s" or "strike" or "del": entity.Type = MessageEntityType.Strikethrough; break;
            case "span" or "tg-spoiler": entity.Type = MessageEntityType.Spoiler; break;
            case "code": entity.Type = MessageEntityType.Code; break;
            case "pre": entity.Type = MessageEntityType.Pre; entity.Language = tag.Language; break;
            case "tg-emoji": entity.Type = MessageEntityType.CustomEmoji; entity.CustomEmojiId = tag.Attributes["emoji-id"]; break;
            case "blockquote":
                entity.Type = tag.Attributes.ContainsKey("expandable") ? MessageEntityType.ExpandableBlockquote : MessageEntityType.Blockquote;
                break;
            case "a":
                var href = tag.Attributes.GetValueOrDefault("href");
                if (string.IsNullOrEmpty(href)) return null;
                if (href.StartsWith("tg://user?id=", StringComparison.Ordinal)
                    && long.TryParse(href["tg://user?id=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
                {
                    entity.Type = MessageEntityType.TextMention;
                    entity.User = new User { Id = userId, FirstName = "" };
                }
                else
                {
                    entity.Type = MessageEntityType.TextLink;
                    entity.Url = href;
                }
                break;
            default: return null;
        }
        return entity;
    }

    /// <summary>Decodes one of the entities Telegram knows (&amp;lt; &amp;gt; &amp;amp; &amp;quot; &amp;#NN; &amp;#xHH;) at <paramref name="i"/>.</summary>
    private static string DecodeEntity(string html, ref int i)
    {
        var end = html.IndexOf(';', i);
        var body = end < 0 || end - i > 12 ? "" : html[(i + 1)..end];
        string? decoded = body switch
        {
            "lt" => "<",
            "gt" => ">",
            "amp" => "&",
            "quot" => "\"",
            _ when body.StartsWith("#x", StringComparison.OrdinalIgnoreCase) => CodePoint(body[2..], NumberStyles.AllowHexSpecifier),
            _ when body.StartsWith('#') => CodePoint(body[1..], NumberStyles.None),
            _ => null,
        };
        if (decoded is null)
            throw Error($"Character '&' at byte offset {ByteOffset(html, i)} must be escaped as \"&amp;\"");
        i = end + 1;
        return decoded;
    }

    private static string? CodePoint(string digits, NumberStyles style) =>
        digits.Length > 0
        && int.TryParse(digits, style, CultureInfo.InvariantCulture, out var cp)
        && cp is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF)
            ? char.ConvertFromUtf32(cp)
            : null;

    // Telegram reports positions in UTF-8 bytes of the original text.
    private static int ByteOffset(string html, int index) => Encoding.UTF8.GetByteCount(html.AsSpan(0, index));

    private static FormatException Error(string detail) => new(detail);
}
