using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using Telegram.Bot.Types;

namespace QuizBot.Tests.Daily;

/// <summary>The daily learning push end to end (issue 5; docs/daily.md), with the clock in the test's hands.</summary>
public abstract class DailyPushStories : IAsyncLifetime
{
    private readonly StorageProvider _provider;
    private DailyHarness _h = null!;

    private protected DailyPushStories(StorageProvider provider) => _provider = provider;
    private readonly User _alice = FakeBotApi.MakeUser(1001, "Alice");
    private readonly User _bob = FakeBotApi.MakeUser(1002, "Bob");

    private Chat Private(User u) => FakeBotApi.PrivateChat(u);

    public async Task InitializeAsync() => _h = await DailyHarness.StartAsync(provider: _provider);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task AnswerAll(User user, IReadOnlyList<SentPoll> polls, bool right = true)
    {
        foreach (var p in polls) _h.Api.AnswerPoll(p.PollId, user, right ? [.. p.CorrectOptionIds] : [DailyHarness.Wrong(p)]);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_subscriber_gets_the_push_at_the_chosen_time_answers_grow_the_streak_and_a_missed_day_resets_it()
    {
        var reply = await _h.Say(Private(_alice), _alice, "/daily 08:00");
        Assert.Contains("已开启每日学习推送", reply.PlainText);
        Assert.Contains("今天 08:00", reply.PlainText);
        Assert.Contains("每天 08:00", (await _h.Say(Private(_alice), _alice, "/daily")).PlainText);

        _h.AdvanceTo(2, 7, 59);
        var after = _h.Api.CallCount;
        _h.AdvanceTo(2, 8, 0);
        var (excerpt, polls) = await _h.ReceivePushAsync(_alice.Id, after);
        Assert.Contains("3月2日", excerpt.PlainText);
        Assert.Contains("全面贯彻落实党的二十大精神", excerpt.PlainText); // the digest starts with the meeting itself
        Assert.Contains("摘登第 1/", excerpt.PlainText);
        Assert.Equal(3, polls.Count);
        Assert.Equal(["【今日学习 1/3】", "【今日学习 2/3】", "【今日学习 3/3】"], polls.Select(p => p.Question[..10]));
        Assert.All(polls, p => Assert.False(p.IsAnonymous));
        Assert.DoesNotContain(_h.Api.MessagesTo(_alice.Id), m => DailyHarness.IsExcerpt(m) && m.CallIndex < after); // not at 07:59
        Assert.Equal(DailyHarness.Start.AddHours(1).ToUnixTimeMilliseconds(), (await _h.Store.Daily.GetPushAsync(_alice.Id, _h.Today))!.DueAt);

        after = _h.Api.CallCount;
        await AnswerAll(_alice, polls);
        var done = await _h.Api.WaitForMessageAsync(_alice.Id, m => m.PlainText.Contains("今日学习完成"), after: after);
        Assert.Contains("答对 3/3", done.PlainText);
        Assert.Contains("连续 1 天", done.PlainText);

        // Tuesday: the next passage, answered again: two days.
        after = _h.Api.CallCount;
        _h.AdvanceTo(3, 8, 0);
        var tuesday = await _h.ReceivePushAsync(_alice.Id, after);
        Assert.Contains("摘登第 2/", tuesday.Excerpt.PlainText);
        Assert.NotEqual(excerpt.PlainText, tuesday.Excerpt.PlainText);
        after = _h.Api.CallCount;
        await AnswerAll(_alice, tuesday.Polls);
        Assert.Contains("连续 2 天", (await _h.Api.WaitForMessageAsync(_alice.Id, m => m.PlainText.Contains("今日学习完成"), after: after)).PlainText);

        // Wednesday's push goes unanswered; on Thursday the streak starts again from one, the best stays two.
        after = _h.Api.CallCount;
        _h.AdvanceTo(4, 8, 0);
        await _h.ReceivePushAsync(_alice.Id, after);
        after = _h.Api.CallCount;
        _h.AdvanceTo(5, 8, 0);
        var thursday = await _h.ReceivePushAsync(_alice.Id, after);
        after = _h.Api.CallCount;
        await AnswerAll(_alice, thursday.Polls);
        var again = await _h.Api.WaitForMessageAsync(_alice.Id, m => m.PlainText.Contains("今日学习完成"), after: after);
        Assert.Contains("连续 1 天（最长 2 天）", again.PlainText);

        var streak = await _h.Store.Daily.GetDailyStreakAsync(_alice.Id, DailyHarness.Shanghai, _h.Now);
        Assert.Equal((1, 2, true), (streak.Current, streak.Best, streak.TodayDone));
        Assert.Equal(4, _h.Api.MessagesTo(_alice.Id).Count(DailyHarness.IsExcerpt)); // one push a day, no more
    }

    [Fact]
    public async Task Daily_off_stops_the_pushes()
    {
        await _h.Say(Private(_alice), _alice, "/daily 08:00");
        await _h.Say(Private(_bob), _bob, "/daily 08:00");
        Assert.Contains("已关闭", (await _h.Say(Private(_alice), _alice, "/daily off")).PlainText);
        Assert.Contains("未开启", (await _h.Say(Private(_alice), _alice, "/daily")).PlainText);

        var after = _h.Api.CallCount;
        _h.AdvanceTo(2, 8, 0);
        await _h.ReceivePushAsync(_bob.Id, after); // Bob's push proves the pusher ran for 08:00
        Assert.DoesNotContain(_h.Api.MessagesTo(_alice.Id), DailyHarness.IsExcerpt);
        Assert.Contains("本来就没有开启", (await _h.Say(Private(_alice), _alice, "/daily off")).PlainText);
    }

    [Theory]
    [InlineData("25:00")]
    [InlineData("8点半")]
    [InlineData("tomorrow")]
    public async Task A_bad_time_gets_a_clear_reply_with_an_example(string time)
    {
        var reply = await _h.Say(Private(_alice), _alice, $"/daily {time}");
        Assert.Contains("不是有效的时间", reply.PlainText);
        Assert.Contains("/daily 07:30", reply.PlainText);
        Assert.Null(await _h.Store.Daily.GetSubscriptionAsync(_alice.Id));
    }

    [Fact]
    public async Task Leitner_mistakes_left_by_the_old_version_are_due_after_the_upgrade_and_review_asks_one_per_family()
    {
        // The old version left three due mistakes (Leitner box 1), two of them in one family (s8-plan: a give-away if asked
        // together) and one of s6-list, and one not yet due. The next start turns them into FSRS cards (docs/learning.md).
        await _h.StopBotAsync();
        var today = Core.Daily.LocalClock.ParseKey(_h.Today);
        foreach (var id in new[] { "s8-cloze-02", "s8-cloze-03", "s6-cloze-03" })
            await Rows.LeitnerBoxAsync(_h.Db.Storage, _alice.Id, id, new Core.Daily.ReviewState(1, today), _h.Now);
        await Rows.LeitnerBoxAsync(_h.Db.Storage, _alice.Id, "s1-cloze-01", new Core.Daily.ReviewState(3, today.AddDays(3)), _h.Now);
        await _h.StartBotAsync();

        var after = _h.Api.CallCount;
        var intro = await _h.Say(Private(_alice), _alice, "/review");
        Assert.Contains("共 3 道到期，先复习其中 2 道", intro.PlainText);
        Assert.Contains("之后的下一道3月5日到期", intro.PlainText); // the box-3 mistake keeps its Leitner due day
        var asked = new List<string>();
        for (var n = 1; n <= 2; n++)
        {
            var poll = await _h.Api.WaitForPollAsync(_alice.Id, after: after);
            Assert.StartsWith($"【第{n}/2题】", poll.Question);
            asked.Add(poll.Question["【第1/2题】".Length..]);
            after = _h.Api.CallCount;
            _h.Api.AnswerPoll(poll.PollId, _alice, [.. poll.CorrectOptionIds]);
        }
        await _h.Api.WaitForMessageAsync(_alice.Id, m => m.PlainText.Contains("答题完成"), after: after);
        var bank = Core.Questions.QuestionBank.Load(Path.Combine(Support.TestBot.RepoRoot(), "questions")).Bank!;
        var families = asked.Select(text => bank.Approved.Single(q => q.Text == text).FamilyKey).ToList();
        Assert.Equal(["s6-list", "s8-plan"], families.Order());

        // The family member left out is still due: the next /review asks it.
        after = _h.Api.CallCount;
        Assert.Contains("共 1 道到期", (await _h.Say(Private(_alice), _alice, "/review")).PlainText);
        var left = await _h.Api.WaitForPollAsync(_alice.Id, after: after);
        Assert.Equal("s8-plan", bank.Approved.Single(q => q.Text == left.Question["【第1/1题】".Length..]).FamilyKey);
        Assert.DoesNotContain(left.Question["【第1/1题】".Length..], asked);
    }

    [Fact]
    public async Task A_wrong_answer_comes_back_first_in_the_next_days_push_and_review_says_when()
    {
        await _h.Say(Private(_alice), _alice, "/daily 08:00");
        Assert.Contains("现在没有需要复习的题目", (await _h.Say(Private(_alice), _alice, "/review")).PlainText);
        var after = _h.Api.CallCount;
        _h.AdvanceTo(2, 8, 0);
        var (_, polls) = await _h.ReceivePushAsync(_alice.Id, after);
        var missed = polls[1];
        after = _h.Api.CallCount;
        _h.Api.AnswerPoll(polls[0].PollId, _alice, [.. polls[0].CorrectOptionIds]);
        _h.Api.AnswerPoll(missed.PollId, _alice, DailyHarness.Wrong(missed));
        _h.Api.AnswerPoll(polls[2].PollId, _alice, [.. polls[2].CorrectOptionIds]);
        Assert.Contains("答对 2/3", (await _h.Api.WaitForMessageAsync(_alice.Id, m => m.PlainText.Contains("今日学习完成"), after: after)).PlainText);

        // FSRS brings the miss back the next day (the right answer and its source were just shown): nothing is due today.
        Assert.Contains("下一道明天到期", (await _h.Say(Private(_alice), _alice, "/review")).PlainText);

        // Tomorrow it is due, and the questions answered right are not (due in two days): it opens the push.
        after = _h.Api.CallCount;
        _h.AdvanceTo(3, 8, 0);
        var (_, tuesday) = await _h.ReceivePushAsync(_alice.Id, after);
        Assert.Equal(missed.Question["【今日学习 2/3】".Length..], tuesday[0].Question["【今日学习 1/3】".Length..]);
        var monday = polls.Select(p => p.Question["【今日学习 1/3】".Length..]).ToList();
        Assert.DoesNotContain(tuesday.Skip(1), p => monday.Contains(p.Question["【今日学习 1/3】".Length..]));
    }

    [Fact]
    public async Task In_a_group_only_administrators_subscribe_and_the_polls_close_in_the_evening_with_a_summary()
    {
        var admin = FakeBotApi.MakeUser(500, "管理员");
        var group = FakeBotApi.Group(-4242, "学习小组");
        _h.Api.SetAdmins(group.Id, admin.Id);
        Assert.Contains("只有本群管理员", (await _h.Say(group, _alice, "/daily 08:00")).PlainText);
        Assert.Contains("已开启", (await _h.Say(group, admin, "/daily 08:00")).PlainText);

        var after = _h.Api.CallCount;
        _h.AdvanceTo(2, 8, 0);
        var (excerpt, polls) = await _h.ReceivePushAsync(group.Id, after);
        Assert.Contains("21:00 截止", excerpt.PlainText);
        Assert.Equal(3, polls.Count);
        Assert.All(polls, p => Assert.InRange(p.OpenPeriod ?? 0, 13 * 3600 - 60, 13 * 3600)); // open until 21:00

        foreach (var p in polls) _h.Api.AnswerPoll(p.PollId, _alice, [.. p.CorrectOptionIds]);
        _h.Api.AnswerPoll(polls[0].PollId, _bob, [.. polls[0].CorrectOptionIds]);
        _h.Api.AnswerPoll(polls[2].PollId, _bob, DailyHarness.Wrong(polls[2]));
        await _h.Api.WaitUntilHandledAsync();

        after = _h.Api.CallCount;
        _h.AdvanceTo(2, 20, 59);
        _h.AdvanceTo(2, 21, 0);
        var summary = await _h.Api.WaitForMessageAsync(group.Id, m => m.PlainText.Contains("今日学习小结"), after: after);
        Assert.Contains("参与人数：2 人", summary.PlainText);
        Assert.Contains("Alice — 答对 3/3", summary.PlainText);
        Assert.Contains("Bob — 答对 1/3", summary.PlainText);
        Assert.Contains("今天最难的题", summary.PlainText);
        Assert.Contains(polls[2].Question["【今日学习 3/3】".Length..], summary.PlainText);
        Assert.Single(_h.Api.MessagesTo(group.Id), m => m.PlainText.Contains("今日学习小结"));
    }

    [Fact]
    public async Task A_daily_group_push_does_not_block_a_group_round()
    {
        var admin = FakeBotApi.MakeUser(500, "管理员");
        var group = FakeBotApi.Group(-4343, "学习小组");
        _h.Api.SetAdmins(group.Id, admin.Id);
        await _h.Say(group, admin, "/daily 08:00");
        var after = _h.Api.CallCount;
        _h.AdvanceTo(2, 8, 0);
        await _h.ReceivePushAsync(group.Id, after);
        Assert.Contains("群组答题开始", (await _h.Say(group, admin, "/quiz 2")).PlainText);
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_is_unsubscribed_and_the_others_still_get_their_push()
    {
        await _h.Say(Private(_alice), _alice, "/daily 08:00");
        await _h.Say(Private(_bob), _bob, "/daily 08:00");
        _h.Api.SetChatState(_alice.Id, FakeChatState.BlockedByUser);

        var after = _h.Api.CallCount;
        _h.AdvanceTo(2, 8, 0);
        await _h.ReceivePushAsync(_bob.Id, after);
        await _h.WaitForPushAsync(_alice.Id, DailyStatus.Gone);
        Assert.False((await _h.Store.Daily.GetSubscriptionAsync(_alice.Id))!.Active);

        after = _h.Api.CallCount;
        _h.AdvanceTo(3, 8, 0);
        await _h.ReceivePushAsync(_bob.Id, after);
        Assert.DoesNotContain(_h.Api.Calls.Skip(after), c => c.ChatId == _alice.Id);
    }

    [Fact]
    public async Task A_group_that_became_a_supergroup_gets_its_push_there()
    {
        var admin = FakeBotApi.MakeUser(500, "管理员");
        var group = FakeBotApi.Group(-5151, "学习小组");
        _h.Api.SetAdmins(group.Id, admin.Id);
        await _h.Say(group, admin, "/daily 08:00");
        var supergroup = _h.Api.MigrateGroup(group, -1_000_000_005_151, admin);
        await _h.Api.WaitUntilHandledAsync();

        var after = _h.Api.CallCount;
        _h.AdvanceTo(2, 8, 0);
        var (_, polls) = await _h.ReceivePushAsync(supergroup.Id, after);
        Assert.Equal(3, polls.Count);
        Assert.True((await _h.Store.Daily.GetSubscriptionAsync(supergroup.Id))!.Active);
    }
}

public sealed class DailyPushStoriesOnSqlite() : DailyPushStories(StorageProvider.Sqlite);

public sealed class DailyPushStoriesOnPostgres() : DailyPushStories(StorageProvider.Postgres);
