using Dapper;
using Microsoft.Data.Sqlite;

namespace QuizBot.Authoring.Review;

/// <summary>One learner's report of a problem in a question, as the bot stored it (007_reports.sql).</summary>
internal sealed record Report(string QuestionId, long UserId, string? Name, string? Note, long ReportedAt, long UpdatedAt)
{
    public string Who => Name is { Length: > 0 } name ? $"{name} ({UserId})" : $"user {UserId}";

    public string When => DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'",
        System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Reads learners' reports from the bot's database, read-only.</summary>
internal static class Reports
{
    /// <summary>Every report, newest first; none when the database predates reports (no table).</summary>
    public static IReadOnlyList<Report> Load(string db)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly }.ToString());
        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'reports'") == 0) return [];
        // The name comes from the users table when the bot still has it (a person who used /forget has neither).
        return connection.Query<Report>("""
            SELECT r.question_id AS QuestionId, r.user_id AS UserId, u.display_name AS Name, r.note AS Note,
                   r.reported_at AS ReportedAt, r.updated_at AS UpdatedAt
            FROM reports r LEFT JOIN users u ON u.user_id = r.user_id
            ORDER BY r.updated_at DESC, r.question_id, r.user_id
            """).ToList();
    }
}
