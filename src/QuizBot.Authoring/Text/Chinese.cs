using System.Text;

namespace QuizBot.Authoring.Text;

/// <summary>Small facts about Chinese text that every part of the tool needs: punctuation classes and numerals.</summary>
internal static class Chinese
{
    /// <summary>Marks that end a sentence or a list item; a paragraph ending in one of them is complete.</summary>
    public const string SentenceEnds = "。！？；!?;";

    /// <summary>Marks between clauses: the only places a long passage may be cut, so no word is ever split.</summary>
    public const string ClauseMarks = "，、：；。！？,:;!?";

    /// <summary>A paragraph ending with one of these is taken as complete; anything else was broken by a page or line break.</summary>
    public const string ParagraphEnds = "。！？；：…”’」』）)!?;:";

    public static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

    public static bool IsAllHan(string s) => s.Length > 0 && s.All(IsHan);

    public static string RemoveWhitespace(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF') sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Collapses runs of whitespace (including the ideographic space) to one ASCII space.</summary>
    public static string CollapseWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private const string Digits = "零一二三四五六七八九";

    /// <summary>Reads 一…九十九 (and 两, 〇, Arabic digits); null for anything else, such as 几.</summary>
    public static int? ParseNumeral(string s)
    {
        if (s.Length == 0) return null;
        if (s.All(char.IsAsciiDigit)) return int.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        s = s.Replace('两', '二').Replace('〇', '零');
        var ten = s.IndexOf('十');
        if (ten < 0) return s.Length == 1 && Digits.IndexOf(s[0]) is var d and > 0 ? d : null;
        if (s.Length > 3 || s.Count(c => c == '十') > 1) return null;
        var tens = ten == 0 ? 1 : Digits.IndexOf(s[0]);
        var ones = ten == s.Length - 1 ? 0 : Digits.IndexOf(s[^1]);
        return tens > 0 && ones >= 0 ? tens * 10 + ones : null;
    }

    /// <summary>Writes 1…99 as 一…九十九.</summary>
    public static string Numeral(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 99);
        if (n < 10) return Digits[n].ToString();
        var tens = n / 10;
        var ones = n % 10;
        return (tens == 1 ? "" : Digits[tens].ToString()) + "十" + (ones == 0 ? "" : Digits[ones].ToString());
    }
}
