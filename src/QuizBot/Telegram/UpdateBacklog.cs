namespace QuizBot.Telegram;

/// <summary>
/// Whether this process has read the updates that were waiting for it when it started (<see cref="UpdatePoller"/> sets it
/// after its first batch that is not full). A question attempted before a restart is sent again only after that: its
/// poll may have reached the group, and the answers to it that queued while the bot was down say so (they adopt it).
/// </summary>
internal sealed class UpdateBacklog
{
    private volatile bool _caughtUp;

    public bool CaughtUp => _caughtUp;

    public void MarkCaughtUp() => _caughtUp = true;
}
