using Microsoft.Extensions.Time.Testing;
using QuizBot.Core.Daily;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;

namespace QuizBot.Tests.Daily;

/// <summary>
/// A bot on a FakeTimeProvider for daily-push stories: the pusher ticks only when the test moves the clock. Time starts
/// at 07:00 on Monday 2 March 2026 in Asia/Shanghai. Telegram's limits are scaled up (both sides when enforced) so the
/// per-chat spacing does not slow the stories down.
/// </summary>
internal sealed class DailyHarness : IAsyncDisposable
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 7, 0, 0, TimeSpan.FromHours(8));

    private readonly Dictionary<string, string?> _settings;

    private DailyHarness(FakeBotApi api, TempDatabase db, FakeTimeProvider clock, Dictionary<string, string?> settings)
    {
        Api = api;
        Db = db;
        Clock = clock;
        _settings = settings;
    }

    public FakeBotApi Api { get; }
    public TempDatabase Db { get; }
    public FakeTimeProvider Clock { get; }
    public TestBot? Bot { get; private set; }
    public Stores Store => new Stores(Db.Storage);

    public static async Task<DailyHarness> StartAsync(Dictionary<string, string?>? settings = null, FakeBotApiOptions? apiOptions = null,
        bool startBot = true, bool realTime = false, StorageProvider provider = StorageProvider.Sqlite)
    {
        var all = new Dictionary<string, string?>
        {
            ["Quiz:SeedsPath"] = Path.Combine(TestBot.RepoRoot(), "seeds"),
            ["Telegram:PrivatePerSecond"] = "50",
            ["Telegram:GlobalPerSecond"] = "1000",
        };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        var harness = new DailyHarness(await FakeBotApi.StartAsync(apiOptions), new TempDatabase(provider), new FakeTimeProvider(Start), all)
        {
            RealTime = realTime,
        };
        if (startBot) await harness.StartBotAsync();
        return harness;
    }

    /// <summary>The bot runs on the system clock (for tests of pacing against the fake's real-time limits).</summary>
    public bool RealTime { get; private init; }

    public async Task StartBotAsync() => Bot = await TestBot.StartAsync(Api, Db, time: RealTime ? null : Clock, settings: _settings);

    /// <summary>Subscribes many private chats at once, due now (one transaction; for broadcast tests).</summary>
    public void SubscribeDueNow(IEnumerable<long> chatIds) =>
        SubscribeDueNow(Db, chatIds, RealTime ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : Now);

    /// <summary>
    /// Subscribes many private chats at once (one transaction) at the minute of <paramref name="now"/> (ms) in
    /// Asia/Shanghai, with that minute as their next push: due at the pusher's first tick, on a bot whose clock reads
    /// <paramref name="now"/> (a bot on the system clock, a bot process: the current time).
    /// </summary>
    public static void SubscribeDueNow(TempDatabase db, IEnumerable<long> chatIds, long now)
    {
        db.Storage.Migrate();
        var local = LocalClock.Local(now, Shanghai);
        var dueAt = LocalClock.At(DateOnly.FromDateTime(local), new TimeOnly(local.Hour, local.Minute), Shanghai);
        using var c = db.Storage.Connect();
        using var tx = c.BeginTransaction();
        Dapper.SqlMapper.Execute(c, """
            INSERT INTO daily_subscriptions (chat_id, kind, push_minute, active, next_at, created_by, created_at, updated_at)
            VALUES (@chatId, 'private', @minute, 1, @dueAt, @chatId, @now, @now)
            """, chatIds.Select(chatId => new { chatId, minute = local.Hour * 60 + local.Minute, dueAt, now }), tx);
        tx.Commit();
    }

    /// <summary>Pushes in each status, over all chats.</summary>
    public IReadOnlyDictionary<string, long> PushStatuses()
    {
        using var c = Db.Storage.Connect();
        return Dapper.SqlMapper.Query<(string Status, long Count)>(c, "SELECT status, COUNT(*) FROM daily_pushes GROUP BY status")
            .ToDictionary(r => r.Status, r => r.Count);
    }

    /// <summary>Waits until no push is left sending.</summary>
    public async Task WaitForBroadcastAsync(int expected, TimeSpan timeout)
    {
        // Looked at once per getUpdates of the bot (its poller runs beside the pusher), not at each of the thousands of
        // sends: a query per send would take the CPU the broadcast needs.
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = Api.NextGetUpdates;
            var statuses = PushStatuses();
            if (statuses.Values.Sum() >= expected && !statuses.ContainsKey(DailyStatus.Sending)) return;
            try
            {
                await next.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        throw new TimeoutException("the broadcast did not finish: " + string.Join(", ", PushStatuses().Select(p => $"{p.Key} {p.Value}")));
    }

    public async Task StopBotAsync()
    {
        if (Bot is not null) await Bot.DisposeAsync();
        Bot = null;
    }

    public long Now => Clock.GetUtcNow().ToUnixTimeMilliseconds();
    public string Today => LocalClock.Key(LocalClock.Day(Now, Shanghai));

    public async Task<SentMessage> Say(Chat chat, User from, string text)
    {
        var after = Api.CallCount;
        Api.SendText(chat, from, text);
        return await Api.WaitForMessageAsync(chat.Id, after: after);
    }

    /// <summary>
    /// Jumps the clock to a local time (today, or on a later day), then moves it one pusher tick past it. The jump fires no
    /// timers (firing the round clock's once-a-second timer for a whole day of fake time takes half a minute); the tick does.
    /// </summary>
    public void AdvanceTo(int day, int hour, int minute = 0)
    {
        var target = new DateTimeOffset(2026, 3, day, hour, minute, 0, TimeSpan.FromHours(8));
        if (target > Clock.GetUtcNow()) Clock.AdjustTime(target);
        Clock.Advance(TimeSpan.FromSeconds(11)); // at least one tick of the pusher at or after the target
    }

    public static bool IsExcerpt(SentMessage m) => m.PlainText.StartsWith("📚 今日学习", StringComparison.Ordinal);

    public static bool IsDailyPoll(SentPoll p) => p.Question.StartsWith("【今日学习", StringComparison.Ordinal);

    /// <summary>Waits for a chat's push of the current local day to be recorded with <paramref name="status"/>.</summary>
    public async Task<DailyPush> WaitForPushAsync(long chatId, string status = DailyStatus.Done, string? day = null, int timeoutMs = 15_000)
    {
        day ??= Today;
        DailyPush? push = null;
        if (await Api.TryWaitUntilAsync(async () => (push = await Store.Daily.GetPushAsync(chatId, day))?.Status == status, TimeSpan.FromMilliseconds(timeoutMs)))
            return push!;
        throw new TimeoutException($"push to {chatId} for {day} is {push?.Status ?? "missing"}, not {status}");
    }

    /// <summary>The day's excerpt and polls once the push is recorded done.</summary>
    public async Task<(SentMessage Excerpt, IReadOnlyList<SentPoll> Polls)> ReceivePushAsync(long chatId, int after)
    {
        try
        {
            var excerpt = await Api.WaitForMessageAsync(chatId, IsExcerpt, after: after);
            await WaitForPushAsync(chatId);
            return (excerpt, Api.PollsTo(chatId).Where(p => p.CallIndex > excerpt.CallIndex && IsDailyPoll(p)).ToList());
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nThe bot's warnings and errors:\n  " + string.Join("\n  ",
                (Bot?.Logs.Lines ?? []).Where(l => l.Level >= LogLevel.Warning || l.Category.Contains("Daily", StringComparison.Ordinal))
                    .TakeLast(30).Select(l => $"{l.Level} {l.Category}: {l.Text}")), ex);
        }
    }

    public static int Wrong(SentPoll p) => Enumerable.Range(0, p.Options.Count).First(i => !p.CorrectOptionIds.Contains(i));

    public async ValueTask DisposeAsync()
    {
        await StopBotAsync();
        await Api.DisposeAsync();
        Db.Dispose();
    }
}
