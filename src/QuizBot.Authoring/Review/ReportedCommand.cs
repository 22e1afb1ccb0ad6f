using QuizBot.Authoring.Cli;
using QuizBot.Authoring.Stats;
using QuizBot.Core.Questions;

namespace QuizBot.Authoring.Review;

/// <summary>
/// <c>review --reported [dir] --db file</c>: the questions learners reported with the bot's 报告问题 button, most reported
/// first, each with its options, answer, explanation and quote beside every report (who, when, note), so an editor can check
/// the question against the seed and fix it in its bank file (docs/authoring.md, "Reports from learners").
/// </summary>
internal static class ReportedCommand
{
    public static int Run(Args args, TextWriter output)
    {
        if (args.Get("db") is not { } db) throw new UsageException("review --reported needs --db <the bot's sqlite file>");
        if (!File.Exists(db)) throw new UsageException($"no such database: {db}");
        if (args.Positional.Count > 1) throw new UsageException("review --reported takes at most one folder");
        var dir = args.Positional.FirstOrDefault() ?? "questions";
        if (!Directory.Exists(dir)) throw new UsageException($"no such folder: {dir}");

        var bank = StatsCommand.LoadBank(dir, output);
        var reports = Reports.Load(db);
        output.WriteLine($"Reports in {db}: {reports.Count} on {reports.Select(r => r.QuestionId).Distinct().Count()} questions");
        foreach (var group in reports.GroupBy(r => r.QuestionId)
                     .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(r => r.UpdatedAt)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine();
            if (bank.TryGetValue(group.Key, out var found)) Show(found.File, found.Question, output);
            else output.WriteLine($"{group.Key} · not in {dir} (removed or renamed)");
            output.WriteLine($"  reports: {group.Count()}");
            foreach (var r in group)
                output.WriteLine($"    - {r.When} · {r.Who}: {(string.IsNullOrWhiteSpace(r.Note) ? "(no note)" : r.Note.ReplaceLineEndings(" "))}");
        }
        return 0;
    }

    private static void Show(string file, QuestionFile.QuestionEntry q, TextWriter output)
    {
        var answer = QuestionFile.ReadAnswer(q.Answer) ?? [];
        output.WriteLine($"{q.Id} · {q.Kind} · {q.Status} · {file}");
        output.WriteLine($"  {q.Question}");
        for (var i = 0; i < q.Options.Count; i++)
            output.WriteLine($"    {i}) {q.Options[i]}{(answer.Contains(i) ? "   ✓" : "")}");
        output.WriteLine($"  explanation: {q.Explanation}");
        output.WriteLine($"  quote: {q.Quote}");
    }
}
