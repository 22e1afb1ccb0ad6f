using System.Text;
using Microsoft.Extensions.Time.Testing;
using QuizBot.Core.Questions;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;
using SkiaSharp;
using Telegram.Bot.Types;

namespace QuizBot.Tests;

/// <summary>
/// Leaderboards, personal records, group statistics and the study-record export, end to end. The clock is a FakeTimeProvider
/// set in Asia/Shanghai terms; history is seeded straight into the answer log (the store keeps the totals as the bot would).
/// </summary>
public abstract class ScoreStories : IAsyncLifetime
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly QuestionBank Bank = QuestionBank.Load(Path.Combine(TestBot.RepoRoot(), "questions")).Bank!;

    private readonly TempDatabase _db;

    private protected ScoreStories(StorageProvider provider) => _db = new(provider);
    private readonly User _admin = FakeBotApi.MakeUser(500, "管理员");
    private FakeTimeProvider _time = null!;
    private FakeBotApi _api = null!;
    private TestBot? _bot;
    private Stores _store = null!;
    private int _poll;

    public async Task InitializeAsync()
    {
        _store = _db.Migrated();
        _api = await FakeBotApi.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_bot is not null) await _bot.DisposeAsync();
        await _api.DisposeAsync();
        _db.Dispose();
    }

    /// <summary>
    /// Starts the bot with its clock at <paramref name="now"/>. Stories move the clock by minutes only: a FakeTimeProvider
    /// replays every period of the bot's one-second timers on a jump, so a jump of days costs many seconds.
    /// </summary>
    private async Task StartAt(DateTimeOffset now)
    {
        _time = new FakeTimeProvider(now);
        // Generous pacing: these stories send many replies to one chat within a second of real time.
        _bot = await TestBot.StartAsync(_api, _db, time: _time, settings: new()
        {
            ["Telegram:PrivatePerSecond"] = "100",
            ["Telegram:PrivateBurst"] = "100",
            ["Telegram:GroupPerMinute"] = "1000",
        });
    }

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, China);

    /// <summary>Wednesday 4 March 2026, 12:00 in Shanghai: the week began on Monday 2 March, the month on Sunday 1 March.</summary>
    private Task Wednesday() => StartAt(Local(3, 4, 12));

    private async Task<User> Person(long id, string name)
    {
        await _store.People.UpsertUserAsync(id, name, $"user{id}", 0);
        return FakeBotApi.MakeUser(id, name, username: $"user{id}");
    }

    private async Task Seed(long userId, long chatId, DateTimeOffset at, bool correct, long points, string? questionId = null, string chosen = "0") =>
        Assert.True(await _store.Answers.TryRecordAnswerAsync(new AnswerRecord
        {
            PollId = $"seed-{++_poll}",
            UserId = userId,
            ChatId = chatId,
            RoundId = 0,
            QuestionId = questionId ?? Bank.Approved[0].Id,
            Chosen = chosen,
            IsCorrect = correct,
            Points = points,
            AnsweredAt = at.ToUnixTimeMilliseconds(),
        }));

    private async Task<SentMessage> Say(Chat chat, User from, string text)
    {
        var after = _api.CallCount;
        _api.SendText(chat, from, text);
        return await _api.WaitForMessageAsync(chat.Id, after: after);
    }

    private Chat Group(long id, int members)
    {
        _api.SetAdmins(id, _admin.Id);
        _api.SetMemberCount(id, members + 1); // Telegram counts the bot too
        return FakeBotApi.Group(id, "学习小组");
    }

    private async Task AnswerAQuiz(User user)
    {
        var chat = FakeBotApi.PrivateChat(user);
        var after = _api.CallCount;
        _api.SendText(chat, user, "/quiz 1");
        var poll = await _api.WaitForPollAsync(user.Id, after: after);
        after = _api.CallCount;
        _api.AnswerPoll(poll.PollId, user, [.. poll.CorrectOptionIds]);
        await _api.WaitForMessageAsync(user.Id, m => m.PlainText.Contains("答题完成"), after: after);
    }

    [Fact]
    public async Task A_week_that_spans_two_months_keeps_Saturdays_answer_after_the_month_changes_at_midnight()
    {
        // Saturday 28 February, 23:59 in Shanghai: Alice answers a real quiz poll.
        await StartAt(Local(2, 28, 23, 59));
        var alice = await Person(1001, "Alice");
        await AnswerAQuiz(alice);

        // Two minutes later it is Sunday 1 March: a new month, but the same week (from Monday 23 February).
        _time.SetUtcNow(Local(3, 1, 0, 1));
        var chat = FakeBotApi.PrivateChat(alice);
        var week = (await Say(chat, alice, "/top")).PlainText;
        Assert.Contains("本周（2月23日起）", week);
        Assert.Contains("Alice — 10 分", week);
        var month = (await Say(chat, alice, "/top 本月")).PlainText;
        Assert.Contains("本月（2026年3月）", month);
        Assert.Contains("本月还没有人答题", month);
        Assert.Contains("🥇 Alice — 10 分", (await Say(chat, alice, "/top 总榜")).PlainText);
    }

    [Fact]
    public async Task At_midnight_on_Monday_the_week_board_starts_empty_while_the_month_and_all_time_keep_the_answers()
    {
        // Sunday 8 March, 23:59 in Shanghai.
        await StartAt(Local(3, 8, 23, 59));
        var alice = await Person(1001, "Alice");
        await AnswerAQuiz(alice);
        var chat = FakeBotApi.PrivateChat(alice);
        Assert.Contains("Alice — 10 分", (await Say(chat, alice, "/top week")).PlainText);

        _time.SetUtcNow(Local(3, 9, 0, 0)); // Monday 9 March, 00:00
        var week = (await Say(chat, alice, "/top week")).PlainText;
        Assert.Contains("本周（3月9日起）", week);
        Assert.Contains("本周还没有人答题", week);
        Assert.Contains("Alice — 10 分", (await Say(chat, alice, "/top month")).PlainText);
        Assert.Contains("Alice — 10 分", (await Say(chat, alice, "/top all")).PlainText);
        Assert.Contains("本周：还没有答题", (await Say(chat, alice, "/me")).PlainText);
        Assert.Contains("/top month", (await Say(chat, alice, "/top yesterday")).PlainText); // the usage, not a guess
    }

    [Fact]
    public async Task Equal_points_share_a_rank_and_the_caller_sees_their_own_rank_outside_the_top_10()
    {
        await Wednesday();
        long[] points = [50, 50, 40, 30, 30, 30, 20, 18, 16, 14, 12, 10];
        var people = new List<User>();
        for (var i = 0; i < points.Length; i++)
        {
            people.Add(await Person(2001 + i, $"学员{i + 1}"));
            await Seed(2001 + i, 2001 + i, Local(3, 3, 9), true, points[i]);
        }
        var last = people[^1];
        var lines = (await Say(FakeBotApi.PrivateChat(last), last, "/top")).PlainText.Split('\n');
        Assert.StartsWith("🏆 总排行榜 · 本周", lines[0]);
        Assert.Equal("🥇 学员1 — 50 分（正确率 100%）", lines[1]);
        Assert.Equal("🥇 学员2 — 50 分（正确率 100%）", lines[2]);
        Assert.StartsWith("🥉 学员3 — 40 分", lines[3]);
        Assert.Equal(["4. 学员4", "4. 学员5", "4. 学员6", "7. 学员7"], lines[4..8].Select(l => l[..l.IndexOf(' ', 3)]));
        Assert.StartsWith("10. 学员10 — 14 分", lines[10]);
        Assert.DoesNotContain(lines, l => l.StartsWith("11.", StringComparison.Ordinal));
        Assert.Contains("你：第 12 名，10 分（正确率 100%）", lines);
        Assert.Contains(lines, l => l.StartsWith("同分同名次", StringComparison.Ordinal));

        var first = people[0];
        var own = (await Say(FakeBotApi.PrivateChat(first), first, "/top")).PlainText;
        Assert.DoesNotContain("你：", own); // already on the board
        var stranger = await Person(2100, "新人");
        Assert.Contains("你本周还没有答题", (await Say(FakeBotApi.PrivateChat(stranger), stranger, "/top")).PlainText);
    }

    [Fact]
    public async Task A_group_board_counts_only_that_groups_answers_and_a_private_board_counts_everyone()
    {
        await Wednesday();
        var g1 = Group(-3001, 5);
        var g2 = Group(-3002, 5);
        var one = await Person(3101, "一号");
        var two = await Person(3102, "二号");
        await Person(3103, "三号");
        await Seed(3101, g1.Id, Local(3, 2, 9), true, 30);
        await Seed(3102, g2.Id, Local(3, 2, 9), true, 40);
        await Seed(3102, 3102, Local(3, 3, 9), true, 100);
        await Seed(3103, 3103, Local(3, 3, 9), true, 60);

        var board1 = (await Say(g1, one, "/top all")).PlainText;
        Assert.StartsWith("🏆 本群排行榜", board1);
        Assert.Contains("一号 — 30 分", board1);
        Assert.DoesNotContain("二号", board1);
        var board2 = (await Say(g2, two, "/top all")).PlainText;
        Assert.Contains("二号 — 40 分", board2);
        Assert.DoesNotContain("三号", board2);

        var everyone = (await Say(FakeBotApi.PrivateChat(one), one, "/top all")).PlainText.Split('\n');
        Assert.Equal(["🥇 二号 — 140 分（正确率 100%）", "🥈 三号 — 60 分（正确率 100%）", "🥉 一号 — 30 分（正确率 100%）"], everyone[1..4]);
    }

    [Fact]
    public async Task Me_shows_each_period_with_its_rank_the_streaks_and_what_to_reread_and_sends_a_png_chart()
    {
        await Wednesday();
        var speeches = Bank.Approved.Where(q => !q.Speech.IsMeeting).GroupBy(q => q.Speech.Id).Take(2).Select(g => g.ToList()).ToList();
        var (strong, weak) = (speeches[0], speeches[1]);
        var alice = await Person(4001, "Alice");
        await Person(4002, "Bob");
        await Seed(4002, 4002, Local(3, 2, 9), true, 100);
        // Alice: 2 to 4 March (a three-day streak up to today) and two days in February (her best streak then was also 2).
        await Seed(4001, 4001, Local(2, 10, 9), true, 10, strong[0].Id);
        await Seed(4001, 4001, Local(2, 11, 9), true, 10, strong[1].Id);
        await Seed(4001, 4001, Local(3, 2, 9), true, 10, strong[0].Id);
        await Seed(4001, 4001, Local(3, 3, 23, 59), false, 0, weak[0].Id);
        await Seed(4001, 4001, Local(3, 4, 0, 0), false, 0, weak[1].Id);
        await Seed(4001, 4001, Local(3, 4, 8), true, 10, weak[0].Id);

        var chat = FakeBotApi.PrivateChat(alice);
        var after = _api.CallCount;
        var me = (await Say(chat, alice, "/me")).PlainText;
        Assert.Contains("Alice 的答题记录", me);
        Assert.Contains("答题数：6", me);
        Assert.Contains("答对：4", me);
        Assert.Contains("正确率：66.7%", me);
        Assert.Contains("连续答题天数：当前 3 天，最长 3 天（当天答过至少 1 题即计入）", me);
        Assert.Contains("本周：20 分，第 2 名（答题 4，正确率 50%）", me);
        Assert.Contains("本月：20 分，第 2 名", me);
        Assert.Contains("总计：40 分，第 2 名", me);
        Assert.Contains($"{weak[0].Speech.Speaker}：1/3（33.3%） 📖", me);
        Assert.Contains($"{strong[0].Speech.Speaker}：3/3（100%）", me);
        Assert.True(me.IndexOf(weak[0].Speech.Speaker, StringComparison.Ordinal) < me.IndexOf(strong[0].Speech.Speaker, StringComparison.Ordinal),
            "the weakest speech comes first");

        var chart = await _api.WaitForFileAsync(alice.Id, after: after);
        Assert.Equal("sendPhoto", chart.Method);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], chart.Bytes[..4]);
        using var bitmap = SKBitmap.Decode(chart.Bytes);
        Assert.Equal((800, 450), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task Me_before_any_answer_says_how_to_start_and_sends_no_chart()
    {
        await Wednesday();
        var newcomer = await Person(4100, "新人");
        var after = _api.CallCount;
        Assert.Contains("你还没有答过题", (await Say(FakeBotApi.PrivateChat(newcomer), newcomer, "/me")).PlainText);
        await Say(FakeBotApi.PrivateChat(newcomer), newcomer, "/help"); // anything the /me could still send comes before this
        Assert.Empty(_api.FilesTo(newcomer.Id));
        Assert.True(_api.CallCount > after);
    }

    [Fact]
    public async Task Stats_shows_participation_accuracy_and_the_hardest_questions_with_their_answers_to_admins_only()
    {
        await Wednesday();
        var group = Group(-5001, 10);
        var q = Bank.Approved.Take(3).ToList();
        var members = new List<User>();
        for (var i = 0; i < 4; i++) members.Add(await Person(5101 + i, $"组员{i + 1}"));
        // This week: q0 answered by 4 (1 right), q1 by 3 (all right), q2 by 2 (1 right). Last Sunday night does not count.
        for (var i = 0; i < 4; i++) await Seed(members[i].Id, group.Id, Local(3, 2, 10 + i), i == 0, i == 0 ? 10 : 0, q[0].Id);
        for (var i = 0; i < 3; i++) await Seed(members[i].Id, group.Id, Local(3, 3, 10 + i), true, 10, q[1].Id);
        for (var i = 0; i < 2; i++) await Seed(members[i].Id, group.Id, Local(3, 4, 10 + i), i == 0, i == 0 ? 10 : 0, q[2].Id);
        await Seed(members[3].Id, group.Id, Local(3, 1, 23, 59), false, 0, q[1].Id);

        var stats = (await Say(group, _admin, "/stats")).PlainText;
        Assert.Contains("本周学习统计（3月2日—3月8日）", stats);
        Assert.Contains("参与：4/10 人（40%）", stats);
        Assert.Contains("答题：9 道，平均正确率 55.6%", stats);
        Assert.Contains($"1. {q[0].Text}（答对率 25%，4 人次作答）", stats);
        Assert.Contains($"✅ 正确答案：{q[0].AnswerText}", stats);
        Assert.Contains($"2. {q[2].Text}（答对率 50%", stats);
        Assert.DoesNotContain(q[1].Text, stats);

        Assert.Contains("只有本群管理员", (await Say(group, members[0], "/stats")).PlainText);
        var alone = FakeBotApi.PrivateChat(members[0]);
        Assert.Contains("只能在群里使用", (await Say(alone, members[0], "/stats")).PlainText);
    }

    /// <summary>A bank question with one right answer among at least four options, whose text starts differently from the others taken.</summary>
    private static List<Question> SingleAnswerQuestions(int n) =>
        Bank.Approved.Where(q => q.Answer.Count == 1 && q.Options.Count >= 4).DistinctBy(q => q.Text[..Math.Min(12, q.Text.Length)]).Take(n).ToList();

    private static int Wrong(Question q, int k = 0) => Enumerable.Range(0, q.Options.Count).Where(i => !q.Answer.Contains(i)).ElementAt(k);

    [Fact]
    public async Task Stats_flags_the_groups_too_easy_negatively_discriminating_and_never_picked_questions()
    {
        await Wednesday();
        var group = Group(-5301, 12);
        var q = SingleAnswerQuestions(4);
        var (easy, trap, strong1, strong2) = (q[0], q[1], q[2], q[3]);
        var members = new List<User>();
        for (var i = 0; i < 12; i++) members.Add(await Person(5401 + i, $"成员{i + 1}"));
        for (var i = 0; i < 12; i++)
        {
            var id = members[i].Id;
            var good = i < 6; // members 1–6 do well overall, 7–12 badly
            // easy: everyone right. trap: the weaker half right, the stronger half wrong on the first wrong option.
            await Seed(id, group.Id, Local(3, 2, 9, i), true, 10, easy.Id, $"{easy.Answer[0]}");
            await Seed(id, group.Id, Local(3, 2, 10, i), !good, good ? 0 : 10, trap.Id, good ? $"{Wrong(trap)}" : $"{trap.Answer[0]}");
            // strong1 and strong2 tell the halves apart; wrong answers spread over every wrong option, so none goes unpicked.
            foreach (var (sq, hour) in new[] { (strong1, 11), (strong2, 12) })
                await Seed(id, group.Id, Local(3, 3, hour, i), good, good ? 10 : 0, sq.Id,
                    good ? $"{sq.Answer[0]}" : $"{Wrong(sq, i % (sq.Options.Count - 1))}");
        }

        // Another group's answers (all right, on every option of the trap) are not this group's analysis.
        for (var k = 0; k < trap.Options.Count; k++) await Seed(members[0].Id, -5399, Local(3, 3, 15, k), true, 10, trap.Id, $"{k}");

        var reply = await Say(group, _admin, "/stats");
        var stats = reply.PlainText;
        Assert.Contains("题目分析（本群全部答题：4 道题，48 人次；4 道题作答满 10 人次，可以评判）", stats);
        var lines = stats.Split('\n');
        lines = lines[Array.FindIndex(lines, l => l.Contains("题目分析", StringComparison.Ordinal))..]; // the weekly hardest list is numbered too
        var first = Array.FindIndex(lines, l => l.StartsWith("1. ", StringComparison.Ordinal) && l.Contains(trap.Text[..10], StringComparison.Ordinal));
        Assert.True(first > 0, "the negatively discriminating question is listed first");
        // Strong half (upper 27%: 3 people) all wrong, weak half (lower 3) all right: D = 0 − 1.
        Assert.Contains("答对率 50%，区分度 -1.00，12 人次作答；⚠️ 区分度为负，请核对答案；无人选过的干扰项", lines[first + 1]);
        var easyLine = Array.FindIndex(lines, l => l.StartsWith("2. ", StringComparison.Ordinal));
        Assert.Contains(easy.Text[..10], lines[easyLine]);
        Assert.Contains("答对率 100%，区分度 0.00，12 人次作答；几乎人人答对；无人选过的干扰项：", lines[easyLine + 1]);
        Assert.DoesNotContain(lines, l => l.StartsWith("3. ", StringComparison.Ordinal) && l.Contains("区分度"));
        Assert.DoesNotContain(strong1.Text[..10], string.Join('\n', lines));
        Assert.Contains("区分度 = 总成绩前 27% 的人的答对率", stats);
        Assert.True(reply.Text.Length <= 4096);
    }

    [Fact]
    public async Task Stats_of_a_group_with_few_answers_judges_no_question_yet()
    {
        await Wednesday();
        var group = Group(-5302, 3);
        var member = await Person(5501, "新成员");
        await Seed(member.Id, group.Id, Local(3, 3, 9), true, 10, Bank.Approved[0].Id);
        var stats = (await Say(group, _admin, "/stats")).PlainText;
        Assert.Contains("题目分析（本群全部答题：1 道题，1 人次；0 道题作答满 10 人次，可以评判）", stats);
        Assert.Contains("作答还不够多，暂不评判。", stats);
    }

    [Fact]
    public async Task Stats_stays_within_telegrams_limit_however_many_questions_are_flagged()
    {
        await Wednesday();
        var group = Group(-5303, 12);
        var longest = Bank.Approved.Where(q => q.Answer.Count == 1).OrderByDescending(q => q.Text.Length + q.Options.Sum(o => o.Length)).Take(12).ToList();
        for (var i = 0; i < 12; i++)
        {
            var member = await Person(5601 + i, $"成员{i + 1}");
            foreach (var (lq, k) in longest.Select((lq, k) => (lq, k)))
                await Seed(member.Id, group.Id, Local(3, 2 + k % 3, 9, i), i % 4 != 0, 10, lq.Id, $"{(i % 4 != 0 ? lq.Answer[0] : Wrong(lq))}");
        }
        var reply = await Say(group, _admin, "/stats");
        Assert.True(reply.Text.Length <= 4096, $"{reply.Text.Length} characters");
        Assert.Contains("5. ", reply.PlainText);
        Assert.Contains("另有 7 道题被标记", reply.PlainText);
    }

    [Fact]
    public async Task A_name_with_direction_controls_cannot_reorder_its_leaderboard_line_or_its_csv_row()
    {
        await Wednesday();
        var group = Group(-6301, 10);
        // U+202E (right-to-left override) would reverse the rest of the line, points included; U+2066 opens an isolate
        // that is never closed. An Arabic name's letters would pull the points after it into a right-to-left run.
        await Person(6401, "\u202Eevil\u202C\u2066 name");
        await Person(6402, "ادم");
        await Seed(6401, group.Id, Local(3, 3, 9), true, 30);
        await Seed(6402, group.Id, Local(3, 3, 10), true, 20);

        var board = (await Say(group, _admin, "/top")).PlainText.Split('\n');
        Assert.Equal("🥇 evil name — 30 分（正确率 100%）", board[1]);
        Assert.Equal("🥈 \u2068ادم\u2069 — 20 分（正确率 100%）", board[2]); // first-strong isolate … pop directional isolate

        var after = _api.CallCount;
        _api.SendText(group, _admin, "/export");
        var csv = Encoding.UTF8.GetString((await _api.WaitForFileAsync(group.Id, after: after)).Bytes[3..]);
        Assert.Contains("\r\n6401,evil name,user6401,", csv, StringComparison.Ordinal);
        Assert.Contains("\r\n6402,ادم,user6402,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(csv, ch => ch is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');
    }

    [Fact]
    public async Task Export_sends_the_months_study_record_as_a_utf8_csv_with_a_byte_order_mark()
    {
        await Wednesday();
        var group = Group(-6001, 10);
        var zhang = await Person(6101, "张三");
        await _store.People.UpsertUserAsync(6102, "=HYPERLINK(\"x\"), \"Tom\"", null, 0);
        await Person(6103, "李四");
        // 张三: 2, 3 and 5 March (longest run 2), 4 answers, 3 right. Tom: one day. 李四: February in the group, March privately.
        await Seed(6101, group.Id, Local(3, 2, 9), true, 20);
        await Seed(6101, group.Id, Local(3, 2, 21), false, 0);
        await Seed(6101, group.Id, Local(3, 3, 9), true, 15);
        await Seed(6101, group.Id, Local(3, 5, 0, 5), true, 10);
        await Seed(6102, group.Id, Local(3, 3, 9), true, 10);
        await Seed(6103, group.Id, Local(2, 28, 23, 59), true, 10);
        await Seed(6103, 6103, Local(3, 3, 9), true, 10);

        var after = _api.CallCount;
        _api.SendText(group, _admin, "/export");
        var file = await _api.WaitForFileAsync(group.Id, after: after);
        Assert.Equal("sendDocument", file.Method);
        Assert.Equal("study-record-2026-03.csv", file.FileName);
        Assert.Contains("2026年3月学习记录（2 人）", file.Caption);
        Assert.Equal([0xEF, 0xBB, 0xBF], file.Bytes[..3]);
        var lines = Encoding.UTF8.GetString(file.Bytes[3..]).Split("\r\n");
        Assert.Equal("用户ID,姓名,用户名,活跃天数,答题数,答对数,正确率,积分,最长连续天数", lines[0]);
        Assert.Equal("6101,张三,user6101,3,4,3,75%,45,2", lines[1]);
        Assert.Equal("6102,\"'=HYPERLINK(\"\"x\"\"), \"\"Tom\"\"\",,1,1,1,100%,10,1", lines[2]);
        Assert.Equal([""], lines[3..]); // CRLF after the last row, nothing else
        Assert.DoesNotContain("李四", string.Join('\n', lines));

        after = _api.CallCount;
        _api.SendText(group, _admin, "/export 2026-02");
        var february = await _api.WaitForFileAsync(group.Id, after: after);
        Assert.Equal("study-record-2026-02.csv", february.FileName);
        Assert.Contains("6103,李四,user6103,1,1,1,100%,10,1", Encoding.UTF8.GetString(february.Bytes));

        Assert.Contains("2025年1月本群没有答题记录", (await Say(group, _admin, "/export 2025年1月")).PlainText);
        Assert.Contains("不是有效的月份", (await Say(group, _admin, "/export 2026-13")).PlainText);
        Assert.Contains("只有本群管理员", (await Say(group, zhang, "/export")).PlainText);
    }
}

public sealed class ScoreStoriesOnSqlite() : ScoreStories(StorageProvider.Sqlite);

public sealed class ScoreStoriesOnPostgres() : ScoreStories(StorageProvider.Postgres);
