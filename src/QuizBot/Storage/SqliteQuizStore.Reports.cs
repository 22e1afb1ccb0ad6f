using Dapper;

namespace QuizBot.Storage;

// Reports on SQLite (007_reports.sql).
internal sealed partial class SqliteQuizStore
{
    public async Task SaveReportAsync(string questionId, long userId, string? note, long now)
    {
        await using var c = db.Open();
        // A press without a note keeps the note typed last time; a new note replaces it.
        await c.ExecuteAsync("""
            INSERT INTO reports (question_id, user_id, note, reported_at, updated_at)
            VALUES (@questionId, @userId, @note, @now, @now)
            ON CONFLICT (question_id, user_id) DO UPDATE SET
                note = COALESCE(excluded.note, reports.note),
                updated_at = excluded.updated_at
            """, new { questionId, userId, note, now });
    }
}
