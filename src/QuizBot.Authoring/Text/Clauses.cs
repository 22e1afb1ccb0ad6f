namespace QuizBot.Authoring.Text;

/// <summary>A span of a longer text, so a passage can always be traced back to (and quoted from) its paragraph.</summary>
internal readonly record struct Span(int Start, int Length)
{
    public int End => Start + Length;
    public bool Overlaps(Span other) => Start < other.End && other.Start < End;
}

/// <summary>Splits text into sentences and clauses, and fits long passages into a limit by dropping whole clauses.</summary>
internal static class Clauses
{
    /// <summary>Sentence spans, each including its closing mark (。！？；).</summary>
    public static List<Span> Sentences(string text) => Split(text, Chinese.SentenceEnds);

    /// <summary>Clause spans, each including its closing mark (，、：； and sentence ends).</summary>
    public static List<Span> Of(string text) => Split(text, Chinese.ClauseMarks);

    private static List<Span> Split(string text, string marks)
    {
        var spans = new List<Span>();
        var start = 0;
        var depth = 0; // inside “…” a mark does not end the unit: a quoted slogan stays whole
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '“' or '《' or '（' or '(') depth++;
            else if (c is '”' or '》' or '）' or ')') depth = Math.Max(0, depth - 1);
            else if (depth == 0 && marks.Contains(c))
            {
                // A closing quote right after the mark belongs to this unit.
                var end = i + 1;
                while (end < text.Length && text[end] is '”' or '’' or '）') end++;
                spans.Add(new Span(start, end - start));
                start = end;
                i = end - 1;
            }
        }
        if (start < text.Length) spans.Add(new Span(start, text.Length - start));
        return spans;
    }

    /// <summary>
    /// The longest run of whole clauses inside <paramref name="within"/> that contains <paramref name="focus"/> and fits
    /// <paramref name="max"/> characters; null when even the focus clause alone is too long.
    /// </summary>
    public static Span? Window(string text, Span within, Span focus, int max)
    {
        var clauses = Of(text.Substring(within.Start, within.Length))
            .Select(c => new Span(c.Start + within.Start, c.Length)).ToList();
        var first = clauses.FindIndex(c => c.End > focus.Start);
        var last = clauses.FindLastIndex(c => c.Start < focus.End);
        if (first < 0 || last < first) return null;
        if (clauses[last].End - clauses[first].Start > max) return null;
        // Grow to the right first: Chinese clauses usually lead with the topic, so the following clause completes the thought.
        while (true)
        {
            var grown = false;
            if (last + 1 < clauses.Count && clauses[last + 1].End - clauses[first].Start <= max) { last++; grown = true; }
            if (first > 0 && clauses[last].End - clauses[first - 1].Start <= max) { first--; grown = true; }
            if (!grown) break;
        }
        return new Span(clauses[first].Start, clauses[last].End - clauses[first].Start);
    }

    /// <summary>The text cut after the last whole clause that fits; never mid-word. Null when the first clause is too long.</summary>
    public static string? Fit(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = Of(text).Where(c => c.End <= max).Select(c => c.End).DefaultIfEmpty(0).Max();
        return cut == 0 ? null : text[..cut];
    }

    /// <summary>Drops a trailing clause mark so a cut passage does not end in "，" or "；".</summary>
    public static string TrimEndMark(string text) => text.TrimEnd('，', '、', '：', '；', ',', ':', ';');

    public static bool EndsSentence(string text)
    {
        var t = text.TrimEnd('”', '’', '）');
        return t.Length > 0 && "。！？!?".Contains(t[^1]);
    }
}
