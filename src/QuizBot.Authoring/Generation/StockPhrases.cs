namespace QuizBot.Authoring.Generation;

/// <summary>
/// The genre's set phrases (伟大复兴, 党的领导, 听党话、跟党走; <c>Data/stock-phrases.txt</c>, copied beside the tool): a
/// blank inside one is filled by anyone who has read any speech of the genre, so it is no test of this one.
/// </summary>
internal sealed class StockPhrases
{
    private readonly List<string> _phrases;

    public StockPhrases(IEnumerable<string> phrases) =>
        _phrases = phrases.Select(Strip).Where(p => p.Length >= 2).Distinct().OrderByDescending(p => p.Length).ToList();

    public static string DefaultFile => Path.Combine(AppContext.BaseDirectory, "Data", "stock-phrases.txt");

    public static StockPhrases Load(string path) =>
        new(File.Exists(path) ? File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')) : []);

    /// <summary>
    /// The set phrase that gives away <paramref name="term"/> at <paramref name="start"/> of <paramref name="text"/>: one that
    /// stands in the text over the term (the term is the phrase, or a part of it the rest of the phrase gives away).
    /// </summary>
    public string? GivesAway(string text, int start, string term)
    {
        // Matching ignores the marks set phrases are written with or without (听党话、跟党走 / 听党话跟党走).
        var (plain, map) = StripWithMap(text);
        var from = Array.FindIndex(map, i => i >= start);
        if (from < 0) return null;
        var to = from + Strip(term).Length;
        foreach (var p in _phrases)
        {
            for (var i = plain.IndexOf(p, StringComparison.Ordinal); i >= 0; i = plain.IndexOf(p, i + 1, StringComparison.Ordinal))
            {
                if (i < to && from < i + p.Length) return p;
            }
        }
        return null;
    }

    /// <summary>True when the term is itself one of the set phrases, wherever it stands.</summary>
    public bool Contains(string term) => _phrases.Contains(Strip(term));

    private static bool IsMark(char c) => c is '、' or '，' or '“' or '”' or '‘' or '’' or ' ';

    private static string Strip(string s) => new(s.Where(c => !IsMark(c)).ToArray());

    private static (string Plain, int[] Map) StripWithMap(string s)
    {
        var chars = new List<char>();
        var map = new List<int>();
        for (var i = 0; i < s.Length; i++)
        {
            if (IsMark(s[i])) continue;
            chars.Add(s[i]);
            map.Add(i);
        }
        return (new string(chars.ToArray()), map.ToArray());
    }
}
