using Dapper;

namespace QuizBot.Storage;

// The update inbox (migration 006): written through the group commit like every other write, so taking a batch of
// updates costs one shared transaction, however many rows it holds.
internal sealed partial class SqliteQuizStore
{
    public const string OffsetKey = "telegram.offset";

    public Task AcceptUpdatesAsync(IReadOnlyList<InboxRow> taken, long offset) =>
        WriteAsync(async (c, tx) =>
        {
            if (taken.Count > 0)
                await c.ExecuteAsync("""
                    INSERT INTO update_inbox (update_id, lane, seen_at, body) VALUES (@UpdateId, @Lane, @SeenAt, @Body)
                    ON CONFLICT (update_id) DO NOTHING
                    """, taken, tx);
            await c.ExecuteAsync("""
                INSERT INTO bot_state (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, new { key = OffsetKey, value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) }, tx);
            return 0;
        });

    public Task DeleteHandledUpdatesAsync(IReadOnlyList<int> handled) =>
        handled.Count == 0 ? Task.CompletedTask : WriteAsync((c, tx) =>
            c.ExecuteAsync("DELETE FROM update_inbox WHERE update_id IN @handled", new { handled }, tx));

    public async Task<IReadOnlyList<InboxRow>> GetInboxAsync()
    {
        await using var c = db.Open();
        return (await c.QueryAsync<InboxRow>(
            "SELECT update_id AS UpdateId, lane AS Lane, seen_at AS SeenAt, body AS Body FROM update_inbox ORDER BY update_id")).AsList();
    }
}
