namespace QuizBot.Core.Quizzes;

/// <summary>One counted answer, as the results of a round need it.</summary>
public sealed record ScoredAnswer(long UserId, string QuestionId, bool Correct, long Points, long ElapsedMs);

public sealed record PlayerResult(long UserId, int Rank, long Points, int Correct, int Answered);

public sealed record QuestionResult(string QuestionId, int Answered, int Correct)
{
    public double Accuracy => Scoring.Accuracy(Correct, Answered);
}

/// <summary>The outcome of a round: players ranked, and the question most people got wrong.</summary>
public sealed record RoundResults(IReadOnlyList<PlayerResult> Players, QuestionResult? Hardest)
{
    /// <summary>
    /// Ranks by points; equal points share a rank (competition ranking). Within a shared rank, more right answers and then
    /// less total time come first, so the order shown is stable. The hardest question has the lowest share of right answers
    /// (more answers break ties); it is null when nobody answered.
    /// </summary>
    public static RoundResults From(IEnumerable<ScoredAnswer> answers)
    {
        var list = answers.ToList();
        var players = list.GroupBy(a => a.UserId)
            .Select(g => (UserId: g.Key, Points: g.Sum(a => a.Points), Correct: g.Count(a => a.Correct), Answered: g.Count(), Time: g.Sum(a => a.ElapsedMs)))
            .OrderByDescending(p => p.Points).ThenByDescending(p => p.Correct).ThenBy(p => p.Time).ThenBy(p => p.UserId)
            .ToList();
        var ranks = Scoring.Ranks(players, p => p.Points);
        var hardest = list.GroupBy(a => a.QuestionId)
            .Select(g => new QuestionResult(g.Key, g.Count(), g.Count(a => a.Correct)))
            .Where(q => q.Correct < q.Answered)
            .OrderBy(q => q.Accuracy).ThenByDescending(q => q.Answered)
            .FirstOrDefault();
        return new RoundResults(players.Select((p, i) => new PlayerResult(p.UserId, ranks[i], p.Points, p.Correct, p.Answered)).ToList(), hardest);
    }
}
