using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Quizzes;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace QuizBot.Telegram;

/// <summary>
/// Every outgoing Telegram call goes through here: paced to Telegram's limits (about 30 messages/s overall, 1/s per private
/// chat with short bursts, 20/minute per group), 429 honoured through retry_after, chats that blocked or removed the bot
/// marked so nothing more is sent there, migrated groups followed. A send that timed out is not retried blindly because it may
/// have been delivered (a duplicate poll is worse than a missing one: /quiz or /stop recovers).
/// </summary>
internal sealed class BotSender : IAsyncDisposable
{
    private const int MaxAttempts = 5;
    private readonly ITelegramBotClient _bot;
    private readonly ChatService _chats;
    private readonly TimeProvider _time;
    private readonly ILogger<BotSender> _log;
    private readonly RateLimiter _global;
    private readonly TimeSpan _globalWindow;
    private readonly PartitionedRateLimiter<long> _perChat;

    public BotSender(ITelegramBotClient bot, ChatService chats, TimeProvider time, ILogger<BotSender> log, IOptions<TelegramOptions> options)
    {
        _bot = bot;
        _chats = chats;
        _time = time;
        _log = log;
        var o = options.Value;
        // Overall: at most N messages in flight or answered within the last window (N per second at 30/s). Telegram counts
        // a message when it arrives, which is after we take its permit and before its answer reaches us, so a permit held
        // until one window after the answer keeps every window on Telegram's side within the limit however unevenly
        // requests travel (docs/daily.md). A token bucket refilled every tenth of a second let 303 through in one second at a
        // limit of 300, and a sliding window of our own send times was caught out by delays under load (429s in both,
        // docs/benchmarks.md "Daily push"). This costs only the answer's latency: with a few ms, over 99% of the limit.
        var perWindow = Math.Max(1, (int)Math.Floor(o.GlobalPerSecond));
        _globalWindow = TimeSpan.FromSeconds(perWindow / o.GlobalPerSecond) + TimeSpan.FromMilliseconds(5);
        _global = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = perWindow,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _perChat = PartitionedRateLimiter.Create<long, long>(chatId => chatId < 0
            // Groups: a sliding window, because a token bucket would let 2x the limit through in a minute; one that holds
            // for every real minute (12 segments of 5 s let up to 2x through across a segment boundary).
            ? RateLimitPartition.GetSlidingWindowLimiter(chatId, _ => StrictWindow(o.GroupPerMinute, TimeSpan.FromMinutes(1),
                segment: TimeSpan.FromSeconds(1), margin: TimeSpan.FromSeconds(1)))
            : RateLimitPartition.GetTokenBucketLimiter(chatId, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = o.PrivateBurst,
                TokensPerPeriod = o.PrivatePerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
    }

    public async Task<Message?> SendTextAsync(long chatId, string html, ReplyMarkup? markup = null, CancellationToken ct = default) =>
        (await TrySendTextAsync(chatId, html, markup, ct)).Value;

    public async Task<Message?> SendQuizAsync(long chatId, string question, IReadOnlyList<string> options, IReadOnlyList<int> correct,
        string explanation, int? openPeriodSeconds, CancellationToken ct = default) =>
        (await TrySendQuizAsync(chatId, question, options, correct, explanation, openPeriodSeconds, ct)).Value;

    /// <summary>As <see cref="SendTextAsync"/>, saying what became of the message (e.g. the chat is gone).</summary>
    public Task<SendResult<Message>> TrySendTextAsync(long chatId, string html, ReplyMarkup? markup = null, CancellationToken ct = default) =>
        TrySendAsync(chatId, "sendMessage", countsAsMessage: true, idempotent: false, (id, c) => _bot.SendMessage(id, html,
            parseMode: ParseMode.Html, replyMarkup: markup, linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
            cancellationToken: c), ct);

    /// <summary>
    /// As <see cref="SendQuizAsync"/>, saying what became of the poll. <paramref name="beforeRequest"/> runs once the pacing
    /// let the poll go, right before each request (the daily push records its pending poll there, docs/daily.md).
    /// </summary>
    public Task<SendResult<Message>> TrySendQuizAsync(long chatId, string question, IReadOnlyList<string> options, IReadOnlyList<int> correct,
        string explanation, int? openPeriodSeconds, CancellationToken ct = default, Func<Task>? beforeRequest = null) =>
        TrySendAsync(chatId, "sendPoll", countsAsMessage: true, idempotent: false, async (id, c) =>
        {
            if (beforeRequest is not null) await beforeRequest();
            return await _bot.SendPoll(id, question,
            options.Select(o => new InputPollOption(o)),
            isAnonymous: false, // an anonymous poll never produces poll_answer, so nobody could be scored
            type: PollType.Quiz,
            correctOptionIds: correct,
            explanation: explanation,
            openPeriod: openPeriodSeconds,
            cancellationToken: c);
        }, ct);

    /// <summary>Replaces a message's text and removes its buttons (an edit: paced globally, not per chat).</summary>
    public Task<Message?> EditTextAsync(long chatId, int messageId, string html, CancellationToken ct = default) =>
        SendAsync(chatId, "editMessageText", countsAsMessage: false, idempotent: true, (id, c) => _bot.EditMessageText(id, messageId, html,
            parseMode: ParseMode.Html, cancellationToken: c), ct);

    /// <summary>Uploads an image (e.g. the /me chart) with an optional HTML caption (0–1024 characters after parsing).</summary>
    public Task<Message?> SendPhotoAsync(long chatId, byte[] image, string fileName, string? captionHtml = null, CancellationToken ct = default) =>
        SendAsync(chatId, "sendPhoto", countsAsMessage: true, idempotent: false, (id, c) => _bot.SendPhoto(id,
            InputFile.FromStream(new MemoryStream(image, writable: false), fileName), // a fresh stream per attempt
            caption: captionHtml, parseMode: ParseMode.Html, cancellationToken: c), ct);

    /// <summary>Uploads a file (e.g. the /export CSV) with an optional HTML caption.</summary>
    public Task<Message?> SendDocumentAsync(long chatId, byte[] content, string fileName, string? captionHtml = null, CancellationToken ct = default) =>
        SendAsync(chatId, "sendDocument", countsAsMessage: true, idempotent: false, (id, c) => _bot.SendDocument(id,
            InputFile.FromStream(new MemoryStream(content, writable: false), fileName),
            caption: captionHtml, parseMode: ParseMode.Html, cancellationToken: c), ct);

    public Task<Poll?> StopPollAsync(long chatId, int messageId, CancellationToken ct = default) =>
        SendAsync(chatId, "stopPoll", countsAsMessage: false, idempotent: true, (id, c) => _bot.StopPoll(id, messageId, cancellationToken: c), ct);

    public async Task AnswerCallbackAsync(string callbackQueryId, string? text, CancellationToken ct = default) =>
        await SendAsync(0, "answerCallbackQuery", countsAsMessage: false, idempotent: true, async (_, c) =>
        {
            await _bot.AnswerCallbackQuery(callbackQueryId, text, cancellationToken: c);
            return callbackQueryId;
        }, ct);

    public Task<ChatMember?> GetChatMemberAsync(long chatId, long userId, CancellationToken ct = default) =>
        SendAsync(chatId, "getChatMember", countsAsMessage: false, idempotent: true, (id, c) => _bot.GetChatMember(id, userId, c), ct);

    public async Task<int?> GetChatMemberCountAsync(long chatId, CancellationToken ct = default) =>
        await SendAsync(chatId, "getChatMemberCount", countsAsMessage: false, idempotent: true,
            async (id, c) => (object)await _bot.GetChatMemberCount(id, c), ct) as int?;

    private async Task<T?> SendAsync<T>(long chatId, string method, bool countsAsMessage, bool idempotent,
        Func<long, CancellationToken, Task<T>> call, CancellationToken ct) where T : class =>
        (await TrySendAsync(chatId, method, countsAsMessage, idempotent, call, ct)).Value;

    private async Task<SendResult<T>> TrySendAsync<T>(long chatId, string method, bool countsAsMessage, bool idempotent,
        Func<long, CancellationToken, Task<T>> call, CancellationToken ct) where T : class
    {
        var target = chatId;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var permit = countsAsMessage ? await AcquireAsync(target, ct) : null;
            try
            {
                return new(await CallAsync(permit, call, target, ct), SendOutcome.Sent, target);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429)
            {
                var wait = TimeSpan.FromSeconds(Math.Max(1, ex.Parameters?.RetryAfter ?? 1));
                _log.LogWarning("Telegram asked us to slow down in {Method} to chat {ChatId}: waiting {Seconds} s", method, target, wait.TotalSeconds);
                await Task.Delay(wait, _time, ct);
            }
            catch (ApiRequestException ex) when (ex.Parameters?.MigrateToChatId is { } newId)
            {
                _log.LogInformation("Chat {ChatId} became supergroup {NewChatId}; following it", target, newId);
                await _chats.MigratedAsync(target, newId);
                target = newId;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 403 || IsChatNotFound(ex))
            {
                _log.LogInformation("Chat {ChatId} is gone ({Reason}); nothing more will be sent there", target, ex.Message);
                await _chats.LeftAsync(target);
                return new(null, SendOutcome.ChatGone, target);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode >= 500 && attempt < MaxAttempts)
            {
                _log.LogWarning("Telegram failed {Method} with {Code}; retrying", method, ex.ErrorCode);
                await Task.Delay(Backoff(attempt), _time, ct);
            }
            catch (ApiRequestException ex) when (method == "stopPoll" && ex.ErrorCode == 400 &&
                ex.Message.Contains("poll has already been closed", StringComparison.OrdinalIgnoreCase))
            {
                // Closed already: by its open period, or by the instance that led before a takeover. What stopPoll is for.
                _log.LogInformation("Poll in chat {ChatId} was already closed", target);
                return new(null, SendOutcome.Rejected, target);
            }
            catch (ApiRequestException ex)
            {
                // A 400 here is our bug (length, HTML...): log it, the update's handler goes on.
                _log.LogError("Telegram rejected {Method} to chat {ChatId}: {Code} {Description}", method, target, ex.ErrorCode, ex.Message);
                return new(null, SendOutcome.Rejected, target);
            }
            catch (RequestException ex) when (!ct.IsCancellationRequested && (int?)ex.HttpStatusCode >= 500 && attempt < MaxAttempts)
            {
                // A 5xx with an unreadable (HTML) body comes from a proxy or an overloaded server: nothing was sent.
                _log.LogWarning("Telegram answered {Method} with HTTP {Code} and no API result; retrying", method, (int?)ex.HttpStatusCode);
                await Task.Delay(Backoff(attempt), _time, ct);
            }
            catch (RequestException ex) when (!ct.IsCancellationRequested)
            {
                // Network failure or timeout. The exception text may carry the request URL (and so the token): never log it.
                if (!idempotent || attempt == MaxAttempts)
                {
                    _log.LogWarning("{Method} to chat {ChatId} failed without an answer from Telegram ({Error}); not retried", method, target, ex.GetType().Name);
                    return new(null, SendOutcome.NoAnswer, target);
                }
                await Task.Delay(Backoff(attempt), _time, ct);
            }
        }
        _log.LogWarning("{Method} to chat {ChatId} gave up after {Attempts} attempts", method, target, MaxAttempts);
        return new(null, SendOutcome.Rejected, target);
    }

    /// <summary>Waits for the chat's and then the overall permit; the overall one is given back by <see cref="ReleaseLater"/>.</summary>
    private async Task<RateLimitLease> AcquireAsync(long chatId, CancellationToken ct)
    {
        using var chatLease = await _perChat.AcquireAsync(chatId, 1, ct);
        return await _global.AcquireAsync(1, ct);
    }

    /// <summary>The call itself; its overall permit is given back one window after it ends, however it ends.</summary>
    private async Task<T> CallAsync<T>(RateLimitLease? permit, Func<long, CancellationToken, Task<T>> call, long target, CancellationToken ct)
    {
        try
        {
            return await call(target, ct);
        }
        finally
        {
            ReleaseLater(permit);
        }
    }

    /// <summary>Gives an overall permit back one window after Telegram answered (real time: Telegram's limits run on it).</summary>
    private void ReleaseLater(RateLimitLease? permit)
    {
        if (permit is not null) _ = ReleaseAsync(permit, _globalWindow);

        static async Task ReleaseAsync(RateLimitLease permit, TimeSpan after)
        {
            await DelayAtLeastAsync(after);
            try { permit.Dispose(); }
            catch (ObjectDisposedException) { /* the sender was disposed at shutdown meanwhile */ }
        }
    }

    /// <summary>
    /// Waits at least <paramref name="span"/> by the precise monotonic clock (Stopwatch). Task.Delay measures with the
    /// runtime's coarse timer clock (4 ms steps on Linux here) and may end up to a step early; the limits' guarantees must
    /// not depend on that.
    /// </summary>
    public static async Task DelayAtLeastAsync(TimeSpan span, CancellationToken ct = default)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var left = span; left > TimeSpan.Zero; left = span - System.Diagnostics.Stopwatch.GetElapsedTime(start))
            await Task.Delay(left + TimeSpan.FromMilliseconds(1), ct);
    }

    /// <summary>
    /// At most <paramref name="permits"/> in any real <paramref name="window"/>: a permit is counted in the segment it was
    /// taken in and returns <paramref name="window"/> + <paramref name="margin"/> later. A real window overlaps at most
    /// window/segment + 1 segments, which the extra segment (within the margin) covers; the rest of the margin absorbs the
    /// uneven delay between taking a permit and the request reaching Telegram.
    /// </summary>
    private static SlidingWindowRateLimiterOptions StrictWindow(int permits, TimeSpan window, TimeSpan segment, TimeSpan margin) => new()
    {
        PermitLimit = permits,
        Window = window + margin,
        SegmentsPerWindow = (int)Math.Ceiling((window + margin) / segment),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    };

    private static bool IsChatNotFound(ApiRequestException ex) =>
        ex.ErrorCode == 400 && ex.Message.Contains("chat not found", StringComparison.OrdinalIgnoreCase);

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1));

    public async ValueTask DisposeAsync()
    {
        await _global.DisposeAsync();
        await _perChat.DisposeAsync();
    }
}
