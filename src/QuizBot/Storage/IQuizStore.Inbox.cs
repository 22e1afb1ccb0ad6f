namespace QuizBot.Storage;

/// <summary>An update taken from Telegram and not yet handled (<c>update_inbox</c>, migration 006).</summary>
/// <param name="Lane">The chat, or for a poll answer the person, whose updates are handled one after another.</param>
/// <param name="SeenAt">Unix ms when this process first saw the update.</param>
/// <param name="Body">The update as Bot API JSON.</param>
internal sealed record InboxRow(long UpdateId, long Lane, long SeenAt, string Body);

internal partial interface IQuizStore
{
    /// <summary>
    /// In one transaction: stores <paramref name="taken"/> (an update already stored is left as it is: Telegram may deliver
    /// it again) and moves the stored getUpdates offset to <paramref name="offset"/>. Only after this returns may the offset
    /// be confirmed to Telegram.
    /// </summary>
    Task AcceptUpdatesAsync(IReadOnlyList<InboxRow> taken, long offset);

    /// <summary>Deletes the rows of updates that were handled.</summary>
    Task DeleteHandledUpdatesAsync(IReadOnlyList<int> handled);

    /// <summary>Every update stored and not yet handled, oldest first (after a restart).</summary>
    Task<IReadOnlyList<InboxRow>> GetInboxAsync();
}
