namespace QuizBot.Core.Questions;

/// <summary>One answer of the log: who, to which question, the bank's option indexes chosen, and whether it was right.</summary>
public readonly record struct LoggedAnswer(long UserId, string QuestionId, IReadOnlyList<int> Chosen, bool IsCorrect);

/// <summary>What the analysis needs of a question: how many options it has and which are right (bank indexes).</summary>
public sealed record ItemKey(int OptionCount, IReadOnlyList<int> Answer);

/// <summary>Why a question deserves an editor's look (docs/authoring.md, "Item analysis").</summary>
[Flags]
public enum ItemFlags
{
    None = 0,

    /// <summary>p ≥ 0.9 with enough answers: it teaches little and tells no one apart.</summary>
    TooEasy = 1,

    /// <summary>Those who did worst overall get it right more often than those who did best: a wrong key, a trap, or a give-away.</summary>
    NegativeDiscrimination = 2,

    /// <summary>With enough answers, an option nobody picks: it distracts no one.</summary>
    UnpickedDistractor = 4,
}

/// <summary>
/// One question's figures. <paramref name="Picks"/> counts, per bank option index, the answers that chose it (empty when
/// the question is not in the bank); <paramref name="Discrimination"/> is null when the upper or the lower group gave it
/// no answer.
/// </summary>
public sealed record ItemStats(
    string QuestionId,
    int Answers,
    int Right,
    double P,
    double? Discrimination,
    IReadOnlyList<int> Picks,
    IReadOnlyList<int> UnpickedDistractors,
    ItemFlags Flags);

/// <summary>
/// Classical item analysis over an answer log (docs/authoring.md, "Item analysis"): per question the share right (p), the
/// discrimination index D = p(upper 27%) − p(lower 27%), the people ranked by their right answers over the log, and how
/// often each option was picked. Pure: the caller reads the log (the bot for one group, the authoring tool for everything).
/// </summary>
public static class ItemAnalysis
{
    /// <summary>The share of people in each of the upper and lower groups (Kelley's 27%).</summary>
    public const double GroupShare = 0.27;

    /// <summary>At or above this share right, a question with enough answers is flagged as too easy.</summary>
    public const double EasyP = 0.9;

    /// <summary>Answers a question needs before any flag is raised: below it the figures are noise.</summary>
    public const int DefaultMinAnswers = 20;

    /// <summary>
    /// The figures for every question in the log, weakest (lowest p) first; among equals the most answered first, then by id.
    /// Every answer counts, so a person answering a question twice counts twice.
    /// </summary>
    public static IReadOnlyList<ItemStats> Analyse(IEnumerable<LoggedAnswer> log, Func<string, ItemKey?> keys,
        int minAnswers = DefaultMinAnswers)
    {
        var answers = log.ToList();
        var (upper, lower) = Groups(answers);
        var result = new List<ItemStats>();
        foreach (var g in answers.GroupBy(a => a.QuestionId, StringComparer.Ordinal))
        {
            var total = g.Count();
            var right = g.Count(a => a.IsCorrect);
            var p = (double)right / total;
            double? d = Share(g.Where(a => upper.Contains(a.UserId))) - Share(g.Where(a => lower.Contains(a.UserId)));

            var key = keys(g.Key);
            var picks = new int[key?.OptionCount ?? 0];
            foreach (var a in g)
            {
                foreach (var i in a.Chosen.Distinct())
                {
                    if (i >= 0 && i < picks.Length) picks[i]++;
                }
            }
            var unpicked = key is null ? [] : Enumerable.Range(0, picks.Length).Where(i => !key.Answer.Contains(i) && picks[i] == 0).ToList();

            var flags = ItemFlags.None;
            if (total >= minAnswers)
            {
                if (p >= EasyP) flags |= ItemFlags.TooEasy;
                if (d < 0) flags |= ItemFlags.NegativeDiscrimination;
                if (unpicked.Count > 0) flags |= ItemFlags.UnpickedDistractor;
            }
            result.Add(new ItemStats(g.Key, total, right, p, d, picks, unpicked, flags));
        }
        return result
            .OrderBy(s => s.P).ThenByDescending(s => s.Answers).ThenBy(s => s.QuestionId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The upper and lower 27% of the people (at least one each once there are two people), ranked by right answers over
    /// the whole log; among equals fewer answers ranks higher (the same score from fewer tries), then the lower user id.
    /// </summary>
    public static (IReadOnlySet<long> Upper, IReadOnlySet<long> Lower) Groups(IReadOnlyCollection<LoggedAnswer> answers)
    {
        var ranked = answers.GroupBy(a => a.UserId)
            .Select(g => (User: g.Key, Right: g.Count(a => a.IsCorrect), Answers: g.Count()))
            .OrderByDescending(x => x.Right).ThenBy(x => x.Answers).ThenBy(x => x.User)
            .Select(x => x.User)
            .ToList();
        if (ranked.Count < 2) return (new HashSet<long>(), new HashSet<long>());
        var k = Math.Max(1, (int)Math.Round(GroupShare * ranked.Count, MidpointRounding.AwayFromZero));
        return (ranked.Take(k).ToHashSet(), ranked.Skip(ranked.Count - k).ToHashSet());
    }

    /// <summary>Reads <c>chosen</c> as stored: the bank's option indexes, comma-separated; anything else is left out.</summary>
    public static IReadOnlyList<int> ParseChosen(string chosen) =>
        chosen.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : -1)
            .Where(i => i >= 0)
            .ToList();

    private static double? Share(IEnumerable<LoggedAnswer> answers)
    {
        var n = 0;
        var right = 0;
        foreach (var a in answers)
        {
            n++;
            if (a.IsCorrect) right++;
        }
        return n == 0 ? null : (double)right / n;
    }
}
