using System.Globalization;
using JiebaNet.Analyser;
using JiebaNet.Segmenter;
using JiebaNet.Segmenter.PosSeg;

namespace QuizBot.Authoring.Nlp;

/// <summary>A word of a text with its part of speech (jieba's ICTCLAS-style flag) and where it starts.</summary>
internal readonly record struct Token(string Word, string Flag, int Start)
{
    public int End => Start + Word.Length;
}

/// <summary>
/// jieba.NET behind one small surface: segmentation with parts of speech, TF-IDF keywords, and the 同义词词林 synonym
/// groups that ship with it. Its dictionaries are process-wide statics that take about half a second and 100 MB to load,
/// so build one of these per process (tests share one through a fixture).
/// </summary>
internal sealed class Jieba
{
    private readonly PosSegmenter _pos;
    private readonly TfidfExtractor _tfidf;
    private readonly Thesaurus _thesaurus;
    private readonly HashSet<string> _userWords = [];
    private readonly HashSet<string> _stopWords;

    private Jieba(IEnumerable<string> userDictionaries)
    {
        var segmenter = new JiebaSegmenter();
        foreach (var path in userDictionaries)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"user dictionary not found: {path}", path);
            segmenter.LoadUserDict(path);
            foreach (var line in File.ReadLines(path))
            {
                var word = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                if (word is not null && !word.StartsWith('#')) _userWords.Add(word);
            }
        }
        _pos = new PosSegmenter(segmenter);
        _tfidf = new TfidfExtractor(segmenter);
        _thesaurus = Thesaurus.Load(Path.Combine(ConfigManager.ConfigFileBaseDir, "cn_synonym.txt"));
        var stopWords = Path.Combine(ConfigManager.ConfigFileBaseDir, "stopwords.txt");
        _stopWords = File.Exists(stopWords) ? [.. File.ReadLines(stopWords).Select(l => l.Trim().Trim('\uFEFF'))] : [];
    }

    /// <summary>Function words (jieba's stop list): never a blank, never a distractor.</summary>
    public bool IsStopWord(string word) => _stopWords.Contains(word);

    /// <summary>The bundled user dictionary of the corpus's fixed phrases (Data/userdict.txt, copied beside the tool).</summary>
    public static string DefaultUserDictionary => Path.Combine(AppContext.BaseDirectory, "Data", "userdict.txt");

    public static Jieba Load(IEnumerable<string> userDictionaries) =>
        // jieba parses its IDF weights with the current culture; a decimal comma culture would misread every weight.
        Invariant(() => new Jieba(userDictionaries));

    /// <summary>Words of the user dictionaries: the corpus's fixed phrases, which make the best blanks.</summary>
    public IReadOnlySet<string> UserWords => _userWords;

    public List<Token> Tag(string text)
    {
        var tokens = new List<Token>();
        var at = 0;
        foreach (var pair in _pos.Cut(text))
        {
            // jieba's pairs cover the text in order; find each word from where the last one ended to be safe.
            var start = text.IndexOf(pair.Word, at, StringComparison.Ordinal);
            if (start < 0) continue;
            tokens.Add(new Token(pair.Word, pair.Flag, start));
            at = start + pair.Word.Length;
        }
        return tokens;
    }

    public List<(string Word, double Weight)> Keywords(string text, int count, IEnumerable<string> allowPos) =>
        Invariant(() => _tfidf.ExtractTagsWithWeight(text, count, allowPos.ToList()).Select(p => (p.Word, p.Weight)).ToList());

    /// <summary>True when the two words share a synonym line of 同义词词林: then either would be right.</summary>
    public bool AreSynonyms(string a, string b) => _thesaurus.AreSynonyms(a, b);

    /// <summary>同义词词林, shipped with jieba.NET: where distractors of the answer's semantic class come from.</summary>
    public Thesaurus Thesaurus => _thesaurus;

    /// <summary>
    /// How often jieba's general dictionary counts a word (0 when it does not know it): a very frequent word (工作, 重点,
    /// 领导) is no test of having read a speech, and a word the dictionary knows is of the general register.
    /// </summary>
    public long Frequency(string word) => WordDictionary.Instance.ContainsWord(word) ? WordDictionary.Instance.GetFreqOrDefault(word) : 0;

    private static T Invariant<T>(Func<T> f)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try { return f(); }
        finally { CultureInfo.CurrentCulture = saved; }
    }
}
