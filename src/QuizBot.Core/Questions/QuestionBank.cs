using YamlDotNet.Core;

namespace QuizBot.Core.Questions;

/// <summary>The approved questions the bot serves, loaded and validated from a folder of YAML files.</summary>
public sealed class QuestionBank
{
    private readonly Dictionary<string, Question> _byId;

    public QuestionBank(IReadOnlyList<Question> approved)
    {
        Approved = approved;
        _byId = approved.ToDictionary(q => q.Id);
        Speeches = approved.Select(q => q.Speech).DistinctBy(s => s.Id).ToList();
    }

    public IReadOnlyList<Question> Approved { get; }
    public IReadOnlyList<Speech> Speeches { get; }

    public Question? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// Loads every <c>*.yaml</c> file directly in <paramref name="folder"/> (drafts live in a subfolder and are never served).
    /// Returns the problems instead of a bank when any rule is broken, so the caller can refuse to start.
    /// </summary>
    public static BankLoadResult Load(string folder)
    {
        if (!Directory.Exists(folder))
            return new(null, [new BankProblem(folder, null, "the question folder does not exist")]);

        var problems = new List<BankProblem>();
        var questions = new List<Question>();
        var seenIds = new Dictionary<string, string>();
        var files = Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            problems.Add(new BankProblem(folder, null, "the question folder has no .yaml files"));

        foreach (var path in files)
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

            var fileProblems = BankRules.Check(name, content).ToList();
            problems.AddRange(fileProblems);
            foreach (var q in content.Questions.Where(q => !string.IsNullOrEmpty(q.Id)))
            {
                if (seenIds.TryGetValue(q.Id, out var other))
                    problems.Add(new BankProblem(name, q.Id, $"id is already used in {other}"));
                else
                    seenIds[q.Id] = name;
            }
            if (fileProblems.Count > 0) continue;

            var h = content.Speech;
            var speech = new Speech(h.Id, h.Speaker.Trim(), h.Posts.Trim(), h.Title.Trim());
            questions.AddRange(content.Questions
                .Where(q => q.Status == QuestionStatus.Approved)
                .Select(q => new Question(q.Id, q.Kind, q.Status, q.Question.Trim(), q.Options.Select(o => o.Trim()).ToList(),
                    QuestionFile.ReadAnswer(q.Answer)!.Order().ToList(), q.Explanation.Trim(), q.Quote.Trim(), speech,
                    q.Family?.Trim() ?? "")));
        }

        if (problems.Count == 0 && questions.Count == 0)
            problems.Add(new BankProblem(folder, null, "the bank has no approved questions"));
        return problems.Count > 0 ? new(null, problems) : new(new QuestionBank(questions), []);
    }
}

public sealed record BankLoadResult(QuestionBank? Bank, IReadOnlyList<BankProblem> Problems);
