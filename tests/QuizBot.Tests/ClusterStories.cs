using System.Diagnostics;
using System.Globalization;
using Dapper;
using QuizBot.Storage;
using QuizBot.Tests.Daily;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;
using Xunit.Abstractions;

namespace QuizBot.Tests;

/// <summary>
/// Issue 12's proof: three instances of the real bot (separate processes) in webhook mode on one PostgreSQL, the fake Bot
/// API posting each update to them in turn as a load balancer would (<see cref="Cluster"/>), the leader killed with
/// SIGKILL and replaced by a new process on its port. Nothing is lost, nothing counted twice, at most one message repeated
/// per kill, and all instances together stay within Telegram's limits.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class ClusterStories(ITestOutputHelper output)
{
    /// <summary>Three .NET processes starting at once on a busy 2-core machine, and a replacement after each kill.</summary>
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    private static readonly User Admin = FakeBotApi.MakeUser(700, "管理员");

    private sealed record Plan(DateTimeOffset At, int Option);

    /// <summary>
    /// The people of the rounds story, acting on what the fake shows them: a group's members answer each poll of their
    /// group within its open period, a random 0–2 s after it came (one in twenty not at all); a private player answers each
    /// poll of their quiz 0.1–1 s after it came; while <see cref="Requesting"/>, a group's admin starts a round and a
    /// player a quiz when their chat has none running and their last request started one (so no request is ever refused).
    /// </summary>
    private sealed class People(FakeBotApi api, TempDatabase db, Random random, int questions, int seconds)
    {
        public required IReadOnlyList<(Chat Group, IReadOnlyList<User> Members)> Groups { get; init; }
        public required IReadOnlyList<User> Players { get; init; }
        public volatile bool Requesting = true;

        /// <summary>Every answer given: the option chosen, by poll and person.</summary>
        public readonly Dictionary<(string Poll, long User), int> Given = [];

        /// <summary>How many times each chat asked for a round or quiz.</summary>
        public readonly Dictionary<long, int> Requests = [];

        private readonly Dictionary<(string Poll, long User), Plan> _plans = [];
        private readonly Dictionary<long, long> _roundsWhenRequested = [];
        private DateTimeOffset _lastLook;

        public async Task ActAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                Act();
                try { await Task.Delay(50, stop); } // the people's pace
                catch (OperationCanceledException) { return; }
            }
        }

        private void Act()
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var (group, members) in Groups)
            {
                foreach (var poll in api.PollsTo(group.Id).Where(p => now < p.At.AddSeconds(seconds)))
                {
                    foreach (var member in members)
                    {
                        var plan = PlanFor(poll, member, 0, 2000, mayAbstain: true);
                        if (plan.Option >= 0 && now >= plan.At && Given.TryAdd((poll.PollId, member.Id), plan.Option))
                            api.AnswerPoll(poll.PollId, member, plan.Option);
                    }
                }
            }
            foreach (var player in Players)
            {
                foreach (var poll in api.PollsTo(player.Id))
                {
                    var plan = PlanFor(poll, player, 100, 1000, mayAbstain: false);
                    if (now >= plan.At && Given.TryAdd((poll.PollId, player.Id), plan.Option)) api.AnswerPoll(poll.PollId, player, plan.Option);
                }
            }
            if (Requesting && now - _lastLook > TimeSpan.FromMilliseconds(250))
            {
                _lastLook = now;
                RequestRounds();
            }
        }

        /// <summary>When (a random <paramref name="fromMs"/>–<paramref name="toMs"/> after the poll came) and how a person answers
        /// a poll, drawn once (60% right; with <paramref name="mayAbstain"/>, one in twenty never: option -1).</summary>
        private Plan PlanFor(SentPoll poll, User user, int fromMs, int toMs, bool mayAbstain)
        {
            if (_plans.TryGetValue((poll.PollId, user.Id), out var plan)) return plan;
            var at = poll.At + TimeSpan.FromMilliseconds(random.Next(fromMs, toMs));
            var option = mayAbstain && random.Next(20) == 0 ? -1 : random.Next(10) < 6 ? poll.CorrectOptionIds[0] : random.Next(poll.Options.Count);
            return _plans[(poll.PollId, user.Id)] = new Plan(at, option);
        }

        private void RequestRounds()
        {
            using var c = db.Storage.Connect();
            var rounds = c.Query<(long ChatId, long Total, long Running)>("""
                SELECT chat_id, COUNT(*), SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) FROM rounds
                WHERE mode IN ('group', 'private') GROUP BY chat_id
                """).ToDictionary(r => r.ChatId);
            foreach (var (chat, from) in Groups.Select(g => (g.Group, Admin)).Concat(Players.Select(p => (FakeBotApi.PrivateChat(p), p))))
            {
                var (_, total, running) = rounds.GetValueOrDefault(chat.Id);
                if (running > 0 || (_roundsWhenRequested.TryGetValue(chat.Id, out var before) && total <= before)) continue;
                _roundsWhenRequested[chat.Id] = total;
                Requests[chat.Id] = Requests.GetValueOrDefault(chat.Id) + 1;
                api.SendText(chat, from, $"/quiz {questions}");
            }
        }
    }

    [Fact]
    public async Task Group_rounds_and_private_quizzes_lose_no_answer_count_none_twice_and_miss_no_question_or_podium_while_the_leader_is_killed_ten_times()
    {
        const int seed = 20261207;
        const int kills = 10;
        const int questions = 3;
        const int seconds = 5;
        var moments = new Random(seed); // the kills' (the people act on another thread, with their own)
        await using var api = await FakeBotApi.StartAsync();
        using var db = new TempDatabase(StorageProvider.Postgres);
        var groups = Enumerable.Range(1, 2).Select(g => (Group: FakeBotApi.Group(-100_900 - g, $"学习小组{g}", supergroup: true),
            Members: (IReadOnlyList<User>)Enumerable.Range(1, 3).Select(i => FakeBotApi.MakeUser(9000 + 100 * g + i, $"组员{g}-{i}")).ToList())).ToList();
        foreach (var (group, members) in groups)
        {
            api.SetAdmins(group.Id, Admin.Id);
            api.SetMemberCount(group.Id, members.Count + 1); // Telegram counts the bot too: a question closes once all answered
        }
        var players = Enumerable.Range(1, 3).Select(i => FakeBotApi.MakeUser(9300 + i, $"玩家{i}")).ToList();
        var people = new People(api, db, new Random(seed + 1), questions, seconds) { Groups = groups, Players = players };
        var settings = new Dictionary<string, string>
        {
            ["Quiz:QuestionSeconds"] = seconds.ToString(CultureInfo.InvariantCulture),
            ["Quiz:QuestionsPerRound"] = questions.ToString(CultureInfo.InvariantCulture),
            ["Telegram:GroupPerMinute"] = "600", // pacing is not what this story is about
            ["Quiz:DailyPointsCap"] = "0",
        };

        var clock = Stopwatch.StartNew();
        using var cluster = Cluster.Start(api, db, instances: 3, settings);
        using var stop = new CancellationTokenSource();
        var acting = people.ActAsync(stop.Token);
        string state = "";
        var takeovers = new List<TimeSpan>();
        try
        {
            await cluster.WaitForLeaderAsync(Startup);
            output.WriteLine($"three instances up after {clock.Elapsed.TotalSeconds:0.0} s");
            for (var kill = 0; kill < kills; kill++)
            {
                // A random moment of the leader's real work: after 3–12 of its sends (a busy machine may be slower to get there).
                var from = api.CallCount;
                var work = moments.Next(3, 13);
                await api.TryWaitUntilAsync(() => api.Calls.Skip(from).Count(c => c.Method is "sendMessage" or "sendPoll" or "stopPoll") >= work,
                    TimeSpan.FromSeconds(20));
                await cluster.KillLeaderAsync(Startup);
                var killed = Stopwatch.StartNew();
                await cluster.WaitForLeaderAsync(Startup, all: false);
                takeovers.Add(killed.Elapsed);
                await cluster.WaitForLeaderAsync(Startup); // and the replacement follows: three backends again
            }
            output.WriteLine($"{cluster.Kills} kills done after {clock.Elapsed.TotalSeconds:0.0} s; a new leader answered /healthz " +
                $"{string.Join(", ", takeovers.Select(t => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)))} s after each kill");
            people.Requesting = false;
            // Every round and quiz runs to its end, every update is delivered and handled, every podium is posted.
            var done = await Cluster.TryWaitUntilAsync(async () =>
            {
                await using var c = db.Storage.Connect();
                var running = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rounds WHERE status = 'running'");
                var inbox = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM update_inbox");
                var ends = await c.QueryAsync<(long ChatId, long Rounds)>("SELECT chat_id, COUNT(*) FROM rounds GROUP BY chat_id");
                var unposted = ends.Where(e => Ends(api, e.ChatId) < e.Rounds).Select(e => e.ChatId).ToList();
                state = $"running {running}, inbox {inbox}, pending at Telegram {api.PendingUpdateCount}, chats without their podium or summary: {string.Join(", ", unposted)}";
                return running == 0 && inbox == 0 && api.PendingUpdateCount == 0 && unposted.Count == 0;
            }, TimeSpan.FromSeconds(120));
            Assert.True(done, $"seed {seed}: the rounds did not finish after {cluster.Kills} kills: {state}\n{cluster.Tails(30)}");
            output.WriteLine($"every round finished after {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            await stop.CancelAsync();
            await acting;
        }

        await using var c = db.Storage.Connect();
        var rounds = (await c.QueryAsync<(long RoundId, long ChatId, string Mode, string Status)>(
            "SELECT round_id, chat_id, mode, status FROM rounds")).ToList();
        var polls = (await c.QueryAsync<(string PollId, long RoundId, long Seq, long ChatId)>("SELECT poll_id, round_id, seq, chat_id FROM polls")).ToList();
        var stored = (await c.QueryAsync<(string PollId, long UserId, long ChatId, long RoundId, string QuestionId, long Points)>(
            "SELECT poll_id, user_id, chat_id, round_id, question_id, points FROM answers")).ToList();
        var why = $"(seed {seed}, {cluster.Kills} kills, {rounds.Count} rounds, {people.Given.Count} answers given, {stored.Count} stored)";
        output.WriteLine(why);
        Assert.True(cluster.Kills >= kills, why);
        Assert.All(takeovers, t => Assert.True(t < TimeSpan.FromSeconds(10), $"a takeover took {t} {why}"));
        Assert.True(rounds.Count(r => r.Mode == "group") >= 4 && rounds.Count(r => r.Mode == "private") >= 6 && people.Given.Count >= 60,
            $"too little was played to prove anything {why}");
        Assert.All(rounds, r => Assert.Equal("finished", r.Status));

        // Every question of every round was sent, to its chat.
        var sentPolls = groups.Select(g => g.Group.Id).Concat(players.Select(p => p.Id)).SelectMany(api.PollsTo).ToDictionary(p => p.PollId);
        foreach (var round in rounds)
            Assert.True(Enumerable.Range(0, questions).SequenceEqual(polls.Where(p => p.RoundId == round.RoundId).Select(p => (int)p.Seq).Order()),
                $"round {round.RoundId} in {round.ChatId} asked {string.Join(",", polls.Where(p => p.RoundId == round.RoundId).Select(p => p.Seq))} {why}");
        Assert.All(polls, p => Assert.Equal(p.ChatId, sentPolls[p.PollId].ChatId));

        // None counted twice; none lost: every answer given to a poll the bot recorded is stored, once, and nothing else is.
        Assert.Equal(stored.Count, stored.Select(a => (a.PollId, a.UserId)).Distinct().Count());
        Assert.Equal(stored.Count, stored.Select(a => (a.RoundId, a.QuestionId, a.UserId)).Distinct().Count());
        var known = polls.Select(p => p.PollId).ToHashSet();
        var storedKeys = stored.Select(a => (a.PollId, a.UserId)).ToHashSet();
        var lost = people.Given.Keys.Where(k => known.Contains(k.Poll) && !storedKeys.Contains(k)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} answers lost {why}: {string.Join(", ", lost.Take(10))}");
        Assert.All(stored, a => Assert.True(people.Given.ContainsKey((a.PollId, a.UserId)), $"stored but never given: {a} {why}"));
        // What is not stored answered a poll whose id a kill lost before it was recorded (it counts nowhere: a poll_answer
        // names no chat, docs/operations.md), and its question was sent again.
        var orphans = sentPolls.Keys.Where(id => !known.Contains(id)).ToHashSet();
        Assert.All(orphans.Select(id => sentPolls[id]), orphan => Assert.Contains(sentPolls.Values, p =>
            p.ChatId == orphan.ChatId && p.CallIndex > orphan.CallIndex && p.Question == orphan.Question && known.Contains(p.PollId)));
        output.WriteLine($"polls whose id a kill lost: {orphans.Count}, their answers: {people.Given.Keys.Count(k => orphans.Contains(k.Poll))}");
        output.WriteLine("webhook deliveries by status: " + string.Join(", ", api.Deliveries.GroupBy(d => d.Status).Select(g => $"{g.Key} ×{g.Count()}")));
        // Every instance took updates (stored them and answered 200), not only the leader.
        Assert.All(cluster.Addresses, a => Assert.Contains(api.Deliveries, d => d.Status == 200 && d.Target.StartsWith(a, StringComparison.Ordinal)));
        // A private quiz moves on only with its player's answer: all its questions are counted for them.
        foreach (var round in rounds.Where(r => r.Mode == "private"))
            Assert.Equal(questions, stored.Count(a => a.RoundId == round.RoundId && a.UserId == round.ChatId));
        // The score totals kept answer by answer agree with the answer log: overall, and per group.
        var totals = (await c.QueryAsync<(long Scope, long UserId, long Answered, long Points)>(
            "SELECT scope, user_id, answered, points FROM score_totals WHERE period = 'a'")).ToHashSet();
        var fromLog = stored.GroupBy(a => (Scope: 0L, a.UserId)).Concat(stored.Where(a => a.ChatId < 0).GroupBy(a => (Scope: a.ChatId, a.UserId)))
            .Select(g => (g.Key.Scope, g.Key.UserId, (long)g.Count(), g.Sum(a => a.Points))).ToHashSet();
        Assert.True(fromLog.SetEquals(totals), $"score totals {string.Join(" ", totals.Order())} differ from the log {string.Join(" ", fromLog.Order())} {why}");

        // Every podium and summary was posted; a message was repeated (or answered a repeated request) at most once per kill:
        // a group round is its announcement, its questions and its podium, a private quiz its questions and its summary.
        var repeats = new List<(long Chat, int Extra)>();
        foreach (var chat in groups.Select(g => g.Group.Id).Concat(players.Select(p => p.Id)))
        {
            var played = rounds.Count(r => r.ChatId == chat);
            Assert.True(Ends(api, chat) >= played, $"chat {chat}: {Ends(api, chat)} podiums or summaries for {played} rounds {why}");
            var expected = played * (questions + (chat < 0 ? 2 : 1));
            var extra = api.PollsTo(chat).Count + api.MessagesTo(chat).Count - expected;
            Assert.True(extra >= 0, $"chat {chat}: {extra} messages fewer than its {played} rounds need {why}");
            if (extra > 0)
            {
                repeats.Add((chat, extra));
                output.WriteLine($"chat {chat}, {played} rounds: " + string.Join(" | ", api.Calls.Where(c => c.Ok && c.ChatId == chat && c.Method is "sendMessage" or "sendPoll")
                    .Select(c => c.Artifact is SentPoll p ? p.Question : ((SentMessage)c.Artifact!).PlainText).Select(t => t[..Math.Min(10, t.Length)])));
            }
            // Each request started one round: none was started twice by a request handled again after a kill.
            Assert.True(people.Requests.GetValueOrDefault(chat) == played, $"chat {chat}: {played} rounds for {people.Requests.GetValueOrDefault(chat)} requests {why}");
        }
        output.WriteLine($"repeated messages (chat, count): {string.Join(" ", repeats)}");
        Assert.True(repeats.Sum(r => r.Extra) <= cluster.Kills,
            $"{repeats.Sum(r => r.Extra)} messages repeated for {cluster.Kills} kills (chat, repeats: {string.Join(" ", repeats)}) {why}");
    }

    /// <summary>A group's podiums (🏁 本轮答题结束) or a private chat's summaries (🏁 答题完成！).</summary>
    private static int Ends(FakeBotApi api, long chatId) =>
        api.MessagesTo(chatId).Count(m => m.PlainText.StartsWith(chatId < 0 ? "🏁 本轮答题结束" : "🏁 答题完成", StringComparison.Ordinal));

    [Fact]
    public async Task A_daily_push_to_a_thousand_chats_with_the_leader_killed_halfway_reaches_every_chat_once_without_a_single_429()
    {
        const int chats = 1000;
        const int messages = 2 * chats; // the excerpt and one question each
        // Telegram's limits, enforced in real time: about 30 messages a second overall, about one a second per chat.
        await using var api = await FakeBotApi.StartAsync(new FakeBotApiOptions { EnforceRateLimits = true });
        using var db = new TempDatabase(StorageProvider.Postgres);
        var ids = Enumerable.Range(1, chats).Select(i => 200_000_000L + i).ToList();
        DailyHarness.SubscribeDueNow(db, ids, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()); // due at the leader's first tick
        var settings = new Dictionary<string, string>
        {
            ["Quiz:SeedsPath"] = Path.Combine(TestBot.RepoRoot(), "seeds"),
            ["Quiz:DailyQuestions"] = "1",
            // Telegram's own limits, as in production (BotProcess lets private chats go faster for quizzes).
            ["Telegram:GlobalPerSecond"] = "30",
            ["Telegram:PrivatePerSecond"] = "1",
            ["Telegram:PrivateBurst"] = "3",
        };
        bool IsSend(RecordedCall c) => c.Method is "sendMessage" or "sendPoll";

        var clock = Stopwatch.StartNew();
        using var cluster = Cluster.Start(api, db, instances: 3, settings);
        await cluster.WaitForLeaderAsync(Startup);
        output.WriteLine($"three instances up after {clock.Elapsed.TotalSeconds:0.0} s");
        await api.WaitUntilAsync(() => api.Calls.Count(c => c.Ok && IsSend(c)) >= messages / 2, "half of the push sent", TimeSpan.FromSeconds(120));
        var killedAt = api.CallCount;
        await cluster.KillLeaderAsync(Startup);
        output.WriteLine($"leader killed after {clock.Elapsed.TotalSeconds:0.0} s, {api.Calls.Count(c => c.Ok && IsSend(c))} messages sent");
        var statuses = "";
        var done = await Cluster.TryWaitUntilAsync(async () =>
        {
            await using var c = db.Storage.Connect();
            var rows = await c.QueryAsync<(string Status, long Count)>("SELECT status, COUNT(*) FROM daily_pushes GROUP BY status");
            statuses = string.Join(", ", rows.Select(r => $"{r.Status} {r.Count}"));
            return rows.Any(r => r.Status == "done" && r.Count == chats);
        }, TimeSpan.FromSeconds(180));
        Assert.True(done, $"the push did not finish after the kill: {statuses}\n{cluster.Tails(30)}");
        output.WriteLine($"every push done after {clock.Elapsed.TotalSeconds:0.0} s");

        var sends = api.Calls.Where(IsSend).ToList();
        Assert.Equal(0, api.TooManyRequestsCount);
        Assert.All(sends, c => Assert.True(c.Ok, c.ToString()));
        Assert.True(sends.Count(c => c.Index > killedAt) >= chats / 2, $"only {sends.Count(c => c.Index > killedAt)} messages after the kill");
        // Every chat got its excerpt and its question; a message twice only when it was in flight at the kill.
        var repeats = new List<(long Chat, int Extra)>();
        foreach (var chat in ids)
        {
            var excerpts = api.MessagesTo(chat).Count(DailyHarness.IsExcerpt);
            var questions = api.PollsTo(chat).Count(DailyHarness.IsDailyPoll);
            Assert.True(excerpts >= 1 && questions >= 1, $"chat {chat} got {excerpts} excerpts and {questions} questions");
            var extra = api.MessagesTo(chat).Count + api.PollsTo(chat).Count - 2;
            if (extra > 0) repeats.Add((chat, extra));
        }
        var delivered = sends.Select(c => c.At).Order().ToList();
        output.WriteLine($"{sends.Count} messages from {delivered[0]:HH:mm:ss.fff} to {delivered[^1]:HH:mm:ss.fff}, 429s: {api.TooManyRequestsCount}, " +
            $"repeated (chat, count): {string.Join(" ", repeats)}");
        Assert.True(repeats.Sum(r => r.Extra) <= cluster.Kills,
            $"{repeats.Sum(r => r.Extra)} messages repeated for {cluster.Kills} kill (chat, repeats: {string.Join(" ", repeats)})");
    }

    [Fact]
    public async Task Forged_webhook_calls_to_any_of_three_instances_get_401_413_or_400_and_change_nothing()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var db = new TempDatabase(StorageProvider.Postgres);
        using var cluster = Cluster.Start(api, db, instances: 3);
        await cluster.WaitForLeaderAsync(Startup);
        var before = api.CallCount;

        foreach (var address in cluster.Addresses) await WebhookStories.ForgeCallsAsync(address);

        Assert.Equal((0, 0), await WebhookStories.StoredAsync(db)); // no inbox row, no update_seen mark
        Assert.DoesNotContain(api.Calls.Skip(before), c => c.Method is "sendMessage" or "sendPoll");
        // The instances still take real updates, whichever one Telegram's call reaches: by then a reply to a forged call
        // would have been sent.
        var bob = FakeBotApi.MakeUser(502, "Bob");
        foreach (var _ in cluster.Addresses)
        {
            var after = api.CallCount;
            api.SendText(FakeBotApi.PrivateChat(bob), bob, "/help");
            await api.WaitForMessageAsync(bob.Id, after: after, timeout: TimeSpan.FromSeconds(30));
        }
        // The fake records a delivery once its 200 is read, which may come after the bot's reply to it.
        await api.TryWaitUntilAsync(() => api.Deliveries.Count(d => d.Status == 200) >= 3, TimeSpan.FromSeconds(10));
        Assert.True(api.Deliveries.Where(d => d.Status == 200).Select(d => d.Target).Distinct().Count() == 3,
            "every instance answers 200 to one of the three: " + string.Join(", ", api.Deliveries.Select(d => $"{d.UpdateId}→{d.Target}:{d.Status}")));
        Assert.Empty(api.MessagesTo(501)); // Alice, whose /start every forged call carried
        Assert.Equal(3, (await WebhookStories.StoredAsync(db)).Seen);
    }
}
