using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using QuizBot.Core.Scores;

namespace QuizBot.Storage;

/// <summary>
/// The local day, week and month of the answers' instants in Quiz:TimeZone, for the rebuilds that group the answer log by
/// them (score totals, per-person tallies). Computed in .NET by <see cref="StudyCalendar"/>, the code the answer path
/// uses, and handed to SQL as a temporary table, on both providers alike: neither SQLite (which knows no time zones)
/// nor PostgreSQL's own time-zone rules decide a day, so the boards are the same whichever database holds them.
/// </summary>
/// <remarks>
/// One row per quarter hour that holds an answer: every zone's offset is a whole number of quarter hours, so a quarter hour
/// never straddles a local midnight (nor a Monday or a first of the month), and 2,000,000 answers over half a year need
/// about 17,000 rows. SQL joins it with <c>JOIN local_keys k ON k.quarter = a.answered_at / 900000</c>
/// (<see cref="JoinOnAnswers"/>); instants are unix milliseconds after 1970, so integer division floors on both.
/// </remarks>
internal static class LocalKeys
{
    public const long QuarterMs = 900_000;

    /// <summary>The join to put after <c>FROM answers a</c>.</summary>
    public const string JoinOnAnswers = "JOIN local_keys k ON k.quarter = a.answered_at / 900000";

    /// <summary>Creates the temporary table local_keys (quarter, day, week, month) for every quarter hour of the answer log.</summary>
    public static async Task CreateAsync(DbConnection c, DbTransaction tx, TimeZoneInfo zone)
    {
        await c.ExecuteAsync("""
            DROP TABLE IF EXISTS local_keys;
            CREATE TEMP TABLE local_keys (quarter bigint PRIMARY KEY, day bigint NOT NULL, week bigint NOT NULL, month bigint NOT NULL);
            """, transaction: tx);
        var quarters = (await c.QueryAsync<long>("SELECT DISTINCT answered_at / 900000 FROM answers", transaction: tx)).ToList();
        // Plain numbers written into the statement, 500 rows at a time: one statement per chunk on both providers, and
        // nothing in it comes from outside (every value is a long computed here).
        foreach (var chunk in quarters.Chunk(500))
        {
            var sql = new StringBuilder("INSERT INTO local_keys (quarter, day, week, month) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                var start = chunk[i] * QuarterMs;
                var (week, month) = StudyCalendar.Keys(start, zone);
                var day = StudyCalendar.Key(StudyCalendar.LocalDay(start, zone));
                if (i > 0) sql.Append(", ");
                sql.Append(CultureInfo.InvariantCulture, $"({chunk[i]}, {day}, {week}, {month})");
            }
            await c.ExecuteAsync(sql.ToString(), transaction: tx);
        }
    }

    /// <summary>Drops the table again (a pooled connection keeps its temporary tables).</summary>
    public static Task DropAsync(DbConnection c, DbTransaction tx) => c.ExecuteAsync("DROP TABLE local_keys", transaction: tx);
}
