using Dapper;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

/// <summary>The bot process is killed without warning at random moments while people take quizzes, then started again.</summary>
[Collection(CrashCollection.Name)]
public abstract class CrashStories
{
    private readonly StorageProvider _provider;
    private readonly int Crashes;

    /// <param name="crashes">Kills in one run: 20 on SQLite; fewer on PostgreSQL, whose server survives each kill anyway
    /// (the bot's process dies, its connections with it), to keep the suite's time.</param>
    private protected CrashStories(StorageProvider provider, int crashes) => (_provider, Crashes) = (provider, crashes);

    /// <summary>Plays like a person: answers every poll it sees once, and sends /quiz when nothing is waiting for it.</summary>
    private sealed class Player(FakeBotApi api, User user, Random random)
    {
        public readonly HashSet<string> Answered = [];
        private DateTimeOffset _lastActivity = DateTimeOffset.MinValue;

        public void Act()
        {
            foreach (var poll in api.PollsTo(user.Id))
            {
                if (!Answered.Add(poll.PollId)) continue;
                var option = random.Next(2) == 0 ? poll.CorrectOptionIds[0] : random.Next(poll.Options.Count);
                api.AnswerPoll(poll.PollId, user, option);
                _lastActivity = DateTimeOffset.UtcNow;
            }
            var lastPoll = api.PollsTo(user.Id).LastOrDefault()?.At ?? DateTimeOffset.MinValue;
            var lastMessage = api.MessagesTo(user.Id).LastOrDefault()?.At ?? DateTimeOffset.MinValue;
            var last = new[] { _lastActivity, lastPoll, lastMessage }.Max();
            if (DateTimeOffset.UtcNow - last > TimeSpan.FromSeconds(3))
            {
                api.SendText(FakeBotApi.PrivateChat(user), user, "/quiz 20");
                _lastActivity = DateTimeOffset.UtcNow;
            }
        }
    }

    [Fact]
    public async Task Killing_the_bot_at_random_moments_loses_no_answer_counts_none_twice_and_repeats_at_most_one_poll_per_crash()
    {
        using var db = new TempDatabase(_provider);
        await using var api = await FakeBotApi.StartAsync();
        var random = new Random(20261127);
        var players = Enumerable.Range(0, 3).Select(i => new Player(api, FakeBotApi.MakeUser(9001 + i, $"玩家{i}"), random)).ToList();

        for (var crash = 0; crash <= Crashes; crash++)
        {
            var polls = api.RequestedOffsets.Count;
            using var bot = BotProcess.Start(api, db);
            // Kill at a random moment of the quiz, not during start-up: wait until the new process polls Telegram.
            await api.WaitUntilAsync(() => api.RequestedOffsets.Count > polls, "the new process polling", TimeSpan.FromSeconds(15));
            var until = DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(crash == Crashes ? 6000 : random.Next(500, 3000));
            while (DateTimeOffset.UtcNow < until)
            {
                foreach (var p in players) p.Act();
                await Task.Delay(25);
            }
            if (crash < Crashes) bot.Kill();
            else
            {
                // The last run is not killed: let it confirm every update before it stops.
                Assert.True(await api.TryWaitUntilAsync(() => api.PendingUpdateCount == 0, TimeSpan.FromSeconds(10)),
                    $"pending {api.PendingUpdateCount}, offsets {string.Join(",", api.RequestedOffsets.TakeLast(8))}, calls {string.Join(" | ", api.Calls.TakeLast(8))}");
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var c = db.Storage.Connect();
        var stored = c.Query<(string PollId, long UserId)>("SELECT poll_id, user_id FROM answers").ToList();
        var sent = players.SelectMany((p, i) => p.Answered.Select(poll => (poll, 9001L + i))).ToHashSet();
        Assert.True(sent.Count > 40, $"only {sent.Count} answers were given; the scenario is too short to prove anything");
        Assert.Equal(stored.Count, stored.Distinct().Count()); // none counted twice
        var known = c.Query<string>("SELECT poll_id FROM polls").ToHashSet();
        // Every answer to a poll the bot sent is stored (a poll the bot never learned of after a crash is adopted).
        var lost = sent.Where(a => !stored.Contains(a)).ToList();
        File.Copy(Path.Combine(db.Folder, "bot-process.log"), "/tmp/bot-process.log", true);
        Assert.True(lost.Count == 0, $"{lost.Count} of {sent.Count} answers lost; their polls known: {lost.Count(a => known.Contains(a.poll))}; " +
            $"rounds: {string.Join(";", c.Query<string>("SELECT round_id || ':' || chat_id || ':' || position || ':' || status FROM rounds"))}; " +
            $"pending: {c.ExecuteScalar<long>("SELECT COUNT(*) FROM pending_polls")}; lost: {string.Join(",", lost.Take(10))}; " +
            $"polls: {string.Join(",", c.Query<string>("SELECT poll_id || '@' || round_id || '/' || seq FROM polls ORDER BY poll_id").Take(30))}");
        Assert.All(sent, a => Assert.Contains(a.poll, known));

        // A question may be asked twice only when a crash hid whether its first sending arrived.
        var repeats = players.Sum(p => p.Answered.Count) - c.ExecuteScalar<long>("SELECT COUNT(DISTINCT round_id || '-' || seq) FROM polls");
        Assert.True(repeats <= Crashes, $"{repeats} repeated polls for {Crashes} crashes");
    }
}

public sealed class CrashStoriesOnSqlite() : CrashStories(StorageProvider.Sqlite, crashes: 20);

public sealed class CrashStoriesOnPostgres() : CrashStories(StorageProvider.Postgres, crashes: 10);
