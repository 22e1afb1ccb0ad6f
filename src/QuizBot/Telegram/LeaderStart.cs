using QuizBot.Quizzes;

namespace QuizBot.Telegram;

/// <summary>
/// What an instance does on becoming the one that handles updates, in polling and webhook mode alike (issue 12): waits to
/// lead (at once for a single instance), publishes the command menus (getMe first), resumes interrupted quizzes, and hands
/// the updates stored and not yet handled to their lanes, oldest first.
/// </summary>
internal sealed class LeaderStart(Leadership leadership, BotSetup setup, QuizFlow flow, UpdateLanes lanes, ILogger<LeaderStart> log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        await leadership.Acquired.WaitAsync(ct);
        await setup.RunAsync(ct);
        try
        {
            await flow.RecoverAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Resuming interrupted quizzes failed; they resume when their players send /quiz");
        }
        await lanes.HandOverStoredAsync(ct);
    }
}
