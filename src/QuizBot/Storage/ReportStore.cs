using Dapper;

namespace QuizBot.Storage;

/// <summary>Learners' reports of a problem in a question (issue 13; 007_reports.sql; docs/question-bank.md, "Reports").</summary>
internal sealed class ReportStore(GroupCommit writes)
{
    /// <summary>
    /// Stores a person's report of a question; a second report of the same question updates the first (its time, and its
    /// note when one is given) instead of adding a row.
    /// </summary>
    public Task SaveReportAsync(string questionId, long userId, string? note, long now) =>
        // A press without a note keeps the note typed last time; a new note replaces it.
        writes.WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO reports (question_id, user_id, note, reported_at, updated_at)
            VALUES (@questionId, @userId, @note, @now, @now)
            ON CONFLICT (question_id, user_id) DO UPDATE SET
                note = COALESCE(excluded.note, reports.note),
                updated_at = excluded.updated_at
            """, new { questionId, userId, note, now }, tx));
}
