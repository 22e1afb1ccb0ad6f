using QuizBot.Core.Daily;
using QuizBot.Core.Quizzes;
using QuizBot.Storage;

namespace QuizBot.Quizzes;

// The daily points cap every counted answer meets, and the adoption of daily polls lost in a crash (docs/daily.md).
internal sealed partial class QuizService
{
    /// <summary>Scoring.CapDaily over the person's points earned so far on this local day.</summary>
    private async Task<int> CapDailyAsync(long userId, int points, long now)
    {
        var cap = options.Value.DailyPointsCap;
        if (cap <= 0 || points == 0) return points;
        var earned = await answers.GetPointsSinceAsync(userId, LocalClock.StartOfDay(now, options.Value.Zone));
        return Scoring.CapDaily(points, earned, cap);
    }

    /// <summary>
    /// An answer to a daily poll whose id was lost in a crash (docs/daily.md): Telegram created it, the process died before
    /// storing it, and the resumed push sent the question again. The kept pending row says which question it asked; when
    /// exactly one such question fits (this person's latest private push), the answer counts for that question, under the
    /// poll stored for it (so an answer to each copy counts once). When none is stored yet, this poll becomes the question's
    /// poll and the resumed push does not send it again. A group push's question is never guessed this way (issue 10:
    /// anyone anywhere may have answered an unknown poll); its resumed push sends it again.
    /// </summary>
    private async Task<PollRecord?> AdoptDailyAsync(string pollId, long userId)
    {
        var candidates = await pushes.GetAdoptableDailyPollsAsync(userId);
        var pending = candidates.Count == 1 ? candidates[0] : null;
        if (pending is null)
        {
            if (candidates.Count > 0)
                log?.LogInformation("Poll {PollId} from {UserId} is unknown and matches {Count} daily questions: not adopted", pollId, userId, candidates.Count);
            return null;
        }
        log?.LogInformation("Adopting daily poll {PollId} for question {Seq} of round {RoundId}", pollId, pending.Seq, pending.RoundId);
        await pushes.AdoptDailyPollAsync(pending.AsPoll(pollId));
        // This poll, or the copy stored before it; scored with the order this copy was sent with (every copy reuses it).
        return await rounds.GetPollAsync(pending.RoundId, pending.Seq) is { } stored ? stored with { OptionOrder = pending.OptionOrder } : null;
    }
}
