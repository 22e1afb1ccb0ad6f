namespace QuizBot.Authoring.Nlp;

/// <summary>
/// 同义词词林 (extended edition), as it ships with jieba.NET in <c>cn_synonym.txt</c>. Each line is a code and its words:
/// <c>Hc19A01= 监督 督察 …</c>. The code is a five-level hierarchy (<c>H</c> · <c>c</c> · <c>19</c> · <c>A</c> · <c>01</c>)
/// and a mark: <c>=</c> synonyms, <c>#</c> related words of one kind, <c>@</c> a word alone. Two words of one level-4 class
/// (<c>Hc19A</c>) that share no <c>=</c> line are <em>siblings</em>: of one semantic category, yet not interchangeable —
/// what a cloze distractor should be. Words sharing an <c>=</c> line are synonyms: either would be right in the blank.
/// </summary>
internal sealed class Thesaurus
{
    private const int ClassLength = 5;

    private readonly Dictionary<string, List<string>> _codes = [];
    private readonly Dictionary<string, List<string>> _byClass = [];

    public static Thesaurus Empty { get; } = new();

    public static Thesaurus Load(string path) => File.Exists(path) ? Parse(File.ReadLines(path)) : Empty;

    public static Thesaurus Parse(IEnumerable<string> lines)
    {
        var t = new Thesaurus();
        foreach (var line in lines)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || parts[0].Length != 8) continue;
            var code = parts[0];
            var cls = code[..ClassLength];
            if (!t._byClass.TryGetValue(cls, out var members)) t._byClass[cls] = members = [];
            foreach (var w in parts.Skip(1).Distinct())
            {
                if (!t._codes.TryGetValue(w, out var list)) t._codes[w] = list = [];
                list.Add(code);
                members.Add(w);
            }
        }
        return t;
    }

    public bool Contains(string word) => _codes.ContainsKey(word);

    /// <summary>True when the two words share a synonym line (<c>=</c>): then either would be right.</summary>
    public bool AreSynonyms(string a, string b) =>
        a == b || (_codes.TryGetValue(a, out var ca) && _codes.TryGetValue(b, out var cb) && ca.Any(c => c[^1] == '=' && cb.Contains(c)));

    /// <summary>The codes of a word's lines, cut to <paramref name="length"/> (5: its level-4 classes, 4: level-3).</summary>
    private IEnumerable<string> Classes(string word, int length) =>
        _codes.TryGetValue(word, out var codes) ? codes.Select(c => c[..length]).Distinct() : [];

    /// <summary>On one of the thesaurus's lists of one kind (a <c>#</c> line): 学费 / 会费 / 党费.</summary>
    public bool AreRelated(string a, string b) =>
        _codes.TryGetValue(a, out var ca) && _codes.TryGetValue(b, out var cb) && ca.Any(c => c[^1] == '#' && cb.Contains(c));

    /// <summary>
    /// One level-4 class without a shared <c>#</c> line: near-synonyms (监督 / 监视 / 督促), often right in the same blank,
    /// so never offered as a distractor.
    /// </summary>
    public bool AreClose(string a, string b) =>
        AreSynonyms(a, b) || (!AreRelated(a, b) && Classes(a, ClassLength).Intersect(Classes(b, ClassLength)).Any());

    /// <summary>
    /// Of one kind, yet not interchangeable: on one <c>#</c> line (学费 / 会费 / 党费), or in one level-3 class but not one
    /// level-4 class (经审 and 纪检 kinds of checking, not ways of saying one thing).
    /// </summary>
    public bool AreSiblings(string a, string b) =>
        !AreSynonyms(a, b) && (AreRelated(a, b)
            || (!AreClose(a, b) && Classes(a, ClassLength - 1).Intersect(Classes(b, ClassLength - 1)).Any()));

    /// <summary>The words on the thesaurus's lists of one kind (<c>#</c> lines) with the word: its closest siblings.</summary>
    public IEnumerable<string> Related(string word) =>
        _codes.TryGetValue(word, out var codes)
            ? codes.Where(c => c[^1] == '#').SelectMany(line => _byClass[line[..ClassLength]].Where(w => _codes[w].Contains(line)))
                .Where(w => w != word).Distinct()
            : [];

    /// <summary>Every sibling of a word in the thesaurus itself: its <c>#</c> lines first, then its level-3 classes.</summary>
    public IEnumerable<string> Siblings(string word)
    {
        if (!_codes.TryGetValue(word, out var codes)) yield break;
        var seen = new HashSet<string> { word };
        foreach (var line in codes.Where(c => c[^1] == '#'))
        {
            foreach (var w in _byClass[line[..ClassLength]].Where(w => _codes[w].Contains(line)))
                if (seen.Add(w) && !AreSynonyms(word, w)) yield return w;
        }
        foreach (var level3 in codes.Select(c => c[..(ClassLength - 1)]).Distinct())
        {
            foreach (var (cls, members) in _byClass.Where(kv => kv.Key.StartsWith(level3, StringComparison.Ordinal)))
            {
                foreach (var w in members)
                    if (seen.Add(w) && AreSiblings(word, w)) yield return w;
            }
        }
    }
}
