using System.Text.RegularExpressions;
using JiebaNet.Segmenter;
using QuizBot.Authoring.Text;

namespace QuizBot.Authoring.Nlp;

/// <summary>
/// Generic signs of a typo that the errata file does not list yet: a word written twice ("坚持坚持"), a character doubled
/// across a word boundary ("行动中中来"), a Latin word inside Chinese ("精神and履职"), one member twice in a list
/// ("底气、勇气和勇气"). The generator never asks about such a passage and tells the editor to add an erratum.
/// </summary>
internal static partial class TypoScan
{
    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}[a-z]{2,}\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex LatinInsideChinese();

    private static readonly HashSet<string> ListJoiners = ["、", "和", "与", "及", "以及"];

    public static string? Suspicion(string text, IReadOnlyList<Token> tokens)
    {
        if (LatinInsideChinese().Match(text) is { Success: true } latin) return $"Latin letters inside Chinese: {latin.Value}";
        for (var i = 0; i < tokens.Count; i++)
        {
            // A doubled character that jieba can only read as a name ("行动中中来" → 中中/ns) is a slip, not a word;
            // real reduplications (常常, 人人, 谢谢) are adverbs, pronouns, verbs or common nouns.
            if (tokens[i].Word is [var c1, var c2] && c1 == c2 && Chinese.IsHan(c1) && tokens[i].Flag is "ns" or "nr" or "nrt" or "nz")
                return $"character doubled: {tokens[i].Word}";
            if (i + 1 == tokens.Count) break;
            if (tokens[i].Word.Length >= 2 && tokens[i].Word == tokens[i + 1].Word && Chinese.IsAllHan(tokens[i].Word))
                return $"word written twice: {tokens[i].Word}{tokens[i + 1].Word}";
            var a = tokens[i];
            var b = tokens[i + 1];
            // Two single characters alike that jieba could not make a word of ("中中"); "有为为推动" is ordinary Chinese.
            if (a.Word.Length == 1 && b.Word.Length == 1 && a.Word == b.Word && Chinese.IsHan(a.Word[0])
                && !WordDictionary.Instance.ContainsWord(a.Word + b.Word))
                return $"character doubled across words: {a.Word}{b.Word}";
        }
        // Members of one enumeration ("A、B和C") must differ.
        for (var i = 0; i < tokens.Count; i++)
        {
            var members = new List<string> { tokens[i].Word };
            var j = i + 1;
            while (j + 1 < tokens.Count && ListJoiners.Contains(tokens[j].Word))
            {
                members.Add(tokens[j + 1].Word);
                j += 2;
            }
            var repeated = members.Where(m => m.Length >= 2).GroupBy(m => m).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null) return $"list member written twice: {repeated.Key}";
        }
        return null;
    }
}
