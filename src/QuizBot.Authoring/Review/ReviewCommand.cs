using QuizBot.Authoring.Cli;
using QuizBot.Authoring.Lint;
using QuizBot.Authoring.Text;
using QuizBot.Authoring.Yaml;
using QuizBot.Core.Questions;
using YamlDotNet.Core;

namespace QuizBot.Authoring.Review;

/// <summary>
/// <c>review &lt;file&gt;</c>: terminal curation of a draft file (docs/authoring.md). Each draft is shown with its options
/// and quote; the editor approves, edits, rejects with a reason, skips or quits. Every decision is saved at once, in place,
/// keeping the file's order and comments. An approved draft is marked approved in the draft file and copied into the bank
/// file of its speech (matched by speech id; created when missing), so it is served from then on.
/// Input and output are a TextReader and a TextWriter so tests can script a session.
/// </summary>
internal sealed class ReviewCommand(TextReader input, TextWriter output)
{
    public static int Run(string[] argv, TextReader input, TextWriter output)
    {
        var args = Args.Parse(argv, ["bank", "db"], ["reported"]);
        if (args.Has("reported")) return ReportedCommand.Run(args, output);
        if (args.Positional.Count != 1) throw new UsageException("review needs exactly one file");
        var file = args.Positional[0];
        if (!File.Exists(file)) throw new UsageException($"no such file: {file}");
        try
        {
            return new ReviewCommand(input, output).Review(file, args.Get("bank") ?? DefaultBank(file));
        }
        catch (NotSupportedException ex)
        {
            // A layout the line-level editor does not handle (flow-style questions): say so rather than rewrite the file.
            output.WriteLine($"stopped: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Drafts live in &lt;bank&gt;/drafts; a file elsewhere is taken to be a bank file, reviewed in place.</summary>
    public static string DefaultBank(string file)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        return Path.GetFileName(dir) == "drafts" ? Path.GetDirectoryName(dir)! : dir;
    }

    private int _approved, _rejected, _edited, _skipped;
    private SeedCorpus? _seeds;

    public int Review(string file, string bankDir)
    {
        var editor = new YamlEditor(File.ReadAllText(file));
        QuestionFile content;
        try
        {
            content = editor.Parse();
        }
        catch (YamlException ex)
        {
            output.WriteLine($"{file}: not valid YAML at line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}");
            return 1;
        }
        // Approving checks what lint checks, so a quote not in the seed (or in a passage errata.yaml marks avoid) is caught
        // here, while the editor can still edit or reject. Without a seed digest there is nothing to look quotes up in.
        _seeds = LintCommand.FindSeeds(bankDir) is { } seedsDir && SeedCorpus.Load(seedsDir) is { Seeds.Count: > 0 } corpus ? corpus : null;
        var inBank = SameDir(Path.GetDirectoryName(Path.GetFullPath(file))!, bankDir);
        var drafts = Enumerable.Range(0, content.Questions.Count).Where(i => content.Questions[i].Status == QuestionStatus.Draft).ToList();
        output.WriteLine($"{file}: {drafts.Count} drafts of {content.Questions.Count} questions; approved ones go to {(inBank ? "this file" : bankDir)}");

        for (var n = 0; n < drafts.Count; n++)
        {
            var index = drafts[n];
            while (true)
            {
                var q = editor.Parse().Questions[index];
                Show(q, n + 1, drafts.Count);
                output.Write("[a]pprove [e]dit [r]eject [s]kip [q]uit > ");
                var answer = input.ReadLine();
                if (answer is null) return Done();
                switch (answer.Trim().ToLowerInvariant())
                {
                    case "a" or "approve":
                        if (Approve(editor, file, index, bankDir, inBank)) break;
                        continue;
                    case "e" or "edit":
                        if (!Edit(editor, file, index)) return Done();
                        continue;
                    case "r" or "reject":
                        if (!Reject(editor, file, index)) return Done();
                        break;
                    case "s" or "skip" or "":
                        _skipped++;
                        break;
                    case "q" or "quit":
                        return Done();
                    default:
                        output.WriteLine("a = approve, e = edit, r = reject with a reason, s = skip, q = quit");
                        continue;
                }
                break;
            }
        }
        return Done();
    }

    private int Done()
    {
        output.WriteLine();
        output.WriteLine($"approved {_approved}, rejected {_rejected}, edited {_edited}, skipped {_skipped}");
        return 0;
    }

    private void Show(QuestionFile.QuestionEntry q, int n, int total)
    {
        var answer = QuestionFile.ReadAnswer(q.Answer) ?? [];
        output.WriteLine();
        output.WriteLine($"[{n}/{total}] {q.Id} · {q.Kind} · {q.Status}");
        output.WriteLine($"  {q.Question}");
        for (var i = 0; i < q.Options.Count; i++)
            output.WriteLine($"    {i}) {q.Options[i]}{(answer.Contains(i) ? "   ✓" : "")}");
        output.WriteLine($"  explanation: {q.Explanation}");
        output.WriteLine($"  quote: {q.Quote}");
        if (!string.IsNullOrEmpty(q.Reason)) output.WriteLine($"  reason: {q.Reason}");
    }

    private bool Approve(YamlEditor draftFile, string file, int index, string bankDir, bool inBank)
    {
        var content = draftFile.Parse();
        var q = content.Questions[index];
        var approved = Copy(q);
        approved.Status = QuestionStatus.Approved;
        approved.Reason = null;
        if (Problems(content.Speech, approved) is { Count: > 0 } problems)
        {
            output.WriteLine("not approved: " + string.Join("; ", problems));
            return false;
        }

        if (!inBank && !CopyIntoBank(bankDir, content.Speech, approved, Path.GetFileName(file))) return false;
        draftFile.Update(index, approved);
        File.WriteAllText(file, draftFile.Text);
        _approved++;
        output.WriteLine(inBank ? "approved" : "approved and added to the bank");
        return true;
    }

    /// <summary>Adds (or, when approved before, replaces) the question in the bank file of its speech.</summary>
    private bool CopyIntoBank(string bankDir, QuestionFile.SpeechHeader speech, QuestionFile.QuestionEntry q, string draftFileName)
    {
        Directory.CreateDirectory(bankDir);
        string? target = null;
        foreach (var path in Directory.GetFiles(bankDir, "*.yaml").Order(StringComparer.Ordinal))
        {
            QuestionFile bankFile;
            try
            {
                bankFile = QuestionFile.Parse(File.ReadAllText(path));
            }
            catch (YamlException)
            {
                output.WriteLine($"warning: {path} is not valid YAML; skipped while looking for speech {speech.Id}");
                continue;
            }
            if (bankFile.Speech.Id == speech.Id) target ??= path;
            // Lint would fail the bank on a (near-)duplicate: refuse here, where the editor can still edit or reject.
            foreach (var other in bankFile.Questions.Where(x => x.Id != q.Id && x.Status != QuestionStatus.Rejected))
            {
                if (QuizBot.Authoring.Text.Similarity.Compare(other.Question, q.Question) is { } verdict)
                {
                    output.WriteLine($"not approved: {verdict} of {other.Id} in {Path.GetFileName(path)}");
                    return false;
                }
            }
            if (bankFile.Questions.Any(x => x.Id == q.Id) && bankFile.Speech.Id != speech.Id)
            {
                output.WriteLine($"not approved: id {q.Id} is already used in {Path.GetFileName(path)}; edit the id first");
                return false;
            }
        }

        target ??= Path.Combine(bankDir, draftFileName);
        var editor = new YamlEditor(File.Exists(target)
            ? File.ReadAllText(target)
            : YamlText.File([$"The bank file of speech {speech.Id}: questions are added here when approved with `review`."], speech, []));
        var existing = editor.Parse().Questions.FindIndex(x => x.Id == q.Id);
        if (existing >= 0) editor.Replace(existing, q);
        else editor.Append(q);
        File.WriteAllText(target, editor.Text);
        output.WriteLine($"  → {target}");
        return true;
    }

    private bool Edit(YamlEditor editor, string file, int index)
    {
        var content = editor.Parse();
        var q = Copy(content.Questions[index]);

        output.Write("question (Enter keeps): ");
        if (input.ReadLine() is not { } question) return false;
        if (question.Trim().Length > 0) q.Question = question.Trim();

        output.WriteLine("options, one per line, an empty line ends (an empty first line keeps them):");
        var options = new List<string>();
        while (true)
        {
            if (input.ReadLine() is not { } line) return false;
            if (line.Trim().Length == 0) break;
            options.Add(line.Trim());
        }
        if (options.Count > 0) q.Options = options;

        output.Write($"answer: index from 0, several as 0,2 (Enter keeps {YamlText.Answer(q.Answer)}): ");
        if (input.ReadLine() is not { } answer) return false;
        if (answer.Trim().Length > 0)
        {
            var parts = answer.Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries);
            q.Answer = parts.Length == 1 ? parts[0] : parts.Cast<object>().ToList();
        }

        output.Write("explanation (Enter keeps): ");
        if (input.ReadLine() is not { } explanation) return false;
        if (explanation.Trim().Length > 0) q.Explanation = explanation.Trim();

        if (Problems(content.Speech, q) is { Count: > 0 } problems)
        {
            output.WriteLine("not saved: " + string.Join("; ", problems));
            return true;
        }
        editor.Update(index, q);
        File.WriteAllText(file, editor.Text);
        _edited++;
        output.WriteLine("saved");
        return true;
    }

    private bool Reject(YamlEditor editor, string file, int index)
    {
        string reason;
        do
        {
            output.Write("reason (required): ");
            if (input.ReadLine() is not { } line) return false;
            reason = line.Trim();
        } while (reason.Length == 0);

        var q = Copy(editor.Parse().Questions[index]);
        q.Status = QuestionStatus.Rejected;
        q.Reason = reason;
        editor.Update(index, q);
        File.WriteAllText(file, editor.Text);
        _rejected++;
        output.WriteLine("rejected");
        return true;
    }

    /// <summary>What lint would say of the question: the bank rules, and (when a seeds folder is found) its quote and typos.</summary>
    private List<string> Problems(QuestionFile.SpeechHeader speech, QuestionFile.QuestionEntry q) =>
        [
            .. BankRules.Check("review", new QuestionFile { Speech = speech, Questions = [q] }).Select(p => p.Rule),
            .. _seeds is null ? [] : Editorial.Check(q, _seeds),
        ];

    private static QuestionFile.QuestionEntry Copy(QuestionFile.QuestionEntry q) => new()
    {
        Id = q.Id,
        Kind = q.Kind,
        Status = q.Status,
        Question = q.Question,
        Options = [.. q.Options],
        Answer = q.Answer,
        Explanation = q.Explanation,
        Quote = q.Quote,
        Reason = q.Reason,
    };

    private static bool SameDir(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar),
            StringComparison.Ordinal);
}
