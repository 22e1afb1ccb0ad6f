using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Core.Questions;
using QuizBot.Core.Quizzes;
using QuizBot.Storage;

namespace QuizBot.Quizzes;

/// <summary>One player's result in a round, with the questions they missed or did not answer.</summary>
internal sealed record RoundSummary(
    long UserId, int Asked, int Correct, int Unanswered, long Points, TimeSpan Elapsed, IReadOnlyList<Question> Misses);

/// <summary>What became of an answer. Closed: the poll's quiz was stopped, or its records deleted by /forget.</summary>
internal enum AnswerOutcome { Counted, Duplicate, UnknownPoll, Retracted, NotAPlayer, Closed }

/// <summary>
/// Who may score in a group's round: the members of its chat. A quiz poll forwarded elsewhere keeps its id, so people
/// outside the group can answer it (issue 10). Implemented over Telegram's getChatMember (Telegram/RoundMembers.cs).
/// </summary>
internal interface IRoundMembers
{
    /// <summary>True when the person is a member of the round's chat; false when not, or when Telegram cannot say.</summary>
    Task<bool> IsMemberAsync(RoundRecord round, long userId, CancellationToken ct);
}

/// <summary>How a voter is shown on boards; stored only with an answer that counts.</summary>
internal sealed record PersonName(string DisplayName, string? Username);

internal sealed record AnswerResult(AnswerOutcome Outcome, PollRecord? Poll = null, RoundRecord? Round = null, bool Correct = false, long Points = 0);

internal enum StartOutcome { Started, AlreadyRunning, BankEmpty }

internal sealed record StartResult(StartOutcome Outcome, RoundRecord? Round);

/// <summary>
/// The quiz engine shared by Telegram chats and the terminal: starts rounds, serves questions, records answers exactly once,
/// advances and ends rounds. Knows storage and the bank, not Telegram.
/// </summary>
internal sealed partial class QuizService(RoundStore rounds, AnswerStore answers, PeopleStore people, DailyStore pushes,
    ReportStore reports, QuestionBank bank, QuizPlanner planner, TimeProvider time, IOptions<QuizOptions> options,
    LearningService learning, ILogger<QuizService>? log = null, IRoundMembers? members = null)
{
    public QuestionBank Bank => bank;

    /// <summary>FSRS cards and the next right questions (docs/learning.md).</summary>
    public LearningService Learning => learning;

    public long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<StartResult> StartAsync(long chatId, long userId, RoundKind kind, int count, string scoring, long? members = null)
    {
        if (bank.Approved.Count == 0) return new(StartOutcome.BankEmpty, null);
        var running = await rounds.GetRunningRoundAsync(chatId);
        if (running is not null) return new(StartOutcome.AlreadyRunning, running);

        // A group's round mixes the bank for everyone; a person's quiz is chosen for them (docs/learning.md).
        var questions = kind == RoundKind.Group ? planner.Pick(bank, count) : await Learning.PickAsync(userId, count);
        var round = await rounds.TryStartRoundAsync(new RoundRecord
        {
            ChatId = chatId,
            Mode = RoundLife.Code(kind),
            StartedBy = userId,
            QuestionIds = string.Join(',', questions.Select(q => q.Id)),
            QuestionSeconds = kind == RoundKind.Group ? options.Value.QuestionSeconds : 0,
            Scoring = scoring,
            Members = members,
            StartedAt = Now,
        });
        return round is null
            ? new(StartOutcome.AlreadyRunning, await rounds.GetRunningRoundAsync(chatId))
            : new(StartOutcome.Started, round);
    }

    /// <summary>The question at the round's current position, with freshly shuffled options; null past the end.</summary>
    public ServedQuestion? ServeCurrent(RoundRecord round)
    {
        if (round.Position >= round.Questions.Count) return null;
        var question = bank.Find(round.Questions[(int)round.Position]);
        // A question removed from the bank since the round started is served from its id's replacement: skip it.
        return question is null ? null : planner.Serve(question);
    }

    /// <summary>Written before a poll is sent, so an orphaned poll (the process died before its id was stored) can be adopted.</summary>
    public Task PreparePollAsync(RoundRecord round, ServedQuestion served) => rounds.SavePendingPollAsync(PendingPoll(round, served));

    /// <summary>The pending row of an attempt at sending the round's current question (PollDispatcher writes it).</summary>
    public PendingPollRecord PendingPoll(RoundRecord round, ServedQuestion served) =>
        new()
        {
            RoundId = round.RoundId,
            Seq = round.Position,
            ChatId = round.ChatId,
            QuestionId = served.Question.Id,
            OptionOrder = Ints.Join(served.Order),
            CreatedAt = Now,
            OpenSeconds = round.QuestionSeconds > 0 ? round.QuestionSeconds : null,
        };

    public Task<PendingPollRecord?> GetPendingPollAsync(RoundRecord round) => rounds.GetPendingPollAsync(round.RoundId, round.Position);

    public Task RecordPollSentAsync(RoundRecord round, ServedQuestion served, string pollId, long messageId, long sentAt, long? closesAt) =>
        rounds.SavePollAsync(new PollRecord
        {
            PollId = pollId,
            RoundId = round.RoundId,
            Seq = round.Position,
            ChatId = round.ChatId,
            MessageId = messageId,
            QuestionId = served.Question.Id,
            OptionOrder = Ints.Join(served.Order),
            SentAt = sentAt,
            ClosesAt = closesAt,
        });

    /// <summary>Scores and stores an answer; a second delivery of the same answer is recognised and changes nothing.</summary>
    /// <param name="answeredAt">When the answer reached the bot (ms since the epoch; default now). Telegram does not say
    /// when a poll was answered; an answer held while the database was unavailable is scored as of when it arrived.</param>
    /// <param name="name">The voter's name, stored (or refreshed) with an answer that is recorded, and not for one that is
    /// ignored: an outsider's, or a forgotten person's vote on an old poll.</param>
    public async Task<AnswerResult> AnswerAsync(string pollId, long userId, IReadOnlyList<int> chosenServed, long? answeredAt = null,
        PersonName? name = null, CancellationToken ct = default)
    {
        var known = await rounds.GetAnsweredPollAsync(pollId);
        // An old poll of a person who used /forget: still open in their chat, ignored quietly.
        if (known is null && await rounds.IsPollForgottenAsync(pollId)) return new(AnswerOutcome.Closed);
        var (poll, round) = known is { } k ? k : await AdoptAsync(pollId, userId);
        if (poll is null && await AdoptDailyAsync(pollId, userId) is { } daily) (poll, round) = (daily, await rounds.GetRoundAsync(daily.RoundId));
        if (poll is null) return new(AnswerOutcome.UnknownPoll);
        if (chosenServed.Count == 0) return new(AnswerOutcome.Retracted, poll);
        var question = bank.Find(poll.QuestionId);
        if (round is null || question is null) return new(AnswerOutcome.UnknownPoll, poll);
        // A stopped private quiz closed its open poll (QuizFlow.FinishAsync); a vote given before that and delivered after
        // counts nothing. A private chat's quiz or daily push is its owner's alone; a group's counts only for its members,
        // whoever else the poll was forwarded to (RoundLife.WhoMayAnswer).
        switch (RoundLife.WhoMayAnswer(round.Kind, round.State, round.ChatId, userId))
        {
            case AnswerRight.Closed:
                return new(AnswerOutcome.Closed, poll, round);
            case AnswerRight.NotAPlayer:
            case AnswerRight.IfMember when members is not null && !await members.IsMemberAsync(round, userId, ct):
                return new(AnswerOutcome.NotAPlayer, poll, round);
        }

        var served = new ServedQuestion(question, poll.Order);
        var chosen = served.ToBankIndexes(chosenServed);
        var correct = served.IsCorrect(chosen);
        var now = answeredAt ?? Now;
        var elapsed = TimeSpan.FromMilliseconds(Math.Max(0, now - poll.SentAt));
        var points = Scoring.Points(correct, round.Scoring, elapsed, TimeSpan.FromSeconds(round.QuestionSeconds));
        points = await CapDailyAsync(userId, points, now); // the daily points cap (QuizService.Daily.cs)
        if (name is not null) await people.UpsertUserAsync(userId, name.DisplayName, name.Username, Now);
        // The person's FSRS card for the question, moved in the answer's own transaction (docs/learning.md). A daily poll
        // waits for hours, so its answer time says nothing of how fluently it was recalled.
        var answerTime = round.Kind == RoundKind.Daily ? (TimeSpan?)null : elapsed;
        var counted = await answers.TryRecordAnswerAsync(new AnswerRecord
        {
            PollId = poll.PollId, // a daily poll's orphaned copy counts under the question's stored poll (QuizService.Daily.cs)
            UserId = userId,
            ChatId = poll.ChatId,
            RoundId = poll.RoundId,
            QuestionId = poll.QuestionId,
            Chosen = Ints.Join(chosen),
            IsCorrect = correct,
            Points = points,
            ElapsedMs = (long)elapsed.TotalMilliseconds,
            AnsweredAt = now,
        }, card => Learning.Learn(card, correct, answerTime, now));
        return new(counted ? AnswerOutcome.Counted : AnswerOutcome.Duplicate, poll, round, correct, points);
    }

    /// <summary>
    /// An answer to a poll we never stored: the process died between Telegram creating the poll and us saving its id. A
    /// poll_answer names only the poll, so the one poll it can be is one in the voter's own private chat: when this person's
    /// private round waits for exactly one poll, the poll is adopted under that id. A group's waiting poll is never adopted
    /// by an unknown answer: anyone anywhere may have sent it (a forwarded poll, a poll whose records /forget deleted), and
    /// "the only group round waiting" is a guess (docs/operations.md, "Which poll an answer belongs to").
    /// </summary>
    private async Task<(PollRecord? Poll, RoundRecord? Round)> AdoptAsync(string pollId, long userId)
    {
        var candidates = await rounds.GetAdoptablePollsAsync(userId);
        if (candidates.Count != 1)
        {
            if (candidates.Count > 1) log?.LogDebug("Poll {PollId} from {UserId} is unknown and matches {Count} pending polls: not adopted", pollId, userId, candidates.Count);
            return (null, null);
        }
        var pending = candidates[0];
        log?.LogInformation("Adopting poll {PollId} for question {Seq} of round {RoundId}", pollId, pending.Seq, pending.RoundId);
        await rounds.SavePollAsync(pending.AsPoll(pollId));
        return await rounds.GetAnsweredPollAsync(pollId) is { } adopted ? adopted : (null, null);
    }

    /// <summary>Moves past the question at <paramref name="fromPosition"/>; false if that already happened (a redelivery).</summary>
    public Task<bool> AdvanceAsync(RoundRecord round, long fromPosition) => rounds.AdvanceRoundAsync(round.RoundId, fromPosition);

    public Task<RoundRecord?> GetRoundAsync(long roundId) => rounds.GetRoundAsync(roundId);

    public Task<PollRecord?> GetPollAsync(string pollId) => rounds.GetPollAsync(pollId);

    public Task<PollRecord?> GetPollAsync(long roundId, long seq) => rounds.GetPollAsync(roundId, seq);

    public Task<IReadOnlyList<RoundRecord>> GetRunningRoundsAsync() => rounds.GetRunningRoundsAsync();

    public Task<RoundRecord?> GetRunningRoundAsync(long chatId) => rounds.GetRunningRoundAsync(chatId);

    /// <summary>Ends the round; false if it had already ended (then the caller must not post results again).</summary>
    public Task<bool> EndAsync(RoundRecord round, RoundState end) => rounds.EndRoundAsync(round.RoundId, RoundLife.Code(end), Now);

    public Task<IReadOnlyList<PollRecord>> GetPollsAsync(long roundId) => rounds.GetPollsAsync(roundId);

    /// <summary>Marks a poll closed; false if it already was (then it was stopped before).</summary>
    public Task<bool> ClosePollAsync(string pollId) => rounds.ClosePollAsync(pollId);

    public Task<IReadOnlyList<AnswerRecord>> GetAnswersAsync(long roundId) => answers.GetAnswersAsync(roundId);

    /// <summary>A learner's report of a problem in a question (issue 13); a second report of it updates the first.</summary>
    public Task ReportAsync(string questionId, long userId, string? note, long now) => reports.SaveReportAsync(questionId, userId, note, now);

    /// <summary>A player's summary: questions asked are those whose poll was sent.</summary>
    public async Task<RoundSummary> SummarizeAsync(long roundId, long userId)
    {
        var round = await rounds.GetRoundAsync(roundId) ?? throw new InvalidOperationException($"round {roundId} does not exist");
        var polls = await rounds.GetPollsAsync(roundId);
        var mine = (await answers.GetAnswersAsync(roundId)).Where(a => a.UserId == userId).ToDictionary(a => a.PollId);
        var misses = new List<Question>();
        var correct = 0;
        foreach (var poll in polls)
        {
            if (mine.TryGetValue(poll.PollId, out var a) && a.IsCorrect) correct++;
            else if (bank.Find(poll.QuestionId) is { } q) misses.Add(q);
        }
        var end = round.EndedAt ?? Now;
        return new RoundSummary(userId, polls.Count, correct, polls.Count - mine.Count, mine.Values.Sum(a => a.Points),
            TimeSpan.FromMilliseconds(Math.Max(0, end - round.StartedAt)), misses);
    }
}
