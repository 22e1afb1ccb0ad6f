using QuizBot.Core.Questions;

namespace QuizBot.Core.Daily;

/// <summary>
/// Chooses the day's questions (docs/daily.md). In a private chat: the person's mistakes that are due for review first
/// (oldest due first), then questions on the day's passage they have not answered, then unanswered questions of the same
/// speech, then any unanswered question, and only then questions seen before. In a group the same without reviews, "seen"
/// meaning asked in an earlier daily push of that group. Deterministic: the fallback walks the bank from a point that moves
/// with the passage cursor, so two days do not start at the same question. Never two questions of one family in a push
/// (docs/question-bank.md, Families): a later candidate whose family is already in is skipped, and when the bank cannot
/// fill the push otherwise it is shorter.
/// </summary>
public static class DailyQuestions
{
    public const int Max = 10;

    public static IReadOnlyList<Question> Pick(int count, IReadOnlyList<Question> dueReviews, Passage passage, PassageBook book,
        QuestionBank bank, IReadOnlySet<string> seen, long cursor)
    {
        var picked = new List<Question>();
        var families = new HashSet<string>(StringComparer.Ordinal);
        void Take(IEnumerable<Question> candidates)
        {
            foreach (var q in candidates)
            {
                if (picked.Count >= count) return;
                if (families.Add(q.FamilyKey)) picked.Add(q);
            }
        }

        var all = bank.Approved;
        var start = all.Count == 0 ? 0 : (int)(Math.Abs(cursor * 7) % all.Count);
        var rotated = all.Skip(start).Concat(all.Take(start)).ToList();
        Take(dueReviews);
        Take(book.QuestionsIn(passage).Where(q => !seen.Contains(q.Id)));
        Take(rotated.Where(q => q.Speech.Id == passage.Speech.Id && !seen.Contains(q.Id)));
        Take(rotated.Where(q => !seen.Contains(q.Id)));
        Take(book.QuestionsIn(passage));
        Take(rotated);
        return picked;
    }
}
