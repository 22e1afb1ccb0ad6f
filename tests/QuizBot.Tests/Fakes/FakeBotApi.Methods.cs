using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace QuizBot.Tests.Fakes;

// The Bot API methods. Handlers run under _gate, so they read and change state freely; they answer errors by throwing
// ApiError with Telegram's own descriptions. Lengths are counted in UTF-16 units after entity parsing: never fewer than
// Telegram counts, so a text that passes here passes there.
public sealed partial class FakeBotApi
{
    private static readonly string[] ButtonActions =
    [
        "url", "callback_data", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay",
    ];

    private static readonly HashSet<string> ChatActions =
    [
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
        "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    ];

    private const string NotModified =
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

    private static long s_pollSeq = 5_300_000_000_000_000_000L; // static: poll ids stay unique across fakes in one test run
    private static long s_fileSeq;

    private readonly Dictionary<long, Chat> _chats = [];
    private readonly Dictionary<long, User> _users = [];
    private readonly Dictionary<long, int> _lastMessageId = [];
    private readonly Dictionary<(long Chat, int Id), Message> _messages = [];
    private readonly Dictionary<string, Message> _polls = [];
    private readonly Dictionary<string, Dictionary<long, int[]>> _votes = [];
    private readonly HashSet<string> _openCallbacks = [];
    private readonly Dictionary<long, FakeChatState> _chatStates = [];
    private readonly Dictionary<long, long> _migrated = [];
    private readonly Dictionary<long, HashSet<long>> _admins = [];
    private readonly Dictionary<long, long> _creators = [];
    private readonly Dictionary<long, HashSet<long>> _members = [];
    private readonly Dictionary<long, HashSet<long>> _onlyMembers = [];
    private readonly Dictionary<long, int> _memberCounts = [];
    private readonly Dictionary<string, BotCommand[]> _commands = [];

    // ---- configuration --------------------------------------------------------------------------------------

    /// <summary>Makes these users administrators of the chat (getChatMember, getChatAdministrators); include Bot.Id for the bot.</summary>
    public void SetAdmins(long chatId, params long[] userIds)
    {
        lock (_gate) _admins[chatId] = [.. userIds];
    }

    /// <summary>Makes this user the chat's creator ("creator" status).</summary>
    public void SetCreator(long chatId, long userId)
    {
        lock (_gate) _creators[chatId] = userId;
    }

    /// <summary>
    /// Only these users (besides the chat's administrators and creator) are its members: getChatMember answers "left" for
    /// anyone else, such as someone voting on a forwarded copy of the group's poll. Without it, anyone is a member.
    /// </summary>
    public void SetMembers(long chatId, params long[] userIds)
    {
        lock (_gate) _onlyMembers[chatId] = [.. userIds];
    }

    /// <summary>What getChatMemberCount answers (by default: 2 in private chats, else everyone seen in the chat plus the bot).</summary>
    public void SetMemberCount(long chatId, int count)
    {
        lock (_gate) _memberCounts[chatId] = count;
    }

    /// <summary>How every later call about this chat is answered (see <see cref="FakeChatState"/>).</summary>
    public void SetChatState(long chatId, FakeChatState state)
    {
        lock (_gate)
        {
            if (state == FakeChatState.Active) _chatStates.Remove(chatId);
            else _chatStates[chatId] = state;
        }
    }

    /// <summary>The current state of a message the bot sent (or a user's message the fake queued); null once deleted.</summary>
    public Message? FindMessage(long chatId, int messageId)
    {
        lock (_gate) return _messages.TryGetValue((chatId, messageId), out var m) ? Copy(m) : null;
    }

    /// <summary>The current state of a poll the bot sent: vote counts from <see cref="AnswerPoll"/>, closed by stopPoll or its close_date.</summary>
    public Poll? FindPoll(string pollId)
    {
        lock (_gate)
        {
            if (!_polls.TryGetValue(pollId, out var m) || m.Poll is not { } poll) return null;
            IsClosed(poll);
            return Copy(poll);
        }
    }

    /// <summary>The commands set with setMyCommands for a scope ("default", "all_private_chats", "all_group_chats", "chat"…).</summary>
    public IReadOnlyList<BotCommand> CommandsFor(string scopeType = "default", long? chatId = null, long? userId = null, string? languageCode = null)
    {
        lock (_gate) return _commands.GetValueOrDefault(ScopeKey(scopeType, chatId, userId, languageCode)) ?? [];
    }

    // ---- dispatch table -------------------------------------------------------------------------------------

    private Dictionary<string, Func<Request, Reply>> CreateHandlers() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["getMe"] = _ => Ok(Bot),
        ["deleteWebhook"] = DeleteWebhook,
        ["getWebhookInfo"] = GetWebhookInfo,
        ["setWebhook"] = SetWebhook,
        ["close"] = _ => Ok(true),
        ["logOut"] = _ => Ok(true),
        ["setMyCommands"] = SetMyCommands,
        ["getMyCommands"] = GetMyCommands,
        ["deleteMyCommands"] = DeleteMyCommands,
        ["sendMessage"] = SendMessage,
        ["editMessageText"] = EditMessageText,
        ["editMessageReplyMarkup"] = EditMessageReplyMarkup,
        ["deleteMessage"] = DeleteMessage,
        ["answerCallbackQuery"] = AnswerCallbackQuery,
        ["sendPoll"] = SendPoll,
        ["stopPoll"] = StopPoll,
        ["getChatMember"] = GetChatMember,
        ["getChatAdministrators"] = GetChatAdministrators,
        ["getChat"] = GetChat,
        ["getChatMemberCount"] = GetChatMemberCount,
        ["sendDocument"] = r => SendFile(r, "sendDocument", "document"),
        ["sendPhoto"] = r => SendFile(r, "sendPhoto", "photo"),
        ["leaveChat"] = LeaveChat,
        ["sendChatAction"] = SendChatAction,
    };

    private static Reply Ok<T>(T result, object? artifact = null) => new(200, Result: ToJson(result)) { Artifact = artifact };

    // ---- methods ----------------------------------------------------------------------------------------------

    private Reply SetMyCommands(Request r)
    {
        var q = r.As<SetMyCommandsRequest>();
        var commands = q.Commands.ToArray();
        // An empty list is allowed: it clears the menu, like deleteMyCommands.
        if (commands.Length > 100) throw Bad("BOT_COMMANDS_TOO_MUCH");
        foreach (var c in commands)
        {
            if (c.Command is null || !Regex.IsMatch(c.Command, "^[a-z0-9_]{1,32}$")) throw Bad("BOT_COMMAND_INVALID");
            if (string.IsNullOrWhiteSpace(c.Description) || c.Description.Length > 256) throw Bad("BOT_COMMAND_DESCRIPTION_INVALID");
        }
        _commands[ScopeKey(r.Json("scope"), q.LanguageCode)] = commands;
        return Ok(true);
    }

    private Reply GetMyCommands(Request r) =>
        Ok(_commands.GetValueOrDefault(ScopeKey(r.Json("scope"), r.Str("language_code"))) ?? []);

    private Reply DeleteMyCommands(Request r)
    {
        _commands.Remove(ScopeKey(r.Json("scope"), r.Str("language_code")));
        return Ok(true);
    }

    private Reply SendMessage(Request r)
    {
        if (string.IsNullOrEmpty(r.Str("text"))) throw Bad("message text is empty");
        var q = r.As<SendMessageRequest>();
        var chat = CheckChat(ChatIdOf(q.ChatId));
        var (plain, entities) = Formatted(q.Text, q.ParseMode, q.Entities);
        CheckText(plain, 4096, "message text is empty", "message is too long");
        var markup = CheckMarkup(r.Json("reply_markup"));
        Throttle(chat.Id);

        var message = Store(NewBotMessage(chat));
        message.Text = plain;
        message.Entities = entities;
        message.ReplyMarkup = markup;
        var sent = new SentMessage(0, chat.Id, message.Id, q.Text, plain, r.Str("parse_mode"), r.Json("reply_markup"),
            markup?.InlineKeyboard.SelectMany(row => row).ToArray() ?? [], _time.GetUtcNow());
        return Ok(message, sent);
    }

    private Reply EditMessageText(Request r)
    {
        if (r.Str("inline_message_id") is not null) throw Bad("FakeBotApi does not support inline messages");
        if (string.IsNullOrEmpty(r.Str("text"))) throw Bad("message text is empty");
        var q = r.As<EditMessageTextRequest>();
        var message = EditableMessage(ChatIdOf(q.ChatId), q.MessageId);
        if (message.Text is null) throw Bad("there is no text in the message to edit");
        var (plain, entities) = Formatted(q.Text, q.ParseMode, q.Entities);
        CheckText(plain, 4096, "message text is empty", "message is too long");
        // Without reply_markup the edit removes the inline keyboard, as on Telegram.
        var markup = CheckMarkup(r.Json("reply_markup"));
        if (plain == message.Text && SameJson(entities, message.Entities) && SameJson(markup, message.ReplyMarkup)) throw Bad(NotModified);

        message.Text = plain;
        message.Entities = entities;
        message.ReplyMarkup = markup;
        message.EditDate = Now;
        return Ok(message);
    }

    private Reply EditMessageReplyMarkup(Request r)
    {
        if (r.Str("inline_message_id") is not null) throw Bad("FakeBotApi does not support inline messages");
        var message = EditableMessage(RequireChatId(r), (int)(r.Long("message_id") ?? throw Bad("message identifier is not specified")));
        var markup = CheckMarkup(r.Json("reply_markup"));
        if (SameJson(markup, message.ReplyMarkup)) throw Bad(NotModified);
        message.ReplyMarkup = markup;
        message.EditDate = Now;
        return Ok(message);
    }

    private Reply DeleteMessage(Request r)
    {
        var chat = CheckChat(RequireChatId(r));
        var id = (int)(r.Long("message_id") ?? throw Bad("message identifier is not specified"));
        if (!_messages.Remove((chat.Id, id))) throw Bad("message to delete not found");
        return Ok(true);
    }

    private Reply AnswerCallbackQuery(Request r)
    {
        var q = r.As<AnswerCallbackQueryRequest>();
        if (!_openCallbacks.Remove(q.CallbackQueryId))
            throw Bad("query is too old and response timeout expired or query ID is invalid");
        if (q.Text is { Length: > 200 }) throw Bad("MESSAGE_TOO_LONG");
        return Ok(true);
    }

    private Reply SendPoll(Request r)
    {
        var q = r.As<SendPollRequest>();
        var chat = CheckChat(ChatIdOf(q.ChatId));
        var (question, questionEntities) = Formatted(q.Question, q.QuestionParseMode, q.QuestionEntities);
        CheckText(question, 300, "poll question must be non-empty", "poll question length must not exceed 300");

        var inputs = q.Options.ToArray();
        if (inputs.Length < 2) throw Bad("poll must have at least 2 option");
        if (inputs.Length > 12) throw Bad("poll can't have more than 12 options");
        var options = inputs.Select((o, i) =>
        {
            var (text, entities) = Formatted(o.Text, o.TextParseMode, o.TextEntities);
            CheckText(text, 100, "poll options must be non-empty", "poll options length must not exceed 100");
            return new PollOption { PersistentId = i.ToString(CultureInfo.InvariantCulture), Text = text, TextEntities = entities };
        }).ToArray();

        var type = q.Type ?? PollType.Regular;
        // Bot API 9.6 renamed correct_option_id to the list correct_option_ids; older clients still send the single one.
        var correct = (q.CorrectOptionIds ?? (r.Long("correct_option_id") is { } legacy ? [(int)legacy] : [])).Distinct().Order().ToArray();
        if (type == PollType.Quiz)
        {
            if (correct.Length == 0) throw Bad("correct option ids must be specified for quiz polls");
            if (correct.Any(i => i < 0 || i >= options.Length)) throw Bad("wrong correct option id specified");
        }
        else if (correct.Length > 0)
        {
            throw Bad("correct option ids can be specified only for quiz polls");
        }

        string? explanation = null;
        MessageEntity[]? explanationEntities = null;
        if (q.Explanation is not null)
        {
            (explanation, explanationEntities) = Formatted(q.Explanation, q.ExplanationParseMode, q.ExplanationEntities);
            if (explanation.Length > 200) throw Bad("explanation length must not exceed 200");
            if (explanation.Count(c => c == '\n') > 2) throw Bad("explanation can't contain more than 2 line feeds");
        }
        if (q.OpenPeriod is < 5 or > 2_628_000) throw Bad("wrong open period specified");
        var markup = CheckMarkup(r.Json("reply_markup"));
        Throttle(chat.Id);

        var poll = new Poll
        {
            Id = Interlocked.Increment(ref s_pollSeq).ToString(CultureInfo.InvariantCulture),
            Question = question,
            QuestionEntities = questionEntities,
            Options = options,
            IsAnonymous = q.IsAnonymous ?? true,
            Type = type,
            AllowsMultipleAnswers = q.AllowsMultipleAnswers,
            AllowsRevoting = q.AllowsRevoting,
            CorrectOptionIds = type == PollType.Quiz ? correct : null,
            Explanation = explanation,
            ExplanationEntities = explanationEntities,
            OpenPeriod = q.OpenPeriod,
            CloseDate = q.CloseDate ?? (q.OpenPeriod is { } p ? Now.AddSeconds(p) : null),
        };
        var message = Store(NewBotMessage(chat));
        message.Poll = poll;
        message.ReplyMarkup = markup;
        _polls[poll.Id] = message;
        var sent = new SentPoll(0, chat.Id, message.Id, poll.Id, question, options.Select(o => o.Text).ToArray(), correct,
            poll.IsAnonymous, type == PollType.Quiz ? "quiz" : "regular", poll.AllowsMultipleAnswers, explanation, q.OpenPeriod, _time.GetUtcNow());
        return Ok(message, sent);
    }

    private Reply StopPoll(Request r)
    {
        var q = r.As<StopPollRequest>();
        var chat = CheckChat(ChatIdOf(q.ChatId));
        if (_messages.GetValueOrDefault((chat.Id, q.MessageId))?.Poll is not { } poll) throw Bad("message with poll to stop not found");
        if (IsClosed(poll)) throw Bad("poll has already been closed");
        poll.IsClosed = true;
        return Ok(poll);
    }

    private Reply GetChatMember(Request r)
    {
        var chat = CheckChat(RequireChatId(r));
        var userId = r.Long("user_id") ?? throw Bad("invalid user_id specified");
        return Ok(MemberOf(chat, userId));
    }

    private Reply GetChatAdministrators(Request r)
    {
        var chat = CheckChat(RequireChatId(r));
        if (chat.Type == ChatType.Private) throw Bad("there are no administrators in the private chat");
        var ids = _creators.TryGetValue(chat.Id, out var creator) ? [creator] : new List<long>();
        ids.AddRange((_admins.GetValueOrDefault(chat.Id) ?? []).Where(id => id != creator).Order());
        return Ok(ids.Select(id => MemberOf(chat, id)).ToArray());
    }

    private Reply GetChatMemberCount(Request r)
    {
        var chat = CheckChat(RequireChatId(r));
        if (_memberCounts.TryGetValue(chat.Id, out var count)) return Ok(count);
        if (chat.Type == ChatType.Private) return Ok(2);
        var members = new HashSet<long>(_members.GetValueOrDefault(chat.Id) ?? []) { Bot.Id };
        members.UnionWith(_admins.GetValueOrDefault(chat.Id) ?? []);
        if (_creators.TryGetValue(chat.Id, out var creator)) members.Add(creator);
        return Ok(members.Count);
    }

    private Reply GetChat(Request r)
    {
        var chat = CheckChat(RequireChatId(r));
        return Ok(new ChatFullInfo
        {
            Id = chat.Id,
            Type = chat.Type,
            Title = chat.Title,
            Username = chat.Username,
            FirstName = chat.FirstName,
            LastName = chat.LastName,
            MaxReactionCount = 11,
        });
    }

    private Reply SendFile(Request r, string method, string field)
    {
        var chat = CheckChat(RequireChatId(r));
        // The library uploads as a part named "0" referenced by "attach://0"; a part named after the field works too.
        var upload = r.Files.FirstOrDefault(f => f.PartName == field);
        if (upload is null)
        {
            var reference = r.Str(field) ?? throw Bad($"there is no {field} in the request");
            if (reference.StartsWith("attach://", StringComparison.Ordinal))
            {
                var part = reference["attach://".Length..];
                upload = r.Files.FirstOrDefault(f => f.PartName == part) ?? throw Bad($"file attachment \"{part}\" not found");
            }
        }
        if (upload is { Bytes.Length: 0 }) throw Bad("file must be non-empty");
        var (width, height) = (0, 0);
        if (field == "photo" && upload is not null)
        {
            if (!IsImage(upload.Bytes)) throw Bad("IMAGE_PROCESS_FAILED");
            (width, height) = PngSize(upload.Bytes);
            if (width + height > 10_000) throw Bad("PHOTO_INVALID_DIMENSIONS");
        }
        var caption = r.Str("caption");
        string? plainCaption = null;
        MessageEntity[]? captionEntities = null;
        if (caption is not null)
        {
            var mode = Enum.TryParse<ParseMode>(r.Str("parse_mode"), ignoreCase: true, out var m) ? m : ParseMode.None;
            (plainCaption, captionEntities) = Formatted(caption, mode, null);
            if (plainCaption.Length > 1024) throw Bad("message caption is too long");
        }
        var markup = CheckMarkup(r.Json("reply_markup"));
        Throttle(chat.Id);

        var message = Store(NewBotMessage(chat));
        message.Caption = plainCaption;
        message.CaptionEntities = captionEntities;
        message.ReplyMarkup = markup;
        var fileId = $"FAKE{Interlocked.Increment(ref s_fileSeq)}";
        var size = upload?.Bytes.Length;
        if (field == "photo")
        {
            message.Photo = [new PhotoSize { FileId = fileId, FileUniqueId = fileId + "u", Width = width, Height = height, FileSize = size }];
        }
        else
        {
            var mime = upload is null ? null
                : new FileExtensionContentTypeProvider().TryGetContentType(upload.FileName, out var t) ? t : "application/octet-stream";
            message.Document = new Document { FileId = fileId, FileUniqueId = fileId + "u", FileName = upload?.FileName, MimeType = mime, FileSize = size };
        }
        var sent = new SentFile(0, method, chat.Id, message.Id, upload?.FileName, upload?.Bytes ?? [], caption, _time.GetUtcNow());
        return Ok(message, sent);
    }

    private Reply LeaveChat(Request r)
    {
        var chat = CheckChat(RequireChatId(r));
        if (chat.Type == ChatType.Private) throw Bad("chat member status can't be changed in private chats");
        _chatStates[chat.Id] = FakeChatState.BotLeft;
        return Ok(true);
    }

    private Reply SendChatAction(Request r)
    {
        CheckChat(RequireChatId(r));
        if (!ChatActions.Contains(r.Str("action") ?? "")) throw Bad("wrong parameter action in request");
        return Ok(true);
    }

    // ---- shared checks ----------------------------------------------------------------------------------------

    private Chat CheckChat(long chatId)
    {
        if (_migrated.TryGetValue(chatId, out var to))
            throw new ApiError(new Reply(400, "Bad Request: group chat was upgraded to a supergroup chat") { MigrateTo = to });
        var chat = ChatOf(chatId);
        var kind = chat.Type == ChatType.Supergroup ? "supergroup chat" : chat.Type == ChatType.Channel ? "channel chat" : "group chat";
        return _chatStates.GetValueOrDefault(chatId) switch
        {
            FakeChatState.NotFound => throw Bad("chat not found"),
            FakeChatState.BlockedByUser => throw Forbidden("bot was blocked by the user"),
            FakeChatState.UserDeactivated => throw Forbidden("user is deactivated"),
            FakeChatState.BotKicked => throw Forbidden($"bot was kicked from the {kind}"),
            FakeChatState.BotLeft => throw Forbidden($"bot is not a member of the {kind}"),
            _ => chat,
        };
    }

    private static long ChatIdOf(ChatId? id) => id?.Identifier ?? throw Bad("chat not found");

    private static long RequireChatId(Request r) =>
        r.ChatId ?? throw Bad(r.Str("chat_id") is null ? "chat_id is empty" : "chat not found");

    private Message EditableMessage(long chatId, int messageId)
    {
        var chat = CheckChat(chatId);
        var message = _messages.GetValueOrDefault((chat.Id, messageId)) ?? throw Bad("message to edit not found");
        if (message.From?.Id != Bot.Id) throw Bad("message can't be edited");
        return message;
    }

    private void Throttle(long chatId)
    {
        if (_options.EnforceRateLimits && _rateLimiter.TryAcquire(chatId) is { } retryAfter)
            throw new ApiError(new Reply(429, $"Too Many Requests: retry after {retryAfter}") { RetryAfter = retryAfter });
    }

    /// <summary>Text after entity parsing, and its entities. Only HTML is parsed; other modes are counted raw (never fewer).</summary>
    private static (string Plain, MessageEntity[]? Entities) Formatted(string? text, ParseMode mode, IEnumerable<MessageEntity>? entities)
    {
        text ??= "";
        if (mode != ParseMode.Html) return (text, entities?.ToArray() is { Length: > 0 } e ? e : null);
        try
        {
            var (plain, parsed) = HtmlRules.Parse(text);
            return (plain, parsed.Length > 0 ? parsed : null);
        }
        catch (FormatException ex)
        {
            throw Bad("can't parse entities: " + ex.Message);
        }
    }

    private static void CheckText(string plain, int max, string empty, string tooLong)
    {
        if (string.IsNullOrWhiteSpace(plain)) throw Bad(empty);
        if (plain.Length > max) throw Bad(tooLong);
    }

    /// <summary>Validates an inline keyboard (callback_data 1–64 UTF-8 bytes, one action per button); other markups pass.</summary>
    private static InlineKeyboardMarkup? CheckMarkup(JsonElement? markup)
    {
        if (markup is not { ValueKind: JsonValueKind.Object } m || !m.TryGetProperty("inline_keyboard", out var rows)) return null;
        if (rows.ValueKind != JsonValueKind.Array || rows.EnumerateArray().Any(row => row.ValueKind != JsonValueKind.Array))
            throw Bad("can't parse inline keyboard: field \"inline_keyboard\" must be an Array of Arrays");
        foreach (var button in rows.EnumerateArray().SelectMany(row => row.EnumerateArray()))
        {
            if (button.ValueKind != JsonValueKind.Object || !button.TryGetProperty("text", out var text) || string.IsNullOrEmpty(text.GetString()))
                throw Bad("can't parse inline keyboard button: Text must be non-empty");
            if (button.TryGetProperty("callback_data", out var data))
            {
                if (Encoding.UTF8.GetByteCount(data.GetString() ?? "") is < 1 or > 64) throw Bad("BUTTON_DATA_INVALID");
            }
            else if (!ButtonActions.Any(a => button.TryGetProperty(a, out _)))
            {
                throw Bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
            }
        }
        return m.Deserialize<InlineKeyboardMarkup>(JsonBotAPI.Options);
    }

    private static bool SameJson<T>(T a, T b) => ToJson(a).GetRawText() == ToJson(b).GetRawText();

    // ---- state helpers ----------------------------------------------------------------------------------------

    private Message NewBotMessage(Chat chat) => new() { Id = NextMessageId(chat.Id), From = Bot, Chat = chat, Date = Now };

    // Users' and the bot's messages share one id sequence per chat, as in Telegram.
    private int NextMessageId(long chatId) => _lastMessageId[chatId] = _lastMessageId.GetValueOrDefault(chatId) + 1;

    private Message Store(Message message)
    {
        _messages[(message.Chat.Id, message.Id)] = message;
        return message;
    }

    private void Remember(Update update)
    {
        foreach (var message in new[] { update.Message, update.EditedMessage, update.ChannelPost, update.EditedChannelPost })
            if (message is not null) Seen(message.Chat, message.From);
        if (update.CallbackQuery is { } callback) Seen(callback.Message?.Chat, callback.From);
        if (update.MyChatMember is { } change) Seen(change.Chat, change.From);
        if (update.PollAnswer?.User is { } voter) Seen(null, voter);
    }

    // Known chats and users give getChat, getChatMember and getChatMemberCount their answers.
    private void Seen(Chat? chat, User? user)
    {
        if (chat is not null) _chats[chat.Id] = chat;
        if (user is null || user.Id == Bot.Id) return;
        _users[user.Id] = user;
        if (chat is not null) (_members.TryGetValue(chat.Id, out var m) ? m : _members[chat.Id] = []).Add(user.Id);
    }

    // Ids the bot was never shown: positive ids are private chats, -100… supergroups, other negatives basic groups.
    private Chat ChatOf(long chatId) =>
        _chats.TryGetValue(chatId, out var chat) ? chat
        : chatId > 0 ? PrivateChat(UserOf(chatId))
        : Group(chatId, $"Group {chatId}", supergroup: chatId <= -1_000_000_000_000);

    private User UserOf(long userId) =>
        userId == Bot.Id ? Bot : _users.TryGetValue(userId, out var user) ? user : MakeUser(userId, $"User {userId}");

    private ChatMember MemberOf(Chat chat, long userId)
    {
        var user = UserOf(userId);
        if (_creators.TryGetValue(chat.Id, out var creator) && creator == userId) return new ChatMemberOwner { User = user };
        if (_admins.TryGetValue(chat.Id, out var admins) && admins.Contains(userId))
        {
            return new ChatMemberAdministrator
            {
                User = user,
                CanManageChat = true,
                CanDeleteMessages = true,
                CanRestrictMembers = true,
                CanInviteUsers = true,
                CanPinMessages = true,
                CanChangeInfo = true,
            };
        }
        if (_onlyMembers.TryGetValue(chat.Id, out var members) && !members.Contains(userId)) return new ChatMemberLeft { User = user };
        return new ChatMemberMember { User = user };
    }

    // A poll with open_period closes itself at close_date (by the options' clock), so a later stopPoll fails as on Telegram.
    private bool IsClosed(Poll poll) => poll.IsClosed = poll.IsClosed || poll.CloseDate <= Now;

    private void CountVote(Poll poll, long userId, int[] optionIds)
    {
        var votes = _votes.TryGetValue(poll.Id, out var v) ? v : _votes[poll.Id] = [];
        votes[userId] = optionIds;
        for (var i = 0; i < poll.Options.Length; i++)
            poll.Options[i].VoterCount = votes.Values.Count(ids => ids.Contains(i));
        poll.TotalVoterCount = votes.Values.Count(ids => ids.Length > 0);
    }

    private static string ScopeKey(JsonElement? scope, string? languageCode)
    {
        string? Field(string name) => scope is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(name, out var f) ? f.ToString() : null;
        return ScopeKey(Field("type") ?? "default", Field("chat_id") is { } c ? long.Parse(c, CultureInfo.InvariantCulture) : null,
            Field("user_id") is { } u ? long.Parse(u, CultureInfo.InvariantCulture) : null, languageCode);
    }

    private static string ScopeKey(string type, long? chatId, long? userId, string? languageCode) =>
        $"{type}|{chatId}|{userId}|{languageCode}";

    private static T Copy<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Json), Json)!;

    private static bool IsImage(byte[] b) =>
        b.AsSpan().StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])
        || b.AsSpan().StartsWith((byte[])[0xFF, 0xD8, 0xFF])
        || b.AsSpan().StartsWith("GIF8"u8)
        || (b.Length > 12 && b.AsSpan(0, 4).SequenceEqual("RIFF"u8) && b.AsSpan(8, 4).SequenceEqual("WEBP"u8));

    private static (int Width, int Height) PngSize(byte[] b) =>
        b.Length >= 24 && b[0] == 0x89 && b.AsSpan(12, 4).SequenceEqual("IHDR"u8)
            ? (BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(20, 4)))
            : (0, 0);
}
