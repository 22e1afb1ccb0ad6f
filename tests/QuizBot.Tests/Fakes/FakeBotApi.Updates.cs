using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuizBot.Tests.Fakes;

// The update queue (getUpdates with Telegram's offset, limit, long-poll and allowed_updates rules) and the scenario
// helpers that act as users.
public sealed partial class FakeBotApi
{
    // Without allowed_updates Telegram sends every type except these three.
    private static readonly HashSet<string> NotSentByDefault = ["chat_member", "message_reaction", "message_reaction_count"];

    private readonly List<QueuedUpdate> _updates = []; // unconfirmed, ascending ids
    private readonly List<int?> _requestedOffsets = [];
    private TaskCompletionSource _updateSignal = NewSignal();
    private TaskCompletionSource _pollSignal = NewSignal();
    private HashSet<string>? _allowedUpdates;
    private CancellationTokenSource? _activePoll;
    private int _lastUpdateId;
    private int _highestOffset; // the highest offset a getUpdates asked for: every update below it is handled
    private long _callbackSeq = 7_000_000_000_000_000L;

    private sealed record QueuedUpdate(int Id, string Type, JsonElement Json);

    /// <summary>The offset of every getUpdates call, in order (null when the bot sent none).</summary>
    public IReadOnlyList<int?> RequestedOffsets { get { lock (_gate) return _requestedOffsets.ToArray(); } }

    /// <summary>True while a getUpdates call is being served, i.e. the bot's long poll has reached the server.</summary>
    public bool IsLongPolling { get { lock (_gate) return _activePoll is not null; } }

    /// <summary>
    /// Completes when the bot next begins a getUpdates: after each batch it handled, and at least once per long poll
    /// (a second in tests) while it is idle. A cheap moment to look at what it has written.
    /// </summary>
    public Task NextGetUpdates { get { lock (_gate) return _pollSignal.Task; } }

    /// <summary>Updates not yet confirmed by a getUpdates offset beyond them.</summary>
    public int PendingUpdateCount { get { lock (_gate) return _updates.Count; } }

    // ---- scenario helpers -----------------------------------------------------------------------------------

    public static User MakeUser(long id, string firstName, string? lastName = null, string? username = null) =>
        new() { Id = id, IsBot = false, FirstName = firstName, LastName = lastName, Username = username };

    public static Chat PrivateChat(User u) =>
        new() { Id = u.Id, Type = ChatType.Private, FirstName = u.FirstName, LastName = u.LastName, Username = u.Username };

    /// <summary>A group; supergroup ids conventionally look like -100…, basic groups are small negative numbers.</summary>
    public static Chat Group(long id, string title, bool supergroup = false) =>
        new() { Id = id, Type = supergroup ? ChatType.Supergroup : ChatType.Group, Title = title };

    /// <summary>Queues any update (edited_message, channel_post, my_chat_member…) under the next update_id, which it sets.</summary>
    public Update Enqueue(Update update)
    {
        lock (_gate)
        {
            update.Id = _lastUpdateId = Math.Max(_lastUpdateId + 1, _options.FirstUpdateId);
            Remember(update);
            // Serialized now so later changes to the objects cannot alter what the bot receives.
            var json = ToJson(update);
            var type = json.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n != "update_id") ?? "unknown";
            _updates.Add(new QueuedUpdate(update.Id, type, json));
            Pulse(ref _updateSignal);
            Pulse(ref _callSignal);
            return update;
        }
    }

    /// <summary>Queues many updates at once: a getUpdates call sees all of them or none (benchmarks queue bursts this way).</summary>
    public void EnqueueAll(IEnumerable<Update> updates)
    {
        lock (_gate)
        {
            foreach (var update in updates) Enqueue(update);
        }
    }

    /// <summary>Runs scenario helpers (answers, texts) so that a getUpdates call sees all the updates they queue or none.</summary>
    public void Atomically(Action enqueue)
    {
        lock (_gate) enqueue();
    }

    /// <summary>
    /// The same content again under a new update_id, to show that handlers are idempotent by content and not only by
    /// update_id (an unconfirmed batch coming back after a crash, with its old ids, needs no helper: getUpdates does it).
    /// </summary>
    public Update Redeliver(Update update) =>
        Enqueue(JsonSerializer.Deserialize<Update>(JsonSerializer.Serialize(update, Json), Json)!);

    /// <summary>A user's text message; a leading /command (also /command@bot) gets its bot_command entity.</summary>
    public Update SendText(Chat chat, User from, string text)
    {
        lock (_gate)
        {
            MessageEntity[]? entities = null;
            if (text.Length > 1 && text[0] == '/')
            {
                var end = text.IndexOfAny([' ', '\n', '\t']);
                entities = [new MessageEntity { Type = MessageEntityType.BotCommand, Offset = 0, Length = end < 0 ? text.Length : end }];
            }
            var message = Store(new Message { Id = NextMessageId(chat.Id), From = from, Chat = chat, Date = Now, Text = text, Entities = entities });
            return Enqueue(new Update { Message = message });
        }
    }

    /// <summary>A poll_answer (no chat, no message id: like Telegram's). An empty <paramref name="optionIds"/> retracts the vote.</summary>
    public Update AnswerPoll(string pollId, User user, params int[] optionIds)
    {
        lock (_gate)
        {
            if (_polls.TryGetValue(pollId, out var message) && message.Poll is { } poll)
                CountVote(poll, user.Id, optionIds);
            return Enqueue(new Update
            {
                PollAnswer = new PollAnswer
                {
                    PollId = pollId,
                    User = user,
                    OptionIds = optionIds,
                    OptionPersistentIds = optionIds.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
                },
            });
        }
    }

    /// <summary>A `poll` update with the poll's current state (Telegram sends these for the bot's own polls).</summary>
    public Update PollUpdate(string pollId)
    {
        lock (_gate)
        {
            var poll = _polls.TryGetValue(pollId, out var message) ? message.Poll : null;
            return Enqueue(new Update { Poll = poll ?? throw new ArgumentException($"No poll {pollId} was sent", nameof(pollId)) });
        }
    }

    /// <summary>
    /// A user presses an inline button. The callback carries the stored message when the fake knows it; its id must be
    /// answered with answerCallbackQuery once.
    /// </summary>
    public Update PressButton(Chat chat, User from, int messageId, string data)
    {
        lock (_gate)
        {
            var id = (++_callbackSeq).ToString(CultureInfo.InvariantCulture);
            _openCallbacks.Add(id);
            var message = _messages.GetValueOrDefault((chat.Id, messageId))
                ?? new Message { Id = messageId, Chat = chat, From = Bot, Date = Now };
            return Enqueue(new Update
            {
                CallbackQuery = new CallbackQuery
                {
                    Id = id,
                    From = from,
                    Message = message,
                    ChatInstance = (chat.Id * 31 + 17).ToString(CultureInfo.InvariantCulture),
                    Data = data,
                },
            });
        }
    }

    /// <summary>my_chat_member: the bot is added to a group (and may send there again).</summary>
    public Update AddBotToGroup(Chat group, User by)
    {
        lock (_gate)
        {
            _chatStates.Remove(group.Id);
            return Enqueue(BotMemberChange(group, by, new ChatMemberLeft { User = Bot }, new ChatMemberMember { User = Bot }));
        }
    }

    /// <summary>my_chat_member: the bot is removed; later sends there get 403 "bot was kicked from the … chat".</summary>
    public Update RemoveBotFromGroup(Chat group, User by)
    {
        lock (_gate)
        {
            _chatStates[group.Id] = FakeChatState.BotKicked;
            return Enqueue(BotMemberChange(group, by, new ChatMemberMember { User = Bot }, new ChatMemberBanned { User = Bot }));
        }
    }

    /// <summary>my_chat_member in the private chat: the user blocked the bot; later sends get 403 "bot was blocked by the user".</summary>
    public Update BlockBot(User user)
    {
        lock (_gate)
        {
            _chatStates[user.Id] = FakeChatState.BlockedByUser;
            return Enqueue(BotMemberChange(PrivateChat(user), user, new ChatMemberMember { User = Bot }, new ChatMemberBanned { User = Bot }));
        }
    }

    /// <summary>
    /// The group becomes a supergroup: calls to the old id get 400 with migrate_to_chat_id, and both service messages
    /// (migrate_to_chat_id in the old chat, migrate_from_chat_id in the new) are queued, as Telegram does.
    /// </summary>
    public Chat MigrateGroup(Chat group, long supergroupId, User by)
    {
        lock (_gate)
        {
            var supergroup = Group(supergroupId, group.Title ?? "", supergroup: true);
            _migrated[group.Id] = supergroupId;
            Enqueue(new Update { Message = Store(new Message { Id = NextMessageId(group.Id), From = by, Chat = group, Date = Now, MigrateToChatId = supergroupId }) });
            Enqueue(new Update { Message = Store(new Message { Id = NextMessageId(supergroupId), From = by, Chat = supergroup, Date = Now, MigrateFromChatId = group.Id }) });
            return supergroup;
        }
    }

    private Update BotMemberChange(Chat chat, User by, ChatMember before, ChatMember after) =>
        new() { MyChatMember = new ChatMemberUpdated { Chat = chat, From = by, Date = Now, OldChatMember = before, NewChatMember = after } };

    // ---- getUpdates ------------------------------------------------------------------------------------------

    private async Task<Reply> GetUpdatesAsync(Request request, CancellationToken aborted)
    {
        var q = request.As<GetUpdatesRequest>();
        var limit = Math.Clamp(q.Limit ?? 100, 1, 100);
        var wait = TimeSpan.FromSeconds(Math.Clamp(q.Timeout ?? 0, 0, 50));
        if (wait > _options.LongPollCap) wait = _options.LongPollCap;

        // Not disposed on purpose: a newer poll may still Cancel() it, and without a timer it holds nothing.
        var mine = new CancellationTokenSource();
        CancellationTokenSource? superseded;
        int offset;
        lock (_gate)
        {
            if (_webhookUrl.Length > 0)
                return new Reply(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            _requestedOffsets.Add(q.Offset);
            _highestOffset = Math.Max(_highestOffset, q.Offset ?? 0);
            offset = Confirm(q.Offset ?? 0);
            // An unset list keeps the previous call's list; an empty one means the default set.
            if (q.AllowedUpdates is { } allowed)
                _allowedUpdates = allowed.Any() ? allowed.Select(t => JsonSerializer.Serialize(t, JsonBotAPI.Options).Trim('"')).ToHashSet() : null;
            superseded = _activePoll;
            _activePoll = mine;
            Pulse(ref _callSignal); // a getUpdates begun: what it confirms is handled (WaitUntilHandledAsync)
            Pulse(ref _pollSignal);
        }
        superseded?.Cancel(); // outside the lock: its continuation takes the lock too

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(mine.Token, aborted, _app.Lifetime.ApplicationStopping);
        var started = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                Task signal;
                lock (_gate)
                {
                    var batch = _updates.Where(u => u.Id >= offset && IsAllowed(u.Type)).Take(limit).Select(u => u.Json).ToList();
                    var remaining = wait - Stopwatch.GetElapsedTime(started);
                    if (batch.Count > 0 || remaining <= TimeSpan.Zero) return Ok(batch);
                    signal = _updateSignal.Task.WaitAsync(remaining, stop.Token);
                }
                try
                {
                    await signal;
                }
                catch (TimeoutException)
                {
                    // loop once more: returns the (empty) batch
                }
                catch (OperationCanceledException) when (mine.IsCancellationRequested)
                {
                    return new Reply(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
                }
                catch (OperationCanceledException)
                {
                    return Ok(Array.Empty<JsonElement>()); // the client went away or the fake is stopping
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                if (_activePoll == mine) _activePoll = null;
            }
        }
    }

    /// <summary>Forgets what an offset confirms and returns the first update_id the call may return.</summary>
    private int Confirm(int offset)
    {
        if (offset > 0)
        {
            // The queue is in ascending ids: what is confirmed is a prefix (not a scan of the whole queue per call).
            var confirmed = 0;
            while (confirmed < _updates.Count && _updates[confirmed].Id < offset) confirmed++;
            _updates.RemoveRange(0, confirmed);
            return offset;
        }
        if (offset < 0)
        {
            // A negative offset keeps only the last -offset updates and forgets the rest.
            _updates.RemoveRange(0, Math.Max(0, _updates.Count + offset));
            return _updates.Count > 0 ? _updates[0].Id : _lastUpdateId + 1;
        }
        return 0;
    }

    private bool IsAllowed(string type) => _allowedUpdates?.Contains(type) ?? !NotSentByDefault.Contains(type);
}
