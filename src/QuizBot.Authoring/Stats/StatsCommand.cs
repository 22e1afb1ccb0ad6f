using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using QuizBot.Authoring.Cli;
using QuizBot.Core.Questions;
using YamlDotNet.Core;

namespace QuizBot.Authoring.Stats;

/// <summary>
/// <c>stats [dir] [--db file]</c>: questions per speech, kind and status (bank and drafts/), and, given the bot's database,
/// per question the share answering right and how often each wrong option is picked, weakest first, so editors can fix them.
/// </summary>
internal static class StatsCommand
{
    public static int Run(string[] argv, TextWriter output)
    {
        var args = Args.Parse(argv, ["db"]);
        var dir = args.Positional.FirstOrDefault() ?? "questions";
        if (!Directory.Exists(dir)) throw new UsageException($"no such folder: {dir}");

        var bank = Load(dir, output);
        Counts($"Questions in {dir}", bank, output);
        var drafts = Path.Combine(dir, "drafts");
        if (Directory.Exists(drafts)) Counts($"Drafts in {drafts}", Load(drafts, output), output);

        if (args.Get("db") is { } db)
        {
            if (!File.Exists(db)) throw new UsageException($"no such database: {db}");
            Answers(db, bank.SelectMany(f => f.Content.Questions).GroupBy(q => q.Id).ToDictionary(g => g.Key, g => g.First()), output);
            Reported(db, output);
        }
        return 0;
    }

    private static List<(string File, QuestionFile Content)> Load(string dir, TextWriter output)
    {
        var files = new List<(string, QuestionFile)>();
        foreach (var path in Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal))
        {
            try
            {
                files.Add((Path.GetFileName(path), QuestionFile.Parse(File.ReadAllText(path))));
            }
            catch (YamlException ex)
            {
                output.WriteLine($"{path}: not valid YAML at line {ex.Start.Line} (run lint); left out");
            }
        }
        return files;
    }

    private static void Counts(string title, List<(string File, QuestionFile Content)> files, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(title);
        var statuses = QuestionStatus.All;
        output.WriteLine($"  {"speech",-10} {"file",-22} {string.Join(" ", statuses.Select(s => $"{s,9}"))} {"total",6}");
        foreach (var (file, content) in files)
        {
            var qs = content.Questions;
            output.WriteLine($"  {content.Speech.Id,-10} {file,-22} {string.Join(" ", statuses.Select(s => $"{qs.Count(q => q.Status == s),9}"))} {qs.Count,6}");
        }
        var all = files.SelectMany(f => f.Content.Questions).ToList();
        output.WriteLine($"  {"kind",-33} {string.Join(" ", statuses.Select(s => $"{s,9}"))} {"total",6}");
        foreach (var kind in QuestionKinds.All.Concat(all.Select(q => q.Kind)).Distinct())
        {
            var qs = all.Where(q => q.Kind == kind).ToList();
            if (qs.Count == 0) continue;
            output.WriteLine($"  {kind,-33} {string.Join(" ", statuses.Select(s => $"{qs.Count(q => q.Status == s),9}"))} {qs.Count,6}");
        }
        output.WriteLine($"  {"all",-33} {string.Join(" ", statuses.Select(s => $"{all.Count(q => q.Status == s),9}"))} {all.Count,6}");

        // Families (docs/question-bank.md): questions on one fact, never served together.
        var families = all.Where(q => q.Status == QuestionStatus.Approved)
            .GroupBy(q => string.IsNullOrEmpty(q.Family) ? q.Id : q.Family).ToList();
        if (families.Count == 0) return;
        var shared = families.Where(g => g.Count() > 1).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        output.WriteLine($"  families: {families.Count} among {families.Sum(g => g.Count())} approved; {shared.Count} shared by several questions"
            + (shared.Count == 0 ? "" : $", largest {shared[0].Key} ×{shared[0].Count()}"));
    }

    /// <summary>One group of answer rows: SQLite returns INTEGER as Int64, so the counts are longs.</summary>
    private sealed class AnswerRow
    {
        public string QuestionId { get; init; } = "";
        public string Chosen { get; init; } = "";
        public long IsCorrect { get; init; }
        public long N { get; init; }
    }

    private static void Answers(string db, Dictionary<string, QuestionFile.QuestionEntry> bank, TextWriter output)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly }.ToString());
        var rows = connection.Query<AnswerRow>("""
            SELECT question_id AS QuestionId, chosen AS Chosen, is_correct AS IsCorrect, COUNT(*) AS N
            FROM answers
            GROUP BY question_id, chosen, is_correct
            """).ToList();

        output.WriteLine();
        output.WriteLine($"Answers in {db} (weakest first)");
        if (rows.Count == 0)
        {
            output.WriteLine("  no answers yet");
            return;
        }
        var perQuestion = rows.GroupBy(r => r.QuestionId).Select(g =>
        {
            var total = g.Sum(r => r.N);
            var right = g.Where(r => r.IsCorrect != 0).Sum(r => r.N);
            var q = bank.GetValueOrDefault(g.Key);
            var rightIndexes = q is null ? [] : QuestionFile.ReadAnswer(q.Answer) ?? [];
            // `chosen` holds the bank's option indexes (the order as written in the file, whatever was shown).
            var picks = new Dictionary<int, long>();
            foreach (var r in g.Where(r => r.IsCorrect == 0))
            {
                foreach (var part in r.Chosen.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && !rightIndexes.Contains(i))
                        picks[i] = picks.GetValueOrDefault(i) + r.N;
                }
            }
            return (Id: g.Key, Question: q, Total: total, Share: (double)right / total, Picks: picks);
        }).OrderBy(x => x.Share).ThenByDescending(x => x.Total).ThenBy(x => x.Id, StringComparer.Ordinal);

        output.WriteLine($"  {"question",-24} {"answers",7} {"right",6}  wrong options picked");
        foreach (var (id, q, total, share, picks) in perQuestion)
        {
            var wrong = picks.OrderByDescending(p => p.Value).ThenBy(p => p.Key)
                .Select(p => $"{Option(q, p.Key)} ×{p.Value}");
            output.WriteLine($"  {id,-24} {total,7} {(share * 100).ToString("0", CultureInfo.InvariantCulture) + "%",6}  {string.Join("; ", wrong)}"
                + (q is null ? "  (not in the bank)" : ""));
        }
    }

    /// <summary>Questions learners reported (the bot's 报告问题 button): flagged here, read in full with review --reported.</summary>
    private static void Reported(string db, TextWriter output)
    {
        var reports = Review.Reports.Load(db);
        output.WriteLine();
        output.WriteLine($"Reported questions in {db} (review --reported --db {db} shows them with their quotes)");
        if (reports.Count == 0)
        {
            output.WriteLine("  no reports");
            return;
        }
        foreach (var g in reports.GroupBy(r => r.QuestionId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var notes = g.Count(r => !string.IsNullOrWhiteSpace(r.Note));
            output.WriteLine($"  ⚑ {g.Key,-24} {g.Count(),3} report{(g.Count() == 1 ? "" : "s")}, {notes} with a note, latest {g.First().When}");
        }
    }

    /// <summary>The bank's questions by id, with the file each is in (the first, should an id repeat: lint reports that).</summary>
    public static Dictionary<string, (string File, QuestionFile.QuestionEntry Question)> LoadBank(string dir, TextWriter output) =>
        Load(dir, output).SelectMany(f => f.Content.Questions.Select(q => (f.File, Question: q)))
            .GroupBy(x => x.Question.Id).ToDictionary(g => g.Key, g => g.First());

    private static string Option(QuestionFile.QuestionEntry? q, int index) =>
        q is not null && index >= 0 && index < q.Options.Count ? $"{index}) {q.Options[index]}" : $"option {index}";
}
