using System.Diagnostics;
using System.Globalization;
using QuizBot.Core.Daily;
using QuizBot.Core.Learning;
using QuizBot.Core.Questions;

namespace QuizBot.Benchmarks;

/// <summary>
/// Learners with hidden memories answer the real bank for N days, once scheduled by the old Leitner review and once by
/// FSRS with the new chooser, with the same daily budget and the same learners, days and dice (docs/learning.md,
/// "Simulation"). The hidden memory is deliberately not FSRS's own model, so FSRS is not graded by itself: recall
/// falls as 2^(−t/h) with a half-life h per learner and question; a successful recall multiplies h, more when it was
/// harder (the spacing effect), a failed one cuts it; a right answer may also be a lucky guess among the options. Reports,
/// at the last day, how much of the bank each group would recall (expected share, and the share held at ≥ 90%), and the
/// answers spent, split into first sights and reviews.
/// </summary>
internal static class LearningSimulation
{
    public static int Run(string[] args)
    {
        var learners = Option(args, "--learners", 1000);
        var days = Option(args, "--days", 60);
        var budget = Option(args, "--budget", 10);
        var seed = Option(args, "--seed", 1);
        var retention = Option(args, "--retention", 90) / 100.0;
        var load = QuestionBank.Load(Path.Combine(RepoRoot(), "questions"));
        if (load.Bank is not { } bank)
        {
            Console.Error.WriteLine("the question bank does not load: " + string.Join("; ", load.Problems.Take(3)));
            return 1;
        }

        var clock = Stopwatch.StartNew();
        var leitner = Simulate(bank, learners, days, budget, seed, new LeitnerArm());
        var fsrs = Simulate(bank, learners, days, budget, seed, new FsrsArm(new CardSchedule(new Fsrs(retention))));
        Console.WriteLine($"{learners:N0} learners, {days} days, {budget} answers a day on the days each is active, " +
            $"bank of {bank.Approved.Count} questions, seed {seed}, FSRS target retention {retention:0.00} ({clock.Elapsed.TotalSeconds:F1} s)");
        Console.WriteLine();
        Console.WriteLine("| schedule | recalled at day " + days + " (expected share of the bank) | held at ≥ 90% | answers | first sights | reviews | recalled per 100 answers | recalled per 100 reviews |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, r) in new[] { ("Leitner (1, 3, 7, 14 days; mistakes only)", leitner), ($"FSRS-6 (retention {retention:0.00}) + chooser", fsrs) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {r.Recalled / r.BankTotal:P1} | {r.Held / r.BankTotal:P1} | {r.Answers:N0} | {r.FirstSights:N0} | {r.Reviews:N0} | " +
                $"{100 * r.Recalled / r.Answers:F1} | {100 * r.Recalled / Math.Max(1, r.Reviews):F1} |"));
        }
        return 0;
    }

    private sealed record Result(double Recalled, double Held, double BankTotal, long Answers, long FirstSights, long Reviews);

    /// <summary>One scheduler under test: which questions a learner gets today, and what it learns from an answer.</summary>
    private interface IArm
    {
        void Reset();

        IReadOnlyList<Question> Pick(QuestionBank bank, int count, DateOnly today, Random random);

        void Answered(Question q, bool correct, DateOnly today);
    }

    private static Result Simulate(QuestionBank bank, int learners, int days, int budget, int seed, IArm arm)
    {
        var questions = bank.Approved;
        var index = questions.Select((q, i) => (q, i)).ToDictionary(p => p.q.Id, p => p.i, StringComparer.Ordinal);
        // The hidden ease of each question, the same for both arms.
        var ease = new double[questions.Count];
        var world = new Random(seed);
        for (var i = 0; i < ease.Length; i++) ease[i] = Math.Exp(Normal(world) * 0.5);
        double recalled = 0, held = 0;
        long answers = 0, first = 0, reviews = 0;
        var day0 = new DateOnly(2026, 1, 1);
        for (var l = 0; l < learners; l++)
        {
            // The learner's dice: identical under both arms (same seed per learner), so only the schedule differs.
            var dice = new Random(seed * 1_000_003 + l);
            var choice = new Random(seed * 7_919 + l);
            var ability = Math.Exp(Normal(dice) * 0.4);
            var activeShare = 0.6 + 0.4 * dice.NextDouble();
            var halfLife = new double[questions.Count];
            var lastSeen = new int[questions.Count];
            Array.Fill(lastSeen, -1);
            arm.Reset();
            for (var d = 0; d < days; d++)
            {
                if (dice.NextDouble() > activeShare) continue;
                var today = day0.AddDays(d);
                foreach (var q in arm.Pick(bank, budget, today, choice))
                {
                    var i = index[q.Id];
                    answers++;
                    var options = q.Options.Count;
                    bool recall, correct;
                    if (lastSeen[i] < 0)
                    {
                        first++;
                        // Some questions a learner knows already (they have read the digest); the rest are a guess.
                        recall = dice.NextDouble() < Math.Min(0.6, 0.25 * ability * ease[i]);
                        correct = recall || dice.NextDouble() < 1.0 / options;
                        // Seeing the answer and its source makes the first memory, stronger for an able learner and an
                        // easy question, and stronger still when it was known.
                        halfLife[i] = (recall ? 6.0 : 2.0) * ability * ease[i];
                    }
                    else
                    {
                        reviews++;
                        var p = Math.Pow(2, -(d - lastSeen[i]) / halfLife[i]);
                        recall = dice.NextDouble() < p;
                        correct = recall || dice.NextDouble() < 1.0 / options;
                        halfLife[i] = recall
                            ? halfLife[i] * (1.6 + 4.0 * Math.Sqrt(ability * ease[i]) * (1 - p)) // harder recalls strengthen more
                            : Math.Max(0.5, halfLife[i] * 0.3) + 1.0 * ability * ease[i]; // a lapse; then the answer is shown again
                    }
                    lastSeen[i] = d;
                    arm.Answered(q, correct, today);
                }
            }
            for (var i = 0; i < questions.Count; i++)
            {
                if (lastSeen[i] < 0) continue;
                var p = Math.Pow(2, -(days - lastSeen[i]) / halfLife[i]);
                recalled += p;
                if (p >= 0.9) held++;
            }
        }
        return new Result(recalled, held, (double)learners * questions.Count, answers, first, reviews);
    }

    /// <summary>The review as it was: mistakes in Leitner boxes, due first (longest overdue first), then unseen, then seen.</summary>
    private sealed class LeitnerArm : IArm
    {
        private readonly Dictionary<string, ReviewState> _boxes = new(StringComparer.Ordinal);
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public void Reset()
        {
            _boxes.Clear();
            _seen.Clear();
        }

        public IReadOnlyList<Question> Pick(QuestionBank bank, int count, DateOnly today, Random random)
        {
            var due = _boxes.Where(b => b.Value.Due <= today).OrderBy(b => b.Value.Due).ThenBy(b => b.Key, StringComparer.Ordinal)
                .Select(b => bank.Find(b.Key)!);
            var all = bank.Approved.ToArray();
            random.Shuffle(all);
            return due.Concat(all.Where(q => !_seen.Contains(q.Id))).Concat(all.Where(q => _seen.Contains(q.Id)))
                .OnePerFamily().Take(count).ToList();
        }

        public void Answered(Question q, bool correct, DateOnly today)
        {
            _seen.Add(q.Id);
            var next = Leitner.Next(_boxes.GetValueOrDefault(q.Id), correct, today);
            if (next is null) _boxes.Remove(q.Id);
            else _boxes[q.Id] = next;
        }
    }

    /// <summary>The new scheduling: every answered question is an FSRS card; the chooser of the bot picks.</summary>
    private sealed class FsrsArm(CardSchedule schedule) : IArm
    {
        private readonly Dictionary<string, Card> _cards = new(StringComparer.Ordinal);
        private readonly NextQuestions _next = new(schedule);

        public void Reset() => _cards.Clear();

        public IReadOnlyList<Question> Pick(QuestionBank bank, int count, DateOnly today, Random random) =>
            _next.Pick(bank, count, _cards, today, random);

        public void Answered(Question q, bool correct, DateOnly today)
        {
            var card = _cards.GetValueOrDefault(q.Id);
            // No answer times in the simulation: right is Good, wrong is Again.
            _cards[q.Id] = schedule.Review(card, Ratings.FromAnswer(correct, null, card is not null, TimeSpan.Zero), today);
        }
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QuizBot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
