using System.Diagnostics;
using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Core.Daily;
using QuizBot.Core.Quizzes;
using QuizBot.Storage;
using QuizBot.Telegram;
using Telegram.Bot.Types;

namespace QuizBot.Quizzes;

/// <summary>How one run of a push ended.</summary>
internal enum PushRun { Done, Gone, Expired, Retry }

/// <summary>
/// Sends one chat's daily push, message by message, recording each as sent before the next (docs/daily.md):
/// the excerpt, then one quiz poll per question. A push interrupted by a crash resumes at the first unrecorded message, so
/// at most the one message that was in flight when the process died is sent twice. Messages to one chat are spaced to
/// Telegram's per-chat limit here (measured from the previous send's answer, so the spacing holds on Telegram's side);
/// the overall limit is BotSender's.
/// </summary>
internal sealed class DailyBroadcast(
    DailyService daily,
    BotSender sender,
    DailyStore pushes,
    RoundStore rounds,
    AnswerStore answers,
    ChatStore chats,
    PeopleStore people,
    QuizPlanner planner,
    PollDispatcher dispatcher,
    IOptions<TelegramOptions> telegram,
    IOptions<QuizOptions> quiz,
    ILogger<DailyBroadcast> log)
{
    // Telegram has no idempotency key: a message whose answer was not recorded before a crash is sent again. Holding the
    // send and its record under this gate bounds those repeats, over all chats, to Quiz:DailySendsInFlight per crash.
    private readonly SemaphoreSlim _inDoubt = new(Math.Max(1, quiz.Value.DailySendsInFlight));

    /// <summary>Group polls are not sent with less than this left before they close.</summary>
    private static readonly TimeSpan MinPollOpen = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The gap between two messages of one push to one chat: Telegram's "about one message per second per chat", with 2%
    /// to spare for clock granularity. It also keeps a group's push far inside 20 messages a minute.
    /// </summary>
    public TimeSpan Spacing => TimeSpan.FromSeconds(1.02 / telegram.Value.PrivatePerSecond);

    /// <summary>
    /// Chats pushed to at once: enough that their spaced messages can fill the overall limit twice over (each chat sends at
    /// most one message per <see cref="Spacing"/>), so the global limiter, not the spacing, sets the pace.
    /// </summary>
    public int Concurrency => Math.Clamp((int)Math.Ceiling(2 * telegram.Value.GlobalPerSecond * Spacing.TotalSeconds) + 4, 4, 512);

    public async Task<PushRun> RunAsync(DailyPush queued, CancellationToken ct)
    {
        // Read again: the queue may hold an older copy of a push another run has moved on since.
        if (await pushes.GetPushAsync(queued.ChatId, queued.Day) is not { Status: DailyStatus.Sending } push) return PushRun.Done;
        var chatId = push.ChatId;
        var now = daily.Now;
        var questions = push.Questions;
        var steps = 1 + questions.Count;
        if (Stale(push, now) is { } stale)
        {
            await pushes.FinishPushAsync(chatId, push.Day, stale, now);
            log.LogInformation("Daily push to chat {ChatId} for {Day} {Status}: too late to finish", chatId, push.Day, stale);
            return stale == DailyStatus.Done ? PushRun.Done : PushRun.Expired;
        }
        if (!await chats.IsChatActiveAsync(chatId))
        {
            await pushes.FinishPushAsync(chatId, push.Day, DailyStatus.Gone, now);
            return PushRun.Gone;
        }

        var step = push.Step;
        var lastAnswered = 0L;
        while (step < steps)
        {
            ct.ThrowIfCancellationRequested();
            await PaceAsync(lastAnswered, ct);
            // At most DailySendsInFlight messages sent and not yet recorded, over every chat: a crash repeats no more.
            await _inDoubt.WaitAsync(ct);
            try
            {
                SendResult<Message> result;
                var recorded = false; // the poll was stored, and the step moved on with it (PollDispatcher)
                var repeated = false; // an earlier attempt at this poll may have left an orphaned copy: keep its pending row
                now = daily.Now;
                if (step == 0)
                {
                    var closes = push.ClosesAt is { } c ? daily.ToLocal(c) : (DateTime?)null;
                    result = await sender.TrySendTextAsync(chatId, Texts.DailyExcerpt(daily.Book.At(push.Cursor), LocalClock.ParseKey(push.Day),
                        questions.Count, push.IsGroup, closes, daily.Book.Count), ct: ct);
                }
                else
                {
                    var question = daily.Bank.Find(questions[(int)step - 1]);
                    int? openPeriod = push.ClosesAt is { } closesAt ? (int)Math.Min(2_628_000, (closesAt - now) / 1000) : null;
                    if (openPeriod < MinPollOpen.TotalSeconds) break; // the group's polls are closing: the rest is not worth sending
                    if (question is null)
                    {
                        // Left the bank since the push was planned (a bank update between restarts): skip it.
                        await pushes.AdvancePushAsync(chatId, push.Day, step, null);
                        step++;
                        continue;
                    }
                    // The pending row lets an answer to this private poll be adopted if the process dies after Telegram created
                    // it and before its id is stored (PendingRule.Reuse). The poll is stored with the step it completes.
                    var fromStep = step;
                    var sent = await dispatcher.SendAsync(new PollToSend
                    {
                        Pending = new PendingPollRecord
                        {
                            RoundId = push.RoundId ?? 0,
                            Seq = step - 1,
                            ChatId = chatId,
                            QuestionId = question.Id,
                            CreatedAt = now,
                            OpenSeconds = openPeriod,
                        },
                        Served = planner.Serve(question),
                        Text = Texts.DailyPollQuestion((int)step, questions.Count, question.Text),
                        Rule = PendingRule.Reuse,
                        ClosesAt = push.ClosesAt,
                        Record = (poll, again) => pushes.AdvancePushAsync(poll.ChatId, push.Day, fromStep, poll, keepPending: again),
                    }, ct);
                    if (sent.Result is not { } answered)
                    {
                        // An answer adopted the copy an interrupted run sent: it arrived, so it is not sent again.
                        await pushes.AdvancePushAsync(chatId, push.Day, step, null);
                        step++;
                        continue;
                    }
                    (result, recorded, repeated) = (answered, sent.Poll is not null, sent.Repeated);
                }
                lastAnswered = Stopwatch.GetTimestamp();
                chatId = result.ChatId; // a group that became a supergroup: BotSender followed it and moved the push record
                switch (result.Outcome)
                {
                    case SendOutcome.Sent when recorded:
                        step++;
                        break;
                    case SendOutcome.Sent:
                    case SendOutcome.Rejected: // Telegram refused this message (logged by BotSender); sending it again would not help
                        await pushes.AdvancePushAsync(chatId, push.Day, step, null, keepPending: repeated);
                        step++;
                        break;
                    case SendOutcome.ChatGone:
                        await pushes.FinishPushAsync(chatId, push.Day, DailyStatus.Gone, daily.Now);
                        log.LogInformation("Chat {ChatId} is gone: daily push ended and the chat unsubscribed", chatId);
                        return PushRun.Gone;
                    default:
                        // No answer: it may have been delivered. Left at this step; the pusher tries again on a later tick.
                        return PushRun.Retry;
                }
            }
            finally
            {
                _inDoubt.Release();
            }
        }
        await pushes.FinishPushAsync(chatId, push.Day, DailyStatus.Done, daily.Now);
        return PushRun.Done;
    }

    /// <summary>
    /// Null while the push is still worth sending; else the status to close it with. A group's push is over when its polls
    /// close. A private push is finished on its day, or within the grace period after the day ends (a broadcast that runs
    /// past midnight); one found later, after a long downtime, is expired rather than sent with another day's push.
    /// </summary>
    private string? Stale(DailyPush push, long now)
    {
        if (push.ClosesAt is { } closes)
            return now < closes - (long)MinPollOpen.TotalMilliseconds ? null : push.Step > 0 ? DailyStatus.Done : DailyStatus.Expired;
        var dayEnds = LocalClock.At(LocalClock.ParseKey(push.Day).AddDays(1), TimeOnly.MinValue, daily.Zone);
        return now <= dayEnds + daily.Options.DailyGraceMinutes * 60_000L ? null : DailyStatus.Expired;
    }

    /// <summary>Waits out the per-chat spacing since the previous message's answer. Real time: Telegram's limits run on it.</summary>
    private async Task PaceAsync(long lastAnswered, CancellationToken ct)
    {
        if (lastAnswered == 0) return;
        var wait = Spacing - Stopwatch.GetElapsedTime(lastAnswered);
        if (wait > TimeSpan.Zero) await BotSender.DelayAtLeastAsync(wait, ct);
    }

    /// <summary>Posts a group push's summary once its polls have closed: who took part, the hardest question.</summary>
    public async Task<PushRun> SummarizeAsync(DailyPush queued, CancellationToken ct)
    {
        if (await pushes.GetPushAsync(queued.ChatId, queued.Day) is not { Summarized: 0 } push) return PushRun.Done;
        var roundId = push.RoundId ?? 0;
        var given = await answers.GetAnswersAsync(roundId);
        var polls = await rounds.GetPollsAsync(roundId);
        var results = RoundResults.From(given.Select(a => new ScoredAnswer(a.UserId, a.QuestionId, a.IsCorrect, a.Points, a.ElapsedMs)));
        var names = await people.GetDisplayNamesAsync(results.Players.Take(10).Select(p => p.UserId).ToList());
        var hardest = results.Hardest is { } h ? daily.Bank.Find(h.QuestionId) : null;
        var result = await sender.TrySendTextAsync(push.ChatId,
            Texts.DailyGroupSummary(LocalClock.ParseKey(push.Day), results, names, polls.Count, hardest),
            polls.Count > 0 ? Telegram.Commands.ReportCommand.Button(roundId) : null, ct: ct);
        if (result.Outcome == SendOutcome.NoAnswer) return PushRun.Retry;
        await pushes.MarkSummarizedAsync(result.ChatId, push.Day, daily.Now);
        if (result.Outcome == SendOutcome.ChatGone)
        {
            await pushes.StopSubscriptionAsync(result.ChatId, daily.Now);
            return PushRun.Gone;
        }
        log.LogInformation("Daily summary for chat {ChatId} ({Day}): {Players} took part", result.ChatId, push.Day, results.Players.Count);
        return PushRun.Done;
    }
}
