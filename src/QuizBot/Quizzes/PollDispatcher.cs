using QuizBot.Core.Quizzes;
using QuizBot.Storage;
using QuizBot.Telegram;
using Telegram.Bot.Types;

namespace QuizBot.Quizzes;

/// <summary>How a round keeps the attempt at sending one of its polls (its pending row).</summary>
internal enum PendingRule
{
    /// <summary>
    /// Private and group rounds: the row is written before the pacing and replaces an earlier attempt's, so it holds the
    /// option order of the copy sent last. The question's clock starts when Telegram confirms the poll.
    /// </summary>
    Replace,

    /// <summary>
    /// The daily push (docs/daily.md): the row is written once the pacing lets the poll go, and an earlier attempt's row
    /// (a run a crash or a stop interrupted) is kept with its option order, so every copy reads the same. A question whose
    /// poll an answer adopted meanwhile is not sent again.
    /// </summary>
    Reuse,
}

/// <summary>A quiz poll to send for the question at <see cref="PendingPollRecord.Seq"/> of a round.</summary>
internal sealed record PollToSend
{
    /// <summary>The attempt: round, position, chat, question, when, open seconds. Its option order is the served one's.</summary>
    public required PendingPollRecord Pending { get; init; }

    /// <summary>The question with the option order to send it with (an earlier attempt's may replace it: <see cref="PendingRule.Reuse"/>).</summary>
    public required ServedQuestion Served { get; init; }

    /// <summary>The poll's text (its number in the round, the question).</summary>
    public required string Text { get; init; }

    public required PendingRule Rule { get; init; }

    /// <summary>When the poll closes, when fixed by its round (a group's daily push); else from its open seconds.</summary>
    public long? ClosesAt { get; init; }

    /// <summary>Stores the sent poll (and clears its pending row); by default as a round's poll.</summary>
    public Func<PollRecord, bool, Task>? Record { get; init; }
}

/// <summary>
/// What became of a <see cref="PollToSend"/>: Telegram's answer (none when <see cref="AlreadyStored"/>), the poll stored
/// when it was sent, and whether an earlier attempt at it may have left an orphaned copy (<see cref="Repeated"/>).
/// </summary>
internal sealed record PollDispatch(SendResult<Message>? Result, PollRecord? Poll, bool Repeated, bool AlreadyStored = false);

/// <summary>
/// The one way a quiz poll goes out, for private quizzes, group rounds and the daily push: pending (a row that lets an
/// answer to the poll be adopted if the process dies after Telegram created it and before its id is stored) → send →
/// record (the poll under the id Telegram gave it). The send is marked in flight from just before its request until its
/// poll is stored (PollsInFlight), so a quick first answer waits for it instead of finding an unknown poll.
/// </summary>
internal sealed class PollDispatcher(BotSender sender, PollsInFlight inFlight, RoundStore rounds, DailyStore pushes, TimeProvider time)
{
    public async Task<PollDispatch> SendAsync(PollToSend poll, CancellationToken ct)
    {
        using var sending = inFlight.Enter();
        var pending = poll.Pending with { OptionOrder = Ints.Join(poll.Served.Order) };
        var served = poll.Served;
        DailyPollAttempt? attempt = null;
        Func<Task>? beforeRequest = null;
        if (poll.Rule == PendingRule.Replace)
        {
            await rounds.SavePendingPollAsync(pending);
            sending.Start();
        }
        else
        {
            // A row from an earlier run means that run's request may have reached Telegram: its option order is reused.
            var earlier = await rounds.GetPendingPollAsync(pending.RoundId, pending.Seq);
            if (await rounds.GetPollAsync(pending.RoundId, pending.Seq) is not null)
                return new(null, null, Repeated: false, AlreadyStored: true); // an answer adopted the copy an earlier run sent
            if (earlier is not null)
            {
                served = new ServedQuestion(served.Question, Ints.Parse(earlier.OptionOrder));
                pending = pending with { OptionOrder = earlier.OptionOrder };
            }
            beforeRequest = async () =>
            {
                attempt ??= await pushes.PrepareDailyPollAsync(pending);
                sending.Start();
            };
        }
        var q = served.Question;
        var result = await sender.TrySendQuizAsync(pending.ChatId, poll.Text, served.Options, served.CorrectServed, q.Explanation,
            pending.OpenSeconds is { } open ? (int)open : null, ct, beforeRequest);
        var repeated = attempt is { Repeated: true } or { Stored: not null };
        if (result is not { Outcome: SendOutcome.Sent, Value.Poll: { } sent }) return new(result, null, repeated);

        // A round's question clock starts when Telegram confirms the poll: a slow send (rate limit, retry) eats nobody's time.
        var sentAt = poll.Rule == PendingRule.Replace ? time.GetUtcNow().ToUnixTimeMilliseconds() : pending.CreatedAt;
        var stored = new PollRecord
        {
            PollId = sent.Id,
            RoundId = pending.RoundId,
            Seq = pending.Seq,
            ChatId = result.ChatId, // a group that became a supergroup: BotSender followed it
            MessageId = result.Value.MessageId,
            QuestionId = q.Id,
            OptionOrder = pending.OptionOrder,
            SentAt = sentAt,
            ClosesAt = poll.ClosesAt ?? (pending.OpenSeconds is { } s ? sentAt + s * 1000L : null),
        };
        await (poll.Record ?? ((p, _) => rounds.SavePollAsync(p)))(stored, repeated);
        return new(result, stored, repeated);
    }
}
