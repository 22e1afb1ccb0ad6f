using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;

namespace QuizBot.Storage;

/// <summary>
/// Chats and settings (chats and bot_state in 001_initial.sql): each chat's kind, title, state (active, left, migrated) and
/// scoring; a group's move to its supergroup id, which carries every subject's rows along; the bot's own key-value state.
/// </summary>
internal sealed class ChatStore(IDatabase db, GroupCommit writes, RoundStore rounds)
{
    /// <summary>Bounds <see cref="_chatsWritten"/>; past it the memory is simply started afresh.</summary>
    private const int ChatsRemembered = 200_000;

    /// <summary>What this process last wrote for each active chat, so a command from an unchanged chat writes nothing.</summary>
    private readonly ConcurrentDictionary<long, (string Kind, string? Title)> _chatsWritten = new();

    /// <summary>Counts marks of chats (<see cref="ForgetChatWritten"/>); an upsert that saw one meanwhile remembers nothing.</summary>
    private int _chatMarks;

    // Every command upserts its chat: skipped when this process already wrote the same kind and title and nothing has
    // marked the chat since, so a command that only reads (/top, /me, /help) writes nothing and is answered while another
    // process holds the write lock (docs/operations.md, "The database is unavailable").
    public async Task UpsertChatAsync(long chatId, string kind, string? title, long now)
    {
        if (_chatsWritten.TryGetValue(chatId, out var written) && written == (kind, title)) return;
        var marks = Volatile.Read(ref _chatMarks);
        await writes.WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO chats (chat_id, kind, title, created_at, updated_at) VALUES (@chatId, @kind, @title, @now, @now)
            ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind, title = excluded.title, state = 'active',
                                                updated_at = excluded.updated_at
            """, new { chatId, kind, title, now }, tx));
        // Remembered only if no chat was marked (left, migrated, forgotten) meanwhile: that mark may have come after this
        // write, and the next command must then make the chat active again.
        if (Volatile.Read(ref _chatMarks) != marks) return;
        if (_chatsWritten.Count >= ChatsRemembered) _chatsWritten.Clear();
        _chatsWritten[chatId] = (kind, title);
    }

    /// <summary>Called before a chat's state changes other than by <see cref="UpsertChatAsync"/>, and after it.</summary>
    internal void ForgetChatWritten(long chatId)
    {
        Interlocked.Increment(ref _chatMarks);
        _chatsWritten.TryRemove(chatId, out _);
    }

    public async Task<bool> IsChatActiveAsync(long chatId)
    {
        await using var c = await db.ConnectAsync();
        var state = await c.ExecuteScalarAsync<string?>("SELECT state FROM chats WHERE chat_id = @chatId", new { chatId });
        return state is null or "active";
    }

    public async Task SetChatStateAsync(long chatId, string state, long now)
    {
        ForgetChatWritten(chatId); // an upsert in flight now will not remember the chat as active
        try
        {
            await writes.WriteAsync((c, tx) => c.ExecuteAsync("""
                INSERT INTO chats (chat_id, kind, state, created_at, updated_at) VALUES (@chatId, 'unknown', @state, @now, @now)
                ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
                """, new { chatId, state, now }, tx));
        }
        finally
        {
            ForgetChatWritten(chatId); // nor one that remembered it while this write ran
        }
    }

    public async Task<string> GetChatScoringAsync(long chatId)
    {
        await using var c = await db.ConnectAsync();
        return await c.ExecuteScalarAsync<string?>("SELECT scoring FROM chats WHERE chat_id = @chatId", new { chatId }) ?? "speed";
    }

    public Task SetChatScoringAsync(long chatId, string scoring, long now) =>
        writes.WriteAsync((c, tx) => c.ExecuteAsync(
            "UPDATE chats SET scoring = @scoring, updated_at = @now WHERE chat_id = @chatId", new { chatId, scoring, now }, tx));

    /// <summary>Moves a group's rounds, polls, answers, boards, daily push and settings to its new supergroup id, in one transaction.</summary>
    public async Task MigrateChatAsync(long fromChatId, long toChatId, long now)
    {
        ForgetChatWritten(fromChatId);
        ForgetChatWritten(toChatId);
        var p = new { fromChatId, toChatId, now };
        await writes.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("""
                INSERT INTO chats (chat_id, kind, title, state, scoring, created_at, updated_at)
                SELECT @toChatId, 'supergroup', title, 'active', scoring, created_at, @now FROM chats WHERE chat_id = @fromChatId
                ON CONFLICT (chat_id) DO UPDATE SET scoring = excluded.scoring, state = 'active', updated_at = excluded.updated_at
                """, p, tx);
            await c.ExecuteAsync("UPDATE chats SET state = 'migrated', updated_at = @now WHERE chat_id = @fromChatId", p, tx);
            await RoundStore.MigrateChatAsync(c, tx, p);
            await AnswerStore.MigrateChatAsync(c, tx, p);
            await ScoreStore.MigrateChatAsync(c, tx, p);
            await DailyStore.MigrateChatAsync(c, tx, p);
        });
        rounds.ForgetGroupPolls(); // remembered with the old chat id
        ForgetChatWritten(fromChatId);
        ForgetChatWritten(toChatId);
    }

    /// <summary>A value of the bot's own state (bot_state), e.g. a zone a table is kept in.</summary>
    public async Task<string?> GetStateAsync(string key)
    {
        await using var c = await db.ConnectAsync();
        return await c.ExecuteScalarAsync<string?>("SELECT value FROM bot_state WHERE key = @key", new { key });
    }

    public Task SetStateAsync(string key, string value) => writes.WriteAsync((c, tx) => SetStateAsync(c, tx, key, value));

    internal static Task SetStateAsync(DbConnection c, DbTransaction tx, string key, string value) =>
        c.ExecuteAsync("""
            INSERT INTO bot_state (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, new { key, value }, tx);
}
