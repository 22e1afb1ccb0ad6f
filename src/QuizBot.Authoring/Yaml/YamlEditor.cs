using QuizBot.Core.Questions;
using YamlDotNet.RepresentationModel;

namespace QuizBot.Authoring.Yaml;

/// <summary>
/// Edits a bank file in place, line by line, so that everything it does not change stays byte for byte: comments, blank
/// lines, key order, quoting. YamlDotNet's serializer would drop comments, so the file is parsed only to find where each
/// question and key sits (scalar marks are exact; collection end marks are not, so a key runs to the next key's line).
/// A changed key is rewritten whole; a comment at the end of its first line is kept when the new value fits one line.
/// </summary>
internal sealed class YamlEditor
{
    private readonly List<string> _lines;
    private readonly string _newline;

    public YamlEditor(string text)
    {
        _newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        _lines = text.Replace("\r\n", "\n").Split('\n').ToList();
        if (_lines.Count > 0 && _lines[^1].Length == 0) _lines.RemoveAt(_lines.Count - 1);
    }

    public string Text => string.Join(_newline, _lines) + _newline;

    public QuestionFile Parse() => QuestionFile.Parse(Text);

    private sealed record Key(string Name, int Line, int Column, int End);

    private sealed record Item(int Line, int DashColumn, List<Key> Keys)
    {
        public int End => Keys[^1].End;
    }

    private sealed record Layout(int? QuestionsLine, bool QuestionsIsBlockSequence, List<Item> Items);

    private Layout Read()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Text));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return new(null, false, []);

        var rootKeyLines = root.Children.Keys.Select(k => (int)k.Start.Line - 1).Order().ToList();
        var entry = root.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "questions" });
        if (entry.Key is null) return new(null, false, []);
        var questionsLine = (int)entry.Key.Start.Line - 1;
        var afterQuestions = rootKeyLines.Where(l => l > questionsLine).DefaultIfEmpty(_lines.Count).First();
        if (entry.Value is not YamlSequenceNode seq || seq.Children.Count == 0)
            return new(questionsLine, false, []);
        if (seq.Style == YamlDotNet.Core.Events.SequenceStyle.Flow)
            throw new NotSupportedException("the questions list is written in flow style ([…]); the review tool edits block style only");

        var mappings = seq.Children.Select(c => c as YamlMappingNode
            ?? throw new NotSupportedException($"question at line {c.Start.Line} is not a mapping")).ToList();
        var items = new List<Item>();
        for (var i = 0; i < mappings.Count; i++)
        {
            var m = mappings[i];
            if (m.Style == YamlDotNet.Core.Events.MappingStyle.Flow)
                throw new NotSupportedException($"question at line {m.Start.Line} is written in flow style ({{…}}); the review tool edits block style only");
            var bound = i + 1 < mappings.Count ? (int)mappings[i + 1].Start.Line - 1 : afterQuestions;
            var starts = m.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "").Zip(m.Children.Keys,
                (name, k) => (name, line: (int)k.Start.Line - 1, col: (int)k.Start.Column - 1)).ToList();
            var keys = new List<Key>();
            for (var k = 0; k < starts.Count; k++)
            {
                var next = k + 1 < starts.Count ? starts[k + 1].line : bound;
                keys.Add(new Key(starts[k].name, starts[k].line, starts[k].col, ContentEnd(starts[k].line, next)));
            }
            items.Add(new Item((int)m.Start.Line - 1, Math.Max(0, (int)m.Start.Column - 3), keys));
        }
        return new(questionsLine, true, items);
    }

    /// <summary>The last line in [from, bound) with content: comment and blank lines after a value belong to what follows.</summary>
    private int ContentEnd(int from, int bound)
    {
        var end = from;
        for (var l = from + 1; l < bound && l < _lines.Count; l++)
        {
            var t = _lines[l].Trim();
            if (t.Length > 0 && !t.StartsWith('#')) end = l;
        }
        return end;
    }

    public int Count => Read().Items.Count;

    /// <summary>Rewrites the keys of question <paramref name="index"/> whose value differs from <paramref name="q"/>.</summary>
    public void Update(int index, QuestionFile.QuestionEntry q)
    {
        var current = Parse().Questions[index];
        foreach (var key in YamlText.QuestionKeys)
        {
            if (Same(current, q, key)) continue;
            if (key == "reason" && string.IsNullOrEmpty(q.Reason)) RemoveField(index, key);
            else SetField(index, key, q);
        }
    }

    private static bool Same(QuestionFile.QuestionEntry a, QuestionFile.QuestionEntry b, string key) => key switch
    {
        "id" => a.Id == b.Id,
        "kind" => a.Kind == b.Kind,
        "status" => a.Status == b.Status,
        "question" => a.Question == b.Question,
        "options" => a.Options.SequenceEqual(b.Options),
        "answer" => (QuestionFile.ReadAnswer(a.Answer)?.SequenceEqual(QuestionFile.ReadAnswer(b.Answer) ?? []) ?? false)
                    || Equals(a.Answer?.ToString(), b.Answer?.ToString()),
        "explanation" => a.Explanation == b.Explanation,
        "quote" => a.Quote == b.Quote,
        "reason" => (a.Reason ?? "") == (b.Reason ?? ""),
        _ => true,
    };

    private void SetField(int index, string key, QuestionFile.QuestionEntry q)
    {
        var item = Read().Items[index];
        var existing = item.Keys.FirstOrDefault(k => k.Name == key);
        var column = item.Keys.Count > 1 ? item.Keys[1].Column : item.Keys[0].Column;
        if (existing is null)
        {
            _lines.InsertRange(item.End + 1, YamlText.Field(q, key, column));
            return;
        }
        var fresh = YamlText.Field(q, key, existing.Column);
        var original = _lines[existing.Line];
        // The first key of an item shares its line with the "- ": keep that prefix.
        fresh[0] = original[..existing.Column] + fresh[0][existing.Column..];
        if (existing.End == existing.Line && fresh.Count == 1 && TrailingComment(original, existing.Column) is { } comment)
            fresh[0] += comment;
        _lines.RemoveRange(existing.Line, existing.End - existing.Line + 1);
        _lines.InsertRange(existing.Line, fresh);
    }

    private void RemoveField(int index, string key)
    {
        var item = Read().Items[index];
        if (item.Keys.FirstOrDefault(k => k.Name == key) is not { } existing || item.Keys[0] == existing) return;
        _lines.RemoveRange(existing.Line, existing.End - existing.Line + 1);
    }

    /// <summary>Replaces a whole question (its leading comment lines stay).</summary>
    public void Replace(int index, QuestionFile.QuestionEntry q)
    {
        var item = Read().Items[index];
        _lines.RemoveRange(item.Line, item.End - item.Line + 1);
        _lines.InsertRange(item.Line, YamlText.Question(q, item.DashColumn));
    }

    /// <summary>Adds a question after the last one, indented like the others.</summary>
    public void Append(QuestionFile.QuestionEntry q, IEnumerable<string>? comments = null)
    {
        var layout = Read();
        if (layout.Items.Count > 0)
        {
            var last = layout.Items[^1];
            var item = YamlText.Question(q, last.DashColumn, comments);
            // Follow the file's habit: a blank line between questions if the last one has one before it (and its comments).
            var above = last.Line - 1;
            while (above > 0 && _lines[above].TrimStart().StartsWith('#')) above--;
            if (layout.Items.Count > 1 && above >= 0 && _lines[above].Trim().Length == 0) item.Insert(0, "");
            _lines.InsertRange(last.End + 1, item);
            return;
        }
        var lines = YamlText.Question(q, 2, comments);
        if (layout.QuestionsLine is { } at)
        {
            // "questions: []" or "questions:" with nothing under it becomes a block sequence.
            var original = _lines[at];
            var comment = TrailingComment(original, original.IndexOf(':') + 1);
            _lines[at] = "questions:" + (comment ?? "");
            _lines.InsertRange(at + 1, lines);
        }
        else
        {
            _lines.Add("questions:");
            _lines.AddRange(lines);
        }
    }

    /// <summary>" # …" at the end of a line, outside quotes; null when there is none.</summary>
    private static string? TrailingComment(string line, int from)
    {
        char? quote = null;
        for (var i = from; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is null && c is '"' or '\'') quote = c;
            else if (quote == '"' && c == '\\') i++;
            else if (c == quote) quote = null;
            else if (quote is null && c == '#' && i > 0 && char.IsWhiteSpace(line[i - 1]))
            {
                var start = i;
                while (start > from && char.IsWhiteSpace(line[start - 1])) start--;
                return line[start..];
            }
        }
        return null;
    }
}
