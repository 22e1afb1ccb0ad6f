namespace QuizBot.Storage;

// Learners' reports of a problem in a question (issue 13; 007_reports.sql; docs/question-bank.md, "Reports").
internal partial interface IQuizStore
{
    /// <summary>
    /// Stores a person's report of a question; a second report of the same question updates the first (its time, and its
    /// note when one is given) instead of adding a row.
    /// </summary>
    Task SaveReportAsync(string questionId, long userId, string? note, long now);
}
