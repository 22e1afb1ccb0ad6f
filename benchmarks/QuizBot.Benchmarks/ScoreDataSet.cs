using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using QuizBot.Core.Questions;
using QuizBot.Storage;

namespace QuizBot.Benchmarks;

/// <summary>
/// A generated history for the query and start-up benchmarks: <c>users</c> people and <c>answers</c> answers over the last
/// 180 days. Activity is skewed as in real groups: the person at rank k has answered about in proportion to 1/√k, so the
/// keenest has thousands of answers and everyone has a few. 60% of answers are given in the person's group (1,000 groups),
/// 40% in private quizzes; 70% are right. Reproducible: a fixed seed, and times relative to the run's start.
/// </summary>
internal sealed record ScoreDataSet(Database Database, int Users, int Answers, int Groups, long KeenestUser,
    TimeSpan Generated, TimeSpan TotalsRebuilt, TimeSpan TalliesRebuilt, long Bytes)
{
    public const int GroupCount = 1_000;
    public static long GroupOf(long userId) => -1_001_000_000_000 - userId % GroupCount;

    /// <summary>A data set made earlier in <paramref name="folder"/> (--data), if there is one of this size.</summary>
    public static ScoreDataSet? Open(string folder, int users, int answers)
    {
        var path = Path.Combine(folder, "scores.db");
        if (!File.Exists(path)) return null;
        var database = new Database($"Data Source={path}");
        database.Migrate(); // a data set kept from an older schema is brought up to date, as the bot's start would
        using var c = database.Open();
        if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM users") < users || c.ExecuteScalar<long>("SELECT COUNT(*) FROM answers WHERE poll_id LIKE 'gen-%'") != answers)
            return null;
        Console.WriteLine($"Reusing the data set in {folder} (its answers are as old as when it was made)");
        return new ScoreDataSet(database, users, answers, GroupCount, 1, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, new FileInfo(path).Length);
    }

    public static async Task<ScoreDataSet> CreateAsync(string folder, int users, int answers, DateTimeOffset now, QuestionBank bank,
        TimeZoneInfo zone)
    {
        var path = Path.Combine(folder, "scores.db");
        var database = new Database($"Data Source={path}");
        database.Migrate();
        var random = new Random(20260302);
        var clock = Stopwatch.StartNew();
        var nowMs = now.ToUnixTimeMilliseconds();
        const long window = 180L * 24 * 3600 * 1000;
        using (var c = database.Open())
        {
            using (var tx = c.BeginTransaction())
            {
                using var insert = c.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO users (user_id, display_name, username, updated_at) VALUES ($id, $name, $username, $now)";
                var (id, name, username) = (insert.Parameters.Add("$id", SqliteType.Integer), insert.Parameters.Add("$name", SqliteType.Text),
                    insert.Parameters.Add("$username", SqliteType.Text));
                insert.Parameters.AddWithValue("$now", nowMs);
                for (var u = 1; u <= users; u++)
                {
                    (id.Value, name.Value, username.Value) = (u, $"学员{u}", u % 3 == 0 ? DBNull.Value : $"learner{u}");
                    insert.ExecuteNonQuery();
                }
                tx.Commit();
            }

            const int chunk = 100_000; // rows per transaction: bounds the WAL while loading
            for (var start = 0; start < answers; start += chunk)
            {
                using var tx = c.BeginTransaction();
                using var insert = c.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = """
                    INSERT INTO answers (poll_id, user_id, chat_id, round_id, question_id, chosen, is_correct, points, elapsed_ms, answered_at)
                    VALUES ($poll, $user, $chat, 0, $question, '0', $correct, $points, $elapsed, $at)
                    """;
                var p = new[] { "$poll", "$user", "$chat", "$question", "$correct", "$points", "$elapsed", "$at" }
                    .Select(n => insert.Parameters.Add(n, n is "$poll" or "$question" ? SqliteType.Text : SqliteType.Integer)).ToArray();
                insert.Prepare();
                for (var i = start; i < Math.Min(answers, start + chunk); i++)
                {
                    var r = random.NextDouble();
                    long user = 1 + (long)(users * r * r); // P(user ≤ k) = √(k/users): the 1/√k skew
                    var inGroup = random.NextDouble() < 0.6;
                    var correct = random.NextDouble() < 0.7;
                    p[0].Value = $"gen-{i}";
                    p[1].Value = user;
                    p[2].Value = inGroup ? GroupOf(user) : user;
                    p[3].Value = bank.Approved[random.Next(bank.Approved.Count)].Id;
                    p[4].Value = correct ? 1 : 0;
                    p[5].Value = !correct ? 0 : inGroup ? 10 + random.Next(11) : 10;
                    p[6].Value = random.Next(1_000, 30_000);
                    p[7].Value = nowMs - (long)(random.NextDouble() * window);
                    insert.ExecuteNonQuery();
                }
                tx.Commit();
            }
            c.Execute("PRAGMA wal_checkpoint(TRUNCATE)"); // no ANALYZE: the bot never runs it, so neither does its data set
        }
        var generated = clock.Elapsed;
        clock.Restart();
        await new Stores(database).Scores.EnsureScoreTotalsAsync(zone); // what the first start after migration 003 does
        var rebuilt = clock.Elapsed;
        clock.Restart();
        await new Stores(database).Tallies.EnsureUserTalliesAsync(zone); // and the first start after migration 004
        var tallied = clock.Elapsed;
        SqliteConnection.ClearAllPools();
        var bytes = new FileInfo(path).Length;
        return new ScoreDataSet(database, users, answers, GroupCount, KeenestUser: 1, generated, rebuilt, tallied, bytes);
    }
}
