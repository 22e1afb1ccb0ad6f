namespace QuizBot.Telegram;

/// <summary>
/// Whether this process has read the updates that were waiting for it when it started (<see cref="UpdatePoller"/> sets it
/// after its first batch that is not full). A question attempted before a restart is sent again only after that: its
/// poll may have reached the group, and the answers to it that queued while the bot was down say so (they adopt it).
/// The daily pusher waits for it too before its first send (<see cref="WaitAsync"/>).
/// </summary>
internal sealed class UpdateBacklog
{
    private readonly TaskCompletionSource _read = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool CaughtUp => _read.Task.IsCompleted;

    public void MarkCaughtUp() => _read.TrySetResult();

    /// <summary>
    /// Waits until the backlog is read, or at most <paramref name="limit"/> (real time: Telegram may be unreachable, or a
    /// busy bot may keep receiving full batches). True when it was read.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan limit, CancellationToken ct)
    {
        try
        {
            await _read.Task.WaitAsync(limit, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
