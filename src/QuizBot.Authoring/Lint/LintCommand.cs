using QuizBot.Authoring.Cli;
using QuizBot.Authoring.Text;
using QuizBot.Core.Questions;
using YamlDotNet.Core;

namespace QuizBot.Authoring.Lint;

/// <summary>
/// <c>lint [dir]</c>: validates every <c>*.yaml</c> directly in the folder (drafts/ is a separate folder: <c>lint
/// questions/drafts</c>). Structural rules come from BankRules (the bot's own start check), then ids unique across the
/// folder, duplicate and near-duplicate questions, the editorial rules, and the bank-wide rules (BankChecks: give-aways
/// outside a family, one quote in two families, a right answer that serves too many questions; the bank's goals with
/// <c>--goals</c>). Prints "file [id]: rule" for each problem
/// and exits 1 when there is any, so CI can run it.
/// </summary>
internal static class LintCommand
{
    public static int Run(string[] argv, TextWriter output)
    {
        var args = Args.Parse(argv, ["seeds"], ["goals"]);
        if (args.Positional.Count > 1) throw new UsageException("lint takes at most one folder");
        var dir = args.Positional.FirstOrDefault() ?? "questions";
        var seedsDir = args.Get("seeds") ?? FindSeeds(dir);
        var problems = new List<BankProblem>();
        if (seedsDir is null)
            problems.Add(new BankProblem(dir, null, "no seeds/ folder found beside or above it; name it with --seeds <dir>"));
        var seeds = seedsDir is null ? new SeedCorpus(Errata.None, []) : SeedCorpus.Load(seedsDir);

        problems.AddRange(Lint(dir, seeds, out var checkedCount, out var items));
        if (args.Has("goals")) problems.AddRange(BankChecks.Goals(dir, items));
        foreach (var p in problems) output.WriteLine(p);
        BankChecks.Report(items, output);
        output.WriteLine(problems.Count == 0
            ? $"lint: {checkedCount} questions in {dir} pass"
            : $"lint: {problems.Count} problems in {dir}");
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>The seeds folder: <c>&lt;dir&gt;/../seeds</c>, or the nearest <c>seeds</c> further up (for questions/drafts).</summary>
    public static string? FindSeeds(string dir)
    {
        for (var d = Directory.GetParent(Path.GetFullPath(dir)); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "seeds");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static List<BankProblem> Lint(string dir, SeedCorpus seeds, out int checkedCount) => Lint(dir, seeds, out checkedCount, out _);

    public static List<BankProblem> Lint(string dir, SeedCorpus seeds, out int checkedCount, out List<BankItem> items)
    {
        checkedCount = 0;
        items = [];
        var speakers = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<BankProblem>();
        if (!Directory.Exists(dir))
        {
            problems.Add(new BankProblem(dir, null, "the question folder does not exist"));
            return problems;
        }

        var seenIds = new Dictionary<string, string>();
        var compared = new List<(string File, QuestionFile.QuestionEntry Q)>();
        foreach (var path in Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            QuestionFile content;
            try
            {
                content = QuestionFile.Parse(File.ReadAllText(path));
            }
            catch (YamlException ex)
            {
                problems.Add(new BankProblem(name, null, $"not valid YAML at line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}"));
                continue;
            }

            problems.AddRange(BankRules.Check(name, content));
            if (!string.IsNullOrWhiteSpace(content.Speech.Speaker)) speakers.Add(content.Speech.Speaker.Trim());
            foreach (var q in content.Questions)
            {
                checkedCount++;
                if (QuestionFile.ReadAnswer(q.Answer) is { } answer) items.Add(new BankItem(name, content.Speech.Id, content.Speech.Speaker.Trim(), q, answer));
                var id = string.IsNullOrEmpty(q.Id) ? null : q.Id;
                if (id is not null)
                {
                    if (seenIds.TryGetValue(id, out var other)) problems.Add(new BankProblem(name, id, $"id is already used in {other}"));
                    else seenIds[id] = name;
                }
                problems.AddRange(Editorial.Check(q, seeds).Select(rule => new BankProblem(name, id, rule)));
                if (q.Status == QuestionStatus.Rejected) continue;

                foreach (var (otherFile, other) in compared)
                {
                    if (Similarity.Compare(other.Question, q.Question) is { } verdict)
                    {
                        problems.Add(new BankProblem(name, id, $"{verdict} of {other.Id} in {otherFile}"));
                        break;
                    }
                }
                compared.Add((name, q));
            }
        }
        problems.AddRange(BankChecks.Check(items, speakers));
        return problems;
    }
}
