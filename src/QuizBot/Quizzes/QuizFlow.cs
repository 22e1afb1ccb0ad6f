using QuizBot.Core.Quizzes;
using QuizBot.Storage;
using QuizBot.Telegram;
using QuizBot.Telegram.Commands;

namespace QuizBot.Quizzes;

/// <summary>Drives a round in a Telegram chat: sends the current question as a quiz poll, moves on after answers, posts the summary.</summary>
internal sealed class QuizFlow(QuizService quiz, BotSender sender, PollDispatcher dispatcher, ILogger<QuizFlow> log)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> _finishing = new();

    /// <summary>Sends the question at the round's position; in a self-paced round, the summary when none is left.</summary>
    public async Task SendCurrentAsync(RoundRecord round, CancellationToken ct)
    {
        if (!await SendQuestionAsync(round, ct)) await FinishAsync(round, RoundState.Finished, round.StartedBy, ct);
    }

    /// <summary>Sends the question at the round's position; false when no question is left.</summary>
    public async Task<bool> SendQuestionAsync(RoundRecord round, CancellationToken ct)
    {
        while (!RoundLife.IsOver(round.Position, round.Questions.Count))
        {
            var served = quiz.ServeCurrent(round);
            if (served is not null)
            {
                await SendAsync(round, served, ct);
                return true;
            }
            // The question left the bank since the round began (a bank update between restarts): skip it.
            if (!await quiz.AdvanceAsync(round, round.Position)) return true;
            round = await quiz.GetRoundAsync(round.RoundId) ?? round;
        }
        return false;
    }

    private async Task SendAsync(RoundRecord round, ServedQuestion served, CancellationToken ct)
    {
        var sent = await dispatcher.SendAsync(new PollToSend
        {
            Pending = quiz.PendingPoll(round, served),
            Served = served,
            Text = Texts.PollQuestion((int)round.Position + 1, round.Questions.Count, served.Question.Text),
            Rule = PendingRule.Replace,
        }, ct);
        if (sent.Poll is null) log.LogWarning("Question {Position} of round {RoundId} could not be sent", round.Position, round.RoundId);
    }

    /// <summary>
    /// After a restart: a private round whose current question was never attempted (the process died between moving on and
    /// sending) gets it now. One that was attempted is left alone, since the person may already see it; an answer to it is
    /// adopted, and /quiz sends it again if it never arrived.
    /// </summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        foreach (var round in await quiz.GetRunningRoundsAsync())
        {
            if (round.Kind != RoundKind.Private) continue;
            if (await quiz.GetPollAsync(round.RoundId, round.Position) is not null || await quiz.GetPendingPollAsync(round) is not null) continue;
            log.LogInformation("Resuming round {RoundId} in chat {ChatId} at question {Position}", round.RoundId, round.ChatId, round.Position);
            await SendCurrentAsync(round, ct);
        }
    }

    /// <summary>After a counted answer in a self-paced round: the next question, or the summary after the last.</summary>
    public async Task OnAnsweredAsync(RoundRecord round, PollRecord poll, CancellationToken ct)
    {
        if (!RoundLife.AnswerMovesOn(round.State, round.Position, poll.Seq)) return;
        if (!await quiz.AdvanceAsync(round, poll.Seq)) return; // another delivery already moved on
        var next = await quiz.GetRoundAsync(round.RoundId);
        if (next is null) return;
        if (RoundLife.IsOver(next.Position, next.Questions.Count)) await FinishAsync(next, RoundState.Finished, next.StartedBy, ct);
        else await SendCurrentAsync(next, ct);
    }

    /// <summary>
    /// Posts the player's summary, then ends the round; a second caller gets false and sends nothing. In this order a crash
    /// between the two posts the summary once more after the restart (the round is still running past its last question,
    /// and <see cref="RecoverAsync"/> finishes it) instead of never. Within the process only one caller finishes a round.
    /// </summary>
    public async Task<bool> FinishAsync(RoundRecord round, RoundState end, long userId, CancellationToken ct)
    {
        if (!_finishing.TryAdd(round.RoundId, 0)) return false;
        try
        {
            if (await quiz.GetRoundAsync(round.RoundId) is not { } current || !RoundLife.CanEnd(current.State)) return false;
            // A stopped quiz's open poll is closed, so nobody goes on answering a quiz that is over (a vote that was on
            // its way is ignored: QuizService.AnswerAsync).
            if (end == RoundState.Stopped && await quiz.GetPollAsync(current.RoundId, current.Position) is { Closed: 0 } open
                && await quiz.ClosePollAsync(open.PollId))
                await sender.StopPollAsync(open.ChatId, (int)open.MessageId, ct);
            var summary = await quiz.SummarizeAsync(round.RoundId, userId);
            await sender.SendTextAsync(round.ChatId, Texts.Summary(summary, stopped: end == RoundState.Stopped),
                summary.Asked > 0 ? ReportCommand.Button(round.RoundId) : null, ct);
            return await quiz.EndAsync(round, end);
        }
        finally
        {
            _finishing.TryRemove(round.RoundId, out _);
        }
    }
}
