using System.Collections.Concurrent;
using QuizBot.Core.Quizzes;
using QuizBot.Storage;
using QuizBot.Telegram;

namespace QuizBot.Quizzes;

/// <summary>
/// Drives running group rounds about once a second: sends due questions, closes timed-out ones, posts results.
/// Each round's step runs on its own so a slow chat (rate limit, retry_after) never holds up the others.
/// Uses the injected TimeProvider, so tests move time instead of sleeping. Telegram's own poll-closed update is not relied
/// on: a `poll` update for a poll that closed by itself (open_period) has been observed missing, and the Bot API
/// (https://core.telegram.org/bots/api#poll) promises no such update, so the clock closes questions itself.
/// </summary>
internal sealed class RoundClock(RoundStore rounds, GroupRounds groups, UpdateBacklog backlog, TimeProvider time, ILogger<RoundClock> log)
    : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private readonly KeyedSteps _inFlight = new();
    private readonly ConcurrentDictionary<long, bool> _waitingForStorage = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Rounds stand still until the updates that queued while the bot was down are read: answers given before a
        // question closed during the downtime count in the ranking. The first step comes right after that, so a round
        // resumes at once.
        await backlog.EveryTickAsync(Tick, time, async () =>
        {
            try
            {
                foreach (var round in await rounds.GetRunningRoundsAsync())
                {
                    // One step per round at a time: a round whose last step still runs (a slow send) is skipped this tick.
                    if (round.Kind == RoundKind.Group) _ = _inFlight.TryStart(round.RoundId, () => StepAsync(round, stoppingToken));
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(ex, "The round clock could not read running rounds; trying again next tick");
            }
        }, stoppingToken);
        await _inFlight.WhenAll();
    }

    private async Task StepAsync(RoundRecord round, CancellationToken ct)
    {
        try
        {
            await groups.TickAsync(round, ct);
            if (_waitingForStorage.TryRemove(round.RoundId, out _))
                log.LogInformation("Round {RoundId} in chat {ChatId} goes on: the database is available again", round.RoundId, round.ChatId);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (StorageErrors.IsUnavailable(ex))
        {
            // A full or read-only disk fails every tick until it is fixed: one error per round and outage, not per second.
            if (_waitingForStorage.TryAdd(round.RoundId, true))
                log.LogError("Round {RoundId} in chat {ChatId} waits for the database ({Error}); retrying every tick",
                    round.RoundId, round.ChatId, StorageErrors.Describe(ex));
            else
                log.LogDebug("Round {RoundId} still waits for the database", round.RoundId);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Round {RoundId} in chat {ChatId} failed a step; retrying next tick", round.RoundId, round.ChatId);
        }
    }
}
