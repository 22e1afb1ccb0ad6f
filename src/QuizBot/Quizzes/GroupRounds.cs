using System.Collections.Concurrent;
using QuizBot.Core.Quizzes;
using QuizBot.Storage;
using QuizBot.Telegram;
using QuizBot.Telegram.Commands;
using Telegram.Bot.Types;

namespace QuizBot.Quizzes;

/// <summary>
/// Group rounds: an administrator starts one; each question is a timed quiz poll; the <see cref="RoundClock"/> closes a
/// question when its time is up (or once every member has answered), sends the next, and posts the results at the end.
/// All state is in the database, so a restart picks running rounds up where they were.
/// </summary>
internal sealed class GroupRounds(QuizService quiz, QuizFlow flow, BotSender sender, ChatStore chats, RoundStore rounds, AnswerStore answers,
    PeopleStore people, TimeProvider time, ILogger<GroupRounds> log)
{
    /// <summary>How long to wait before sending a question again whose first send got no answer from Telegram.</summary>
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<(long RoundId, long Position), DateTimeOffset> _sendAttempts = new();
    private readonly ConcurrentDictionary<long, byte> _finishing = new();
    private readonly ConcurrentDictionary<long, byte> _announcing = new(); // chats whose new round is being announced

    public async Task<bool> IsAdminAsync(CommandContext c, CancellationToken ct)
    {
        // An anonymous administrator posts as the group itself.
        if (c.Message.SenderChat?.Id == c.ChatId) return true;
        var member = await sender.GetChatMemberAsync(c.ChatId, c.From.Id, ct);
        return member is ChatMemberAdministrator or ChatMemberOwner;
    }

    public async Task StartAsync(CommandContext c, int count, long questionSeconds, CancellationToken ct)
    {
        if (!await IsAdminAsync(c, ct))
        {
            await sender.SendTextAsync(c.ChatId, Texts.AdminsOnly, ct: ct);
            return;
        }
        var members = await sender.GetChatMemberCountAsync(c.ChatId, ct) is { } n ? n - 1 : (long?)null; // less the bot itself
        var scoring = await chats.GetChatScoringAsync(c.ChatId);
        // The clock sends the first question (one sender per round), but not before the announcement has gone out: the
        // announcement may wait for the chat's rate limit, and a question must not arrive ahead of it.
        _announcing[c.ChatId] = 0;
        try
        {
            var result = await quiz.StartAsync(c.ChatId, c.From.Id, RoundKind.Group, count, scoring, members);
            if (result.Outcome != StartOutcome.Started) _announcing.TryRemove(c.ChatId, out _);
            await AnnounceAsync(c, result, questionSeconds, scoring, ct);
        }
        finally
        {
            _announcing.TryRemove(c.ChatId, out _);
        }
    }

    private async Task AnnounceAsync(CommandContext c, StartResult result, long questionSeconds, string scoring, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case StartOutcome.Started:
                await sender.SendTextAsync(c.ChatId, Texts.RoundStarting(result.Round!.Questions.Count, questionSeconds, scoring), ct: ct);
                break;
            case StartOutcome.AlreadyRunning:
                await sender.SendTextAsync(c.ChatId, Texts.RoundAlreadyRunning, ct: ct);
                break;
            default:
                await sender.SendTextAsync(c.ChatId, Texts.BankEmpty, ct: ct);
                break;
        }
    }

    public async Task StopAsync(CommandContext c, CancellationToken ct)
    {
        if (!await IsAdminAsync(c, ct))
        {
            await sender.SendTextAsync(c.ChatId, Texts.AdminsOnly, ct: ct);
            return;
        }
        var round = await quiz.GetRunningRoundAsync(c.ChatId);
        if (round is null)
        {
            await sender.SendTextAsync(c.ChatId, Texts.NoRoundRunning, ct: ct);
            return;
        }
        if (await rounds.GetPollAsync(round.RoundId, round.Position) is { Closed: 0 } open)
        {
            await rounds.ClosePollAsync(open.PollId);
            await sender.StopPollAsync(open.ChatId, (int)open.MessageId, ct);
        }
        await FinishAsync(round, RoundState.Stopped, ct);
    }

    public async Task SetScoringAsync(CommandContext c, CancellationToken ct)
    {
        // Permission before parsing, as for /daily.
        if (!await IsAdminAsync(c, ct))
        {
            await sender.SendTextAsync(c.ChatId, Texts.AdminsOnly, ct: ct);
            return;
        }
        var mode = c.Command.Argument.Trim().ToLowerInvariant() switch // NFKC-normalised by CommandLine: full-width "speed" arrives as "speed"
        {
            "speed" or Texts.ScoringWordSpeed => ScoringModes.Speed,
            "accuracy" or Texts.ScoringWordAccuracy or Texts.ScoringWordAccurate => ScoringModes.Accuracy,
            _ => null,
        };
        if (mode is null)
        {
            await sender.SendTextAsync(c.ChatId, Texts.ScoringUsage, ct: ct);
            return;
        }
        await chats.SetChatScoringAsync(c.ChatId, mode, time.GetUtcNow().ToUnixTimeMilliseconds());
        await sender.SendTextAsync(c.ChatId, Texts.ScoringChanged(mode), ct: ct);
    }

    /// <summary>One step of a running group round, called by the clock about once a second.</summary>
    public async Task TickAsync(RoundRecord round, CancellationToken ct)
    {
        if (_announcing.ContainsKey(round.ChatId)) return; // the next tick sends the first question
        if (!await chats.IsChatActiveAsync(round.ChatId))
        {
            // The bot was removed (or the group is gone): end quietly, nothing more is sent there.
            await quiz.EndAsync(round, RoundState.Stopped);
            return;
        }
        var now = time.GetUtcNow();
        var poll = await rounds.GetPollAsync(round.RoundId, round.Position);
        if (poll is null)
        {
            var key = (round.RoundId, round.Position);
            if (_sendAttempts.TryGetValue(key, out var last) && now - last < ResendAfter) return;
            // Attempted before a restart and never stored: the poll may be in the group already, but an answer to it cannot
            // be told from an answer to any other unknown poll (issue 10), so the question is sent again at once.
            _sendAttempts[key] = now;
            if (!await flow.SendQuestionAsync(round, ct)) await FinishAsync(round, RoundState.Finished, ct);
            return;
        }
        _sendAttempts.TryRemove((round.RoundId, round.Position), out _);

        var answered = round.Members is > 0 ? await answers.CountAnswersAsync(poll.PollId) : 0;
        var close = RoundLife.QuestionCloses(poll.ClosesAt, now.ToUnixTimeMilliseconds(), round.Members, answered);
        if (close == QuestionClose.No) return;
        if (await rounds.ClosePollAsync(poll.PollId) && close == QuestionClose.EveryoneAnswered)
            await sender.StopPollAsync(poll.ChatId, (int)poll.MessageId, ct); // close it for everyone before its time is up
        if (!await quiz.AdvanceAsync(round, poll.Seq)) return;
        if (RoundLife.IsOver(round.Position + 1, round.Questions.Count)) await FinishAsync(round, RoundState.Finished, ct);
    }

    /// <summary>
    /// Posts the results, then ends the round: a crash between the two posts them once more after the restart (the round
    /// is still running past its last question) instead of never. Within the process only one caller (the clock or /stop)
    /// finishes a round.
    /// </summary>
    private async Task FinishAsync(RoundRecord round, RoundState end, CancellationToken ct)
    {
        if (!_finishing.TryAdd(round.RoundId, 0)) return;
        try
        {
            if (await quiz.GetRoundAsync(round.RoundId) is not { } current || !RoundLife.CanEnd(current.State)) return;
            await PostResultsAsync(round, end, ct);
            await quiz.EndAsync(round, end);
        }
        finally
        {
            _finishing.TryRemove(round.RoundId, out _);
        }
    }

    private async Task PostResultsAsync(RoundRecord round, RoundState end, CancellationToken ct)
    {
        var answers = await quiz.GetAnswersAsync(round.RoundId);
        var polls = await quiz.GetPollsAsync(round.RoundId);
        var results = RoundResults.From(answers.Select(a => new ScoredAnswer(a.UserId, a.QuestionId, a.IsCorrect, a.Points, a.ElapsedMs)));
        var names = await people.GetDisplayNamesAsync(results.Players.Take(10).Select(p => p.UserId).ToList());
        var hardest = results.Hardest is { } h ? quiz.Bank.Find(h.QuestionId) : null;
        log.LogInformation("Round {RoundId} in chat {ChatId} {Status}: {Players} players", round.RoundId, round.ChatId, RoundLife.Code(end), results.Players.Count);
        await sender.SendTextAsync(round.ChatId, Texts.GroupResults(results, names, polls.Count, hardest, end == RoundState.Stopped),
            polls.Count > 0 ? ReportCommand.Button(round.RoundId) : null, ct);
    }
}
