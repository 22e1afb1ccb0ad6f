using System.Globalization;
using System.Text;

namespace QuizBot.Authoring.Text;

/// <summary>
/// Near-duplicate detection (docs/authoring.md): question texts are compared after removing whitespace, punctuation, symbols
/// and blanks, by the Dice coefficient of their character bigrams. Chinese has no spaces, so character bigrams are the usual
/// cheap stand-in for words; the threshold was chosen so that the same passage asked twice (a different blank, or a
/// true/false twin of a cloze) is caught while templated stems that differ only in a name are not.
/// </summary>
internal static class Similarity
{
    public const double NearDuplicateThreshold = 0.8;

    /// <summary>Texts shorter than this (after normalising) are only compared for equality: short templated stems such as
    /// "张良的职务是？" differ from their siblings by a name alone, which is the whole point of the question.</summary>
    public const int MinLengthForNearDuplicate = 12;

    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var cat = char.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || c == '_' || char.IsPunctuation(c) || char.IsSymbol(c) || cat == UnicodeCategory.Format) continue;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    public static double Dice(string a, string b)
    {
        if (a.Length < 2 || b.Length < 2) return a == b ? 1 : 0;
        var counts = new Dictionary<(char, char), int>();
        for (var i = 0; i + 1 < a.Length; i++)
            counts[(a[i], a[i + 1])] = counts.GetValueOrDefault((a[i], a[i + 1])) + 1;
        var shared = 0;
        for (var i = 0; i + 1 < b.Length; i++)
        {
            var key = (b[i], b[i + 1]);
            if (counts.TryGetValue(key, out var n) && n > 0)
            {
                shared++;
                counts[key] = n - 1;
            }
        }
        return 2.0 * shared / (a.Length - 1 + b.Length - 1);
    }

    /// <summary>Null when the two question texts are distinct; otherwise the reason to report.</summary>
    public static string? Compare(string questionA, string questionB)
    {
        var a = Normalize(questionA);
        var b = Normalize(questionB);
        if (a == b) return "duplicate";
        if (Math.Min(a.Length, b.Length) < MinLengthForNearDuplicate) return null;
        var dice = Dice(a, b);
        return dice >= NearDuplicateThreshold
            ? $"near-duplicate (similarity {dice.ToString("0.00", CultureInfo.InvariantCulture)})"
            : null;
    }
}
