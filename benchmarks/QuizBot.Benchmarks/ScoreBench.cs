using System.Diagnostics;
using System.Globalization;
using System.Text;
using QuizBot.Core.Quizzes;
using QuizBot.Tests.Support;
using QuizBot.Storage;
using QuizBot.Core.Questions;

namespace QuizBot.Benchmarks;

/// <summary>Helpers of the score benchmarks (ingest, queries, startup): options, the machine, timings, the table.</summary>
internal static class ScoreBench
{
    public static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static string RepoRoot() => BotLauncher.RepoRoot();

    /// <summary>The load average over 1, 5 and 15 minutes, from /proc/loadavg.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>nproc, CPU model and memory, as docs/benchmarks.md records them.</summary>
    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var kib = long.TryParse(memory?.Split(' ')[0], out var k) ? k : 0;
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {kib / 1024.0 / 1024.0:0.0} GiB RAM, " +
               $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
               $"SQLite {SqliteVersion()}";
    }

    private static string SqliteVersion()
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = "SELECT sqlite_version()";
        return q.ExecuteScalar() as string ?? "?";
    }

    /// <summary>Resident memory of a process in MiB (VmRSS), and its peak (VmHWM), from /proc.</summary>
    public static (double Rss, double Peak) Memory(int pid)
    {
        double Field(string name) => File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(name, StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0).FirstOrDefault();
        return (Field("VmRSS:"), Field("VmHWM:"));
    }

    /// <summary>
    /// Where a process's resident memory is, from /proc/pid/smaps, in MiB by kind. Anonymous mappings that follow one another
    /// are taken together: a run of many GB is the GC heap (the runtime reserves one range and commits parts of it), a run
    /// of 64 MB aligned on 64 MB is one of glibc's malloc arenas (as is [heap]); the JIT's code is double-mapped from memfd
    /// "doublemapper" (W^X); files are named.
    /// </summary>
    public static IReadOnlyList<(string Kind, double Mb)> MemoryMap(int pid)
    {
        var maps = new List<(ulong Start, ulong End, string Name, double RssMb)>();
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && parts[0].Contains('-', StringComparison.Ordinal) && !parts[0].EndsWith(':'))
            {
                var range = parts[0].Split('-');
                maps.Add((Convert.ToUInt64(range[0], 16), Convert.ToUInt64(range[1], 16), parts.Length > 5 ? string.Join(' ', parts[5..]) : "", 0));
            }
            else if (maps.Count > 0 && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                maps[^1] = maps[^1] with { RssMb = long.Parse(parts[1], CultureInfo.InvariantCulture) / 1024.0 };
            }
        }
        var kinds = new Dictionary<string, double>();
        void Add(string kind, double mb) => kinds[kind] = kinds.GetValueOrDefault(kind) + mb;
        for (var i = 0; i < maps.Count; i++)
        {
            var (start, end, name, rss) = maps[i];
            if (name.Length > 0)
            {
                Add(name switch
                {
                    "[heap]" => "native malloc",
                    _ when name.Contains("doublemapper", StringComparison.Ordinal) => "JIT code (W^X double mapping)",
                    _ when name.StartsWith('/') => Path.GetFileName(name),
                    _ => name,
                }, rss);
                continue;
            }
            var j = i;
            while (j + 1 < maps.Count && maps[j + 1].Name.Length == 0 && maps[j + 1].Start == maps[j].End) j++;
            var size = maps[j].End - start;
            var total = maps.Skip(i).Take(j - i + 1).Sum(m => m.RssMb);
            const ulong arena = 64UL << 20;
            Add(size >= 1UL << 32 ? "GC heap" : size == arena && start % arena == 0 ? "native malloc" : "other anonymous", total);
            i = j;
        }
        return kinds.OrderByDescending(k => k.Value).Select(k => (k.Key, k.Value)).ToList();
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="times"/> times after a warm-up and returns each time in ms.</summary>
    public static async Task<double[]> TimeAsync(int times, int warmup, Func<int, Task> action)
    {
        for (var i = 0; i < warmup; i++) await action(i);
        var ms = new double[times];
        for (var i = 0; i < times; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action(warmup + i);
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return ms;
    }

    public static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    /// <summary>Open group rounds with their polls stored, as if the bot had sent them; the poll ids, one list per group.</summary>
    public static async Task<List<List<string>>> CreateGroupPollsAsync(IDatabase database, QuestionBank bank, int groups, int pollsPerGroup,
        Func<int, long> chatId, Func<int, int> firstQuestion, Func<int, int, string> pollId)
    {
        var store = new Stores(database);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ids = new List<List<string>>();
        for (var g = 0; g < groups; g++)
        {
            var questions = bank.Approved.Skip(firstQuestion(g)).Take(pollsPerGroup).ToList();
            var round = await store.Rounds.TryStartRoundAsync(new RoundRecord
            {
                ChatId = chatId(g),
                Mode = RoundLife.Code(RoundKind.Group),
                StartedBy = 1,
                QuestionIds = string.Join(',', questions.Select(q => q.Id)),
                QuestionSeconds = 86_400,
                Scoring = "speed",
                StartedAt = now,
            }) ?? throw new InvalidOperationException("round not started");
            var pollIds = new List<string>();
            for (var p = 0; p < pollsPerGroup; p++)
            {
                var id = pollId(g, p);
                await store.Rounds.SavePollAsync(new PollRecord
                {
                    PollId = id,
                    RoundId = round.RoundId,
                    Seq = p,
                    ChatId = chatId(g),
                    MessageId = p + 1,
                    QuestionId = questions[p].Id,
                    OptionOrder = string.Join(',', Enumerable.Range(0, questions[p].Options.Count)),
                    SentAt = now,
                    ClosesAt = now + 86_400_000,
                });
                pollIds.Add(id);
            }
            ids.Add(pollIds);
        }
        return ids;
    }
}

/// <summary>A Markdown table, printed as the benchmark goes and pasted into docs/benchmarks.md.</summary>
internal sealed class BenchTable(params string[] header)
{
    private readonly List<string[]> _rows = [];

    public IReadOnlyList<string[]> Rows => _rows;

    public void Add(params object[] cells)
    {
        _rows.Add(cells.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? "").ToArray());
        Console.WriteLine("  " + string.Join(" | ", _rows[^1]));
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in _rows) text.AppendLine("| " + string.Join(" | ", row) + " |");
        return text.ToString();
    }
}
