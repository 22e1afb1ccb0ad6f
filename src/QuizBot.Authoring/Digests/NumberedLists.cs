using System.Text.RegularExpressions;
using QuizBot.Authoring.Text;

namespace QuizBot.Authoring.Digests;

/// <summary>
/// Finds numbered points in a speech's paragraphs: 第一，…第二，…; 一是…二是…; （一）…（二）…; 一、… and 1. at the start of
/// a paragraph; and colon lists announced by a counted phrase (“三个统筹”。包括：A；B；C。). A list is a run of markers of one
/// style numbered 1, 2, 3… without gaps; a new 1 starts a new list.
/// </summary>
internal static partial class NumberedLists
{
    private const string Numerals = "[一二三四五六七八九十]{1,3}";

    // A marker counts only at the start of a paragraph or after punctuation, so 统一是 or 第一职责 are not markers.
    [GeneratedRegex(@"(?<=^|[，。；：！？、”])(?:第(?<di>" + Numerals + @")(?=[，、：,:])|(?<shi>" + Numerals + @")是(?![否非])|（(?<paren>" + Numerals + @")）)")]
    private static partial Regex InlineMarker();

    [GeneratedRegex(@"^(?:(?<dun>" + Numerals + @")、|(?<digit>\d{1,2})[.、．](?!\d))")]
    private static partial Regex ParagraphMarker();

    [GeneratedRegex("(?<n>[一二两三四五六七八九十几]{1,3})(?<cls>点|件|个|项|条|方面)")]
    private static partial Regex CountWord();

    // Both “三个统筹” and 三个“统筹” are written.
    [GeneratedRegex("“(?<n>[两二三四五六七八九十])个(?<noun>[^”，。]{1,10})”|(?<n>[两二三四五六七八九十])个“(?<noun>[^”，。]{1,10})”")]
    private static partial Regex CountedPhrase();

    private sealed record Marker(string Style, int Number, int Paragraph, int Start, int TextStart, bool AtParagraphStart);

    public static List<NumberedList> Find(IReadOnlyList<string> paragraphs)
    {
        var markers = new List<Marker>();
        for (var p = 0; p < paragraphs.Count; p++)
        {
            var text = paragraphs[p];
            foreach (Match m in InlineMarker().Matches(text)) markers.Add(ToMarker(m, p));
            if (ParagraphMarker().Match(text) is { Success: true } pm) markers.Add(ToMarker(pm, p));
        }

        var lists = new List<NumberedList>();
        foreach (var style in markers.Select(m => m.Style).Distinct())
        {
            List<Marker>? run = null;
            foreach (var m in markers.Where(m => m.Style == style).OrderBy(m => m.Paragraph).ThenBy(m => m.Start))
            {
                if (m.Number == 1)
                {
                    Close(run);
                    run = [m];
                }
                else if (run is not null && m.Number == run[^1].Number + 1) run.Add(m);
                else
                {
                    Close(run);
                    run = null;
                }
            }
            Close(run);
        }
        for (var p = 0; p < paragraphs.Count; p++) lists.AddRange(ColonLists(paragraphs[p], p));
        return lists.OrderBy(l => l.Paragraph).ThenBy(l => l.Items[0].Span.Start).ToList();

        void Close(List<Marker>? run)
        {
            if (run is { Count: >= 2 }) lists.Add(Build(run, paragraphs));
        }
    }

    private static Marker ToMarker(Match m, int paragraph)
    {
        foreach (var style in new[] { "di", "shi", "paren", "dun", "digit" })
        {
            var g = m.Groups[style];
            if (!g.Success) continue;
            return new Marker(style, Chinese.ParseNumeral(g.Value) ?? 0, paragraph, m.Index, m.Index + m.Length, m.Index == 0);
        }
        throw new InvalidOperationException("a marker matched without a number");
    }

    private static NumberedList Build(List<Marker> run, IReadOnlyList<string> paragraphs)
    {
        var items = new List<ListItem>();
        for (var i = 0; i < run.Count; i++)
        {
            var m = run[i];
            var text = paragraphs[m.Paragraph];
            var next = i + 1 < run.Count ? run[i + 1] : null;
            int end;
            if (next is not null && next.Paragraph == m.Paragraph) end = next.Start;
            else if (next is not null || m.AtParagraphStart) end = text.Length;
            else
            {
                // The last of an inline list ends with its sentence: "六是…工作。同时，…" stops before 同时.
                var stop = text.IndexOf('。', m.TextStart);
                end = stop < 0 ? text.Length : stop + 1;
            }
            var start = m.TextStart;
            while (start < end && "，、：,:".Contains(text[start])) start++;
            var body = text[start..end].TrimEnd('；', '。', '，', ';');
            items.Add(new ListItem(m.Number, text[m.Start..m.TextStart], body, Lead(body), m.Paragraph, new Span(start, body.Length)));
        }
        return new NumberedList(run[0].Style, Intro(run[0], paragraphs, out var count), count, null, items);
    }

    /// <summary>The clause announcing a list: the sentence before its first marker, e.g. "主要有以下三点思考".</summary>
    private static string Intro(Marker first, IReadOnlyList<string> paragraphs, out int? statedCount)
    {
        string before;
        if (!first.AtParagraphStart) before = paragraphs[first.Paragraph][..first.Start];
        else if (first.Paragraph > 0) before = paragraphs[first.Paragraph - 1];
        else before = "";
        // "…以下几点思考：" announces the list; a sentence that merely precedes it does not.
        var announces = before.EndsWith('：') || before.EndsWith(':');
        before = before.TrimEnd('：', ':', '，', '。');
        var sentenceStart = before.LastIndexOfAny("。！？；".ToCharArray()) + 1;
        var sentence = before[sentenceStart..];
        statedCount = null;
        var counts = CountWord().Matches(sentence);
        var clauses = Clauses.Of(sentence);
        if (clauses.Count == 0) return "";
        int at;
        if (counts.Count > 0)
        {
            statedCount = Chinese.ParseNumeral(counts[^1].Groups["n"].Value);
            at = clauses.FindIndex(c => c.End > counts[^1].Index);
        }
        else if (announces) at = clauses.Count - 1;
        else return "";
        // Keep the clause holding the count and the one before it, for context: "我们举全会之力，重点抓了几件大事".
        var from = clauses[Math.Max(0, at - 1)].Start;
        return Clauses.TrimEndMark(sentence[from..]);
    }

    /// <summary>“三个统筹”。包括：A；B；C。 — the counted phrase names the list and its count must match the members.</summary>
    private static IEnumerable<NumberedList> ColonLists(string text, int paragraph)
    {
        foreach (Match m in CountedPhrase().Matches(text))
        {
            var n = Chinese.ParseNumeral(m.Groups["n"].Value)!.Value;
            var colon = text.IndexOf('：', m.Index + m.Length);
            if (colon < 0 || colon - (m.Index + m.Length) > 8) continue;
            var stop = text.IndexOf('。', colon);
            var end = stop < 0 ? text.Length : stop;
            var body = text[(colon + 1)..end];
            var separator = body.Contains('；') ? '；' : '，';
            var parts = body.Split(separator);
            if (parts.Length != n || parts.Any(p => p.Length == 0)) continue;
            var items = new List<ListItem>();
            var at = colon + 1;
            for (var i = 0; i < parts.Length; i++)
            {
                items.Add(new ListItem(i + 1, "", parts[i], Lead(parts[i]), paragraph, new Span(at, parts[i].Length)));
                at += parts[i].Length + 1;
            }
            var clauseStart = text.LastIndexOfAny("，。；：！？".ToCharArray(), m.Index) + 1;
            yield return new NumberedList("colon", text[clauseStart..(m.Index + m.Length)], n, m.Value, items);
        }
    }

    public const int MaxLeadLength = 60;

    /// <summary>A member's gist for an option: its first sentence, cut to whole clauses; empty when no clause fits.</summary>
    private static string Lead(string body)
    {
        var sentence = Clauses.Sentences(body).FirstOrDefault();
        var first = Clauses.TrimEndMark(body.Substring(sentence.Start, sentence.Length).TrimEnd('。'));
        return Clauses.Fit(first, MaxLeadLength) is { } fit ? Clauses.TrimEndMark(fit) : "";
    }
}
