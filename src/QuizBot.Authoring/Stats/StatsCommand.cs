using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using QuizBot.Authoring.Cli;
using QuizBot.Core.Questions;
using YamlDotNet.Core;

namespace QuizBot.Authoring.Stats;

/// <summary>
/// <c>stats [dir] [--db file] [--min-answers n]</c>: questions per speech, kind and status (bank and drafts/), and, given the
/// bot's database, the item analysis of every answer (Core's ItemAnalysis): per question the share answering right, the
/// discrimination index, how often each wrong option is picked, and flags, weakest first, so editors can fix them.
/// </summary>
internal static class StatsCommand
{
    public static int Run(string[] argv, TextWriter output)
    {
        var args = Args.Parse(argv, ["db", "min-answers"]);
        var dir = args.Positional.FirstOrDefault() ?? "questions";
        if (!Directory.Exists(dir)) throw new UsageException($"no such folder: {dir}");

        var bank = Load(dir, output);
        Counts($"Questions in {dir}", bank, output);
        var drafts = Path.Combine(dir, "drafts");
        if (Directory.Exists(drafts)) Counts($"Drafts in {drafts}", Load(drafts, output), output);

        if (args.Get("db") is { } db)
        {
            if (!File.Exists(db)) throw new UsageException($"no such database: {db}");
            var minAnswers = ItemAnalysis.DefaultMinAnswers;
            if (args.Get("min-answers") is { } min
                && (!int.TryParse(min, NumberStyles.None, CultureInfo.InvariantCulture, out minAnswers) || minAnswers < 1))
                throw new UsageException($"--min-answers needs a whole number from 1: {min}");
            Answers(db, bank.SelectMany(f => f.Content.Questions).GroupBy(q => q.Id).ToDictionary(g => g.Key, g => g.First()), minAnswers, output);
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

    /// <summary>One answer row: SQLite returns INTEGER as Int64.</summary>
    private sealed class AnswerRow
    {
        public long UserId { get; init; }
        public string QuestionId { get; init; } = "";
        public string Chosen { get; init; } = "";
        public long IsCorrect { get; init; }
    }

    /// <summary>Item analysis of every answer in the database (docs/authoring.md, "Item analysis"), weakest first.</summary>
    private static void Answers(string db, Dictionary<string, QuestionFile.QuestionEntry> bank, int minAnswers, TextWriter output)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly }.ToString());
        var log = connection.Query<AnswerRow>("""
            SELECT user_id AS UserId, question_id AS QuestionId, chosen AS Chosen, is_correct AS IsCorrect
            FROM answers
            """).Select(r => new LoggedAnswer(r.UserId, r.QuestionId, ItemAnalysis.ParseChosen(r.Chosen), r.IsCorrect != 0)).ToList();

        output.WriteLine();
        output.WriteLine($"Answers in {db} (weakest first)");
        if (log.Count == 0)
        {
            output.WriteLine("  no answers yet");
            return;
        }
        var people = log.Select(a => a.UserId).Distinct().Count();
        var items = ItemAnalysis.Analyse(log, id => Key(bank.GetValueOrDefault(id)), minAnswers);
        output.WriteLine($"  {log.Count} answers by {people} people; D = p(upper 27%) - p(lower 27%) by right answers overall; "
            + $"flags from {minAnswers} answers on");
        output.WriteLine($"  {"question",-24} {"answers",7} {"right",6} {"D",6}  wrong options picked");
        foreach (var item in items)
        {
            var q = bank.GetValueOrDefault(item.QuestionId);
            var right = q is null ? [] : QuestionFile.ReadAnswer(q.Answer) ?? [];
            var wrong = item.Picks.Select((n, i) => (Index: i, N: n)).Where(p => p.N > 0 && !right.Contains(p.Index))
                .OrderByDescending(p => p.N).ThenBy(p => p.Index)
                .Select(p => $"{Option(q, p.Index)} ×{p.N}");
            var d = item.Discrimination is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"  {item.QuestionId,-24} {item.Answers,7} {Percent(item.P),6} {d,6}  {string.Join("; ", wrong)}"
                + (q is null ? "  (not in the bank)" : "") + Flags(item, q));
        }
        var flagged = items.Count(i => i.Flags != ItemFlags.None);
        output.WriteLine($"  flagged: {flagged} of {items.Count} questions"
            + $" ({items.Count(i => i.Flags.HasFlag(ItemFlags.TooEasy))} too easy,"
            + $" {items.Count(i => i.Flags.HasFlag(ItemFlags.NegativeDiscrimination))} negative D,"
            + $" {items.Count(i => i.Flags.HasFlag(ItemFlags.UnpickedDistractor))} with a distractor never picked)");
    }

    private static ItemKey? Key(QuestionFile.QuestionEntry? q) =>
        q is not null && QuestionFile.ReadAnswer(q.Answer) is { } answer ? new ItemKey(q.Options.Count, answer) : null;

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Flags(ItemStats item, QuestionFile.QuestionEntry? q)
    {
        var flags = new List<string>();
        if (item.Flags.HasFlag(ItemFlags.TooEasy)) flags.Add("too easy");
        if (item.Flags.HasFlag(ItemFlags.NegativeDiscrimination)) flags.Add("negative D");
        if (item.Flags.HasFlag(ItemFlags.UnpickedDistractor))
            flags.Add("never picked: " + string.Join(", ", item.UnpickedDistractors.Select(i => Option(q, i))));
        return flags.Count == 0 ? "" : "  ⚑ " + string.Join("; ", flags);
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
