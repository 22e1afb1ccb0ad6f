using System.Text;

namespace QuizBot;

/// <summary>
/// People's names and group titles are user input, and can carry invisible bidirectional-text controls: an embedding or
/// override (U+202A–U+202E) or an isolate (U+2066–U+2069) left open runs to the end of the line, so "\u202Eevil" would show
/// a leaderboard line's points and rank reversed. Names are shown without those controls; a name with right-to-left letters
/// (Arabic, Hebrew) is also wrapped in an isolate, so its letters cannot pull the neighbouring points into their run.
/// Names are stored as Telegram gave them; this applies wherever they are shown (https://unicode.org/reports/tr9/).
/// </summary>
internal static class Names
{
    private const char FirstStrongIsolate = '\u2068';
    private const char PopDirectionalIsolate = '\u2069';

    /// <summary>The name without embedding, override and isolate controls: for CSV cells, where each cell stands alone.</summary>
    public static string Plain(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "";
        if (!name.Any(IsControl)) return name;
        return string.Concat(name.Where(ch => !IsControl(ch)));
    }

    /// <summary>The name for a line of text: <see cref="Plain"/>, isolated (FSI … PDI) when it holds right-to-left letters.</summary>
    public static string Isolated(string? name)
    {
        var plain = Plain(name);
        foreach (var rune in plain.EnumerateRunes())
            if (IsRightToLeft(rune)) return $"{FirstStrongIsolate}{plain}{PopDirectionalIsolate}";
        return plain;
    }

    private static bool IsControl(char ch) => ch is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>
    /// The blocks of right-to-left scripts (Hebrew to Arabic Extended-A, their presentation forms, the supplementary RTL
    /// planes) and the right-to-left mark; a little wider than the strong RTL characters, which only isolates a few more names.
    /// </summary>
    private static bool IsRightToLeft(Rune r) => r.Value is (>= 0x0590 and <= 0x08FF) or 0x200F or (>= 0xFB1D and <= 0xFDFF)
        or (>= 0xFE70 and <= 0xFEFF) or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF);
}
