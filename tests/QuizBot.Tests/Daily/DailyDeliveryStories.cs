using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using Telegram.Bot.Types;

namespace QuizBot.Tests.Daily;

/// <summary>
/// Delivery of the daily push (issue 5; docs/daily.md): restarts before and after the push time, a crash in the middle
/// of a broadcast, pacing against a fake that answers 429 beyond Telegram's limits, and the daily points cap.
/// </summary>
public sealed class DailyDeliveryStories
{
    private readonly User _alice = FakeBotApi.MakeUser(1001, "Alice");
    private readonly User _bob = FakeBotApi.MakeUser(1002, "Bob");

    [Fact]
    public async Task A_push_missed_while_the_bot_was_down_is_sent_late_within_the_grace_period()
    {
        await using var h = await DailyHarness.StartAsync();
        await h.Say(FakeBotApi.PrivateChat(_alice), _alice, "/daily 08:00");
        h.AdvanceTo(2, 7, 30);
        await h.StopBotAsync();

        h.AdvanceTo(2, 9, 30); // down over 08:00, back 90 minutes later (grace: 120)
        var after = h.Api.CallCount;
        await h.StartBotAsync();
        var (excerpt, polls) = await h.ReceivePushAsync(_alice.Id, after);
        Assert.Contains("3月2日", excerpt.PlainText);
        Assert.Equal(3, polls.Count);
    }

    [Fact]
    public async Task A_push_missed_by_more_than_the_grace_period_is_skipped_and_the_next_day_comes_as_usual()
    {
        await using var h = await DailyHarness.StartAsync();
        await h.Say(FakeBotApi.PrivateChat(_alice), _alice, "/daily 08:00");
        await h.Say(FakeBotApi.PrivateChat(_bob), _bob, "/daily 10:30");
        h.AdvanceTo(2, 7, 30);
        await h.StopBotAsync();

        h.AdvanceTo(2, 10, 30); // 2.5 hours late for Alice, on time for Bob
        var after = h.Api.CallCount;
        await h.StartBotAsync();
        await h.ReceivePushAsync(_bob.Id, after);
        await h.WaitForPushAsync(_alice.Id, DailyStatus.Skipped);
        Assert.DoesNotContain(h.Api.MessagesTo(_alice.Id), DailyHarness.IsExcerpt);

        after = h.Api.CallCount;
        h.AdvanceTo(3, 8, 0);
        var (excerpt, _) = await h.ReceivePushAsync(_alice.Id, after);
        Assert.Contains("摘登第 1/", excerpt.PlainText); // the skipped day did not use up a passage
    }

    [Fact]
    public async Task A_restart_after_the_push_sends_nothing_twice()
    {
        await using var h = await DailyHarness.StartAsync();
        await h.Say(FakeBotApi.PrivateChat(_alice), _alice, "/daily 08:00");
        await h.Say(FakeBotApi.PrivateChat(_bob), _bob, "/daily 08:30");
        var after = h.Api.CallCount;
        h.AdvanceTo(2, 8, 0);
        await h.ReceivePushAsync(_alice.Id, after);
        await h.StopBotAsync();

        h.AdvanceTo(2, 8, 30);
        after = h.Api.CallCount;
        await h.StartBotAsync();
        await h.ReceivePushAsync(_bob.Id, after); // the restarted pusher has run
        Assert.Single(h.Api.MessagesTo(_alice.Id), DailyHarness.IsExcerpt);
        Assert.Equal(3, h.Api.PollsTo(_alice.Id).Count);
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_a_broadcast_neither_repeats_a_chat_nor_misses_one()
    {
        const int chats = 60;
        await using var h = await DailyHarness.StartAsync(startBot: false, realTime: true, settings: new()
        {
            ["Telegram:GlobalPerSecond"] = "50", // 240 messages: about five seconds
        });
        var ids = Enumerable.Range(0, chats).Select(i => 20_000L + i).ToList();
        h.SubscribeDueNow(ids);
        await h.StartBotAsync();

        // Kill the bot once about a third of the messages are out.
        for (var sent = 0; sent < 80;)
        {
            await h.Api.WaitForCallAsync("sendPoll", after: h.Api.CallCount, timeout: TimeSpan.FromSeconds(30));
            sent = h.Api.Calls.Count(c => c.Ok && c.Method is "sendMessage" or "sendPoll");
        }
        await h.StopBotAsync();
        Assert.True(h.PushStatuses().GetValueOrDefault(DailyStatus.Sending) > 0, "the crash came before the broadcast was over");

        await h.StartBotAsync();
        await h.WaitForBroadcastAsync(chats, TimeSpan.FromSeconds(60));
        Assert.Equal(chats, h.PushStatuses()[DailyStatus.Done]);
        var repeats = 0;
        foreach (var id in ids)
        {
            var excerpts = h.Api.MessagesTo(id).Count(DailyHarness.IsExcerpt);
            var polls = h.Api.PollsTo(id).Where(DailyHarness.IsDailyPoll).ToList();
            Assert.InRange(excerpts, 1, 2);
            Assert.Equal(3, polls.Select(p => p.Question).Distinct().Count()); // none missed
            var extra = excerpts - 1 + polls.Count - 3;
            Assert.InRange(extra, 0, 1); // at most the one message in flight at the crash (docs/daily.md)
            repeats += extra;
        }
        Assert.True(repeats <= 8, $"{repeats} messages repeated");
    }

    [Fact]
    public async Task Two_thousand_chats_are_pushed_without_a_single_429_from_a_rate_limited_fake()
    {
        const int chats = 2000;
        // Telegram's limits ×10 on both sides (300/s overall, 3 per 0.3 s per chat) so the run takes seconds, not minutes.
        await using var h = await DailyHarness.StartAsync(startBot: false, realTime: true,
            apiOptions: new FakeBotApiOptions
            {
                EnforceRateLimits = true,
                GlobalLimit = new RateLimit(300, TimeSpan.FromSeconds(1)),
                PrivateChatLimit = new RateLimit(3, TimeSpan.FromSeconds(0.3)),
            },
            settings: new()
            {
                ["Telegram:GlobalPerSecond"] = "300",
                ["Telegram:PrivatePerSecond"] = "10",
                ["Quiz:DailyQuestions"] = "1",
            });
        h.SubscribeDueNow(Enumerable.Range(0, chats).Select(i => 30_000L + i));
        await h.StartBotAsync();

        await h.WaitForBroadcastAsync(chats, TimeSpan.FromMinutes(2));
        Assert.Equal(chats, h.PushStatuses()[DailyStatus.Done]);
        var sends = h.Api.Calls.Where(c => c.Method is "sendMessage" or "sendPoll").ToList();
        var rejected = sends.Where(c => c.StatusCode == 429).Select(r =>
            $"{r.Method} to {r.ChatId} at {r.At:HH:mm:ss.fff}: {sends.Count(c => c.Ok && c.ChatId == r.ChatId)} sent to the chat, " +
            $"{sends.Count(c => c.Ok && c.At <= r.At && c.At > r.At.AddSeconds(-1))} in the second before");
        Assert.True(h.Api.TooManyRequestsCount == 0, string.Join("\n", rejected));
        Assert.Equal(2 * chats, h.Api.Calls.Count(c => c.Ok && c.Method is "sendMessage" or "sendPoll"));
    }

    [Fact]
    public async Task The_daily_points_cap_keeps_replayed_quizzes_from_inflating_the_score_until_the_next_day()
    {
        await using var h = await DailyHarness.StartAsync(settings: new() { ["Quiz:DailyPointsCap"] = "25" });
        var chat = FakeBotApi.PrivateChat(_alice);
        async Task PlayAllRight(int count)
        {
            var after = h.Api.CallCount;
            h.Api.SendText(chat, _alice, $"/quiz {count}");
            for (var i = 0; i < count; i++)
            {
                var poll = await h.Api.WaitForPollAsync(_alice.Id, after: after);
                after = h.Api.CallCount;
                h.Api.AnswerPoll(poll.PollId, _alice, [.. poll.CorrectOptionIds]);
            }
            await h.Api.WaitForMessageAsync(_alice.Id, m => m.PlainText.Contains("答题完成"), after: after);
        }

        await PlayAllRight(3);
        Assert.Equal(25, await h.Store.Answers.GetPointsSinceAsync(_alice.Id, 0)); // 10 + 10 + 5
        await PlayAllRight(2);
        Assert.Equal(25, await h.Store.Answers.GetPointsSinceAsync(_alice.Id, 0)); // answers still count, points do not

        h.AdvanceTo(3, 7, 0);
        await PlayAllRight(1);
        Assert.Equal(35, await h.Store.Answers.GetPointsSinceAsync(_alice.Id, 0));
    }
}
