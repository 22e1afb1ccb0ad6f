namespace QuizBot.Core.Questions;

/// <summary>
/// The family rule (docs/question-bank.md, Families): questions on one fact give each other away, so a quiz, round, daily
/// push or review never holds two of one family.
/// </summary>
public static class Families
{
    /// <summary>The questions in the given order, keeping only the first of each family (and of each id).</summary>
    public static IEnumerable<Question> OnePerFamily(this IEnumerable<Question> questions)
    {
        var families = new HashSet<string>(StringComparer.Ordinal);
        foreach (var q in questions)
        {
            if (families.Add(q.FamilyKey)) yield return q;
        }
    }
}
