using System.Globalization;
using Dapper;

namespace QuizBot.Storage;

/// <summary>An update taken from Telegram and not yet handled (<c>update_inbox</c>, migration 006).</summary>
/// <param name="Lane">The chat, or for a poll answer the person, whose updates are handled one after another.</param>
/// <param name="SeenAt">Unix ms when this process first saw the update.</param>
/// <param name="Body">The update as Bot API JSON.</param>
internal sealed record InboxRow(long UpdateId, long Lane, long SeenAt, string Body);

/// <summary>
/// The transport's own place (docs/storage.md): the getUpdates offset and the update inbox (migration 006). The one store
/// the poller and the lanes may use.
/// </summary>
internal sealed class InboxStore(IDatabase db, GroupCommit writes)
{
    public const string OffsetKey = "telegram.offset";

    /// <summary>A fingerprint of the webhook settings last given to setWebhook (its secret cannot be read back).</summary>
    public const string WebhookKey = "telegram.webhook";

    /// <summary>The offset stored with the last batch of updates taken (0 before the first).</summary>
    public async Task<int> GetOffsetAsync()
    {
        await using var c = await db.ConnectAsync();
        var value = await c.ExecuteScalarAsync<string?>("SELECT value FROM bot_state WHERE key = @OffsetKey", new { OffsetKey });
        return int.TryParse(value, CultureInfo.InvariantCulture, out var offset) ? offset : 0;
    }

    /// <summary>
    /// In one transaction: stores <paramref name="taken"/> (an update already stored is left as it is: Telegram may deliver
    /// it again) and moves the stored getUpdates offset to <paramref name="offset"/>. Only after this returns may the offset
    /// be confirmed to Telegram.
    /// </summary>
    public Task AcceptUpdatesAsync(IReadOnlyList<InboxRow> taken, long offset) =>
        writes.WriteAsync(async (c, tx) =>
        {
            if (taken.Count > 0)
                await c.ExecuteAsync("""
                    INSERT INTO update_inbox (update_id, lane, seen_at, body) VALUES (@UpdateId, @Lane, @SeenAt, @Body)
                    ON CONFLICT (update_id) DO NOTHING
                    """, taken, tx);
            await ChatStore.SetStateAsync(c, tx, OffsetKey, offset.ToString(CultureInfo.InvariantCulture));
        });

    /// <summary>Deletes the rows of updates that were handled.</summary>
    public Task DeleteHandledUpdatesAsync(IReadOnlyList<int> handled) =>
        handled.Count == 0 ? Task.CompletedTask : writes.WriteAsync((c, tx) =>
            c.ExecuteAsync($"DELETE FROM update_inbox WHERE {db.InList("update_id", "@handled")}", new { handled = handled.ToArray() }, tx));

    /// <summary>Every update stored and not yet handled, oldest first (after a restart).</summary>
    public async Task<IReadOnlyList<InboxRow>> GetInboxAsync()
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<InboxRow>(
            "SELECT update_id AS UpdateId, lane AS Lane, seen_at AS SeenAt, body AS Body FROM update_inbox ORDER BY update_id")).AsList();
    }

    /// <summary>The ids of the updates stored and not yet handled (the leader's look for what followers stored, issue 12).</summary>
    public async Task<IReadOnlyList<long>> GetInboxIdsAsync()
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<long>("SELECT update_id FROM update_inbox")).AsList();
    }

    /// <summary>The stored rows among <paramref name="updateIds"/>, oldest first.</summary>
    public async Task<IReadOnlyList<InboxRow>> GetInboxAsync(IReadOnlyList<long> updateIds)
    {
        await using var c = await db.ConnectAsync();
        return (await c.QueryAsync<InboxRow>(
            $"SELECT update_id AS UpdateId, lane AS Lane, seen_at AS SeenAt, body AS Body FROM update_inbox WHERE {db.InList("update_id", "@updateIds")} ORDER BY update_id",
            new { updateIds = updateIds.ToArray() })).AsList();
    }

    /// <summary>
    /// Stores an update received through the webhook (SQLite migration 009, PostgreSQL 003), in one transaction: its <c>update_seen</c> row and,
    /// when <paramref name="admitted"/>, its inbox row. False when the update_id was received before (Telegram redelivers
    /// what it did not see answered): then nothing is inserted. Only after this returns may the 200 go back.
    /// </summary>
    public Task<bool> AcceptDeliveredAsync(InboxRow row, bool admitted) =>
        writes.WriteAsync(async (c, tx) =>
        {
            var fresh = await c.ExecuteAsync(
                "INSERT INTO update_seen (update_id, seen_at) VALUES (@UpdateId, @SeenAt) ON CONFLICT (update_id) DO NOTHING", row, tx);
            if (fresh == 0) return false;
            if (admitted)
                await c.ExecuteAsync(
                    "INSERT INTO update_inbox (update_id, lane, seen_at, body) VALUES (@UpdateId, @Lane, @SeenAt, @Body) ON CONFLICT (update_id) DO NOTHING",
                    row, tx);
            return true;
        });

    /// <summary>Deletes the received-update marks older than <paramref name="before"/> (unix ms).</summary>
    public Task PurgeSeenAsync(long before) =>
        writes.WriteAsync((c, tx) => c.ExecuteAsync("DELETE FROM update_seen WHERE seen_at < @before", new { before }, tx));

    /// <summary>Updates stored and not yet handled: the backlog /healthz reports (and a check that the database answers).</summary>
    public async Task<long> CountInboxAsync()
    {
        await using var c = await db.ConnectAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM update_inbox");
    }

    /// <summary>The fingerprint stored by <see cref="SetWebhookFingerprintAsync"/>, or null.</summary>
    public async Task<string?> GetWebhookFingerprintAsync()
    {
        await using var c = await db.ConnectAsync();
        return await c.ExecuteScalarAsync<string?>("SELECT value FROM bot_state WHERE key = @WebhookKey", new { WebhookKey });
    }

    /// <summary>Records the webhook settings given to Telegram ("" once the webhook is deleted).</summary>
    public Task SetWebhookFingerprintAsync(string fingerprint) =>
        writes.WriteAsync((c, tx) => ChatStore.SetStateAsync(c, tx, WebhookKey, fingerprint));
}
