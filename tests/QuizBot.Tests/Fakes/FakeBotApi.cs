using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuizBot.Tests.Fakes;

/// <summary>
/// A fake Telegram Bot API on loopback. The bot under test uses the real TelegramBotClient against
/// <see cref="BaseUrl"/>, so request and response shapes are the library's own; the fake keeps updates with real
/// getUpdates semantics, records every call, enforces Telegram's documented limits and can inject failures.
/// Scenario helpers (this file's partner FakeBotApi.Updates.cs) act as users; FakeBotApi.Methods.cs answers the methods.
/// </summary>
public sealed partial class FakeBotApi : IAsyncDisposable
{
    public const string Token = "123456:TEST-TOKEN-secret-abcdef";
    public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// JsonBotAPI.Options plus one fix: Telegram.Bot 22.10.3.3 throws while serializing a Poll with several correct
    /// options (its obsolete CorrectOptionId getter insists on one) although Bot API 9.6 allows several.
    /// </summary>
    internal static readonly JsonSerializerOptions Json = CreateJsonOptions();

    private readonly WebApplication _app;
    private readonly FakeBotApiOptions _options;
    private readonly TimeProvider _time;
    private readonly RateLimiter _rateLimiter;
    private readonly Dictionary<string, Func<Request, Reply>> _handlers;

    // One lock for all state: the fake is not a throughput target, and a single order of events keeps ids and waits simple.
    private readonly object _gate = new();
    private readonly List<RecordedCall> _calls = [];
    private TaskCompletionSource _callSignal = NewSignal();
    private readonly Dictionary<string, List<Fault>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<TimeSpan>> _delays = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<TimeSpan>> _replyDelays = new(StringComparer.OrdinalIgnoreCase);
    private int _tooManyRequests;
    private volatile bool _unreachable;
    private readonly List<DateTimeOffset> _refused = [];

    private FakeBotApi(WebApplication app, FakeBotApiOptions options)
    {
        _app = app;
        _options = options;
        _time = options.TimeProvider;
        _rateLimiter = new RateLimiter(options, _time);
        _handlers = CreateHandlers();
    }

    public static async Task<FakeBotApi> StartAsync(FakeBotApiOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The test output folder may hold the bot's appsettings.json; none of it may steer this server.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Long polls end on ApplicationStopping; a short timeout keeps DisposeAsync quick if a client still holds one.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var api = new FakeBotApi(app, options ?? new FakeBotApiOptions());
        app.Map("/bot{token}/{method}", api.HandleAsync);
        await app.StartAsync();
        api.BaseUrl = app.Urls.First();
        return api;
    }

    /// <summary>For <c>new TelegramBotClientOptions(FakeBotApi.Token, api.BaseUrl)</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public User Bot { get; } = new()
    {
        Id = 999,
        IsBot = true,
        FirstName = "Quiz Test Bot",
        Username = "quiz_test_bot",
        CanJoinGroups = true,
    };

    /// <summary>While set, every connection is aborted, as when Telegram is unreachable (the client sees a RequestException).</summary>
    public bool Unreachable { get => _unreachable; set => _unreachable = value; }

    /// <summary>When (by the fake's clock) each connection was aborted because of <see cref="Unreachable"/>.</summary>
    public IReadOnlyList<DateTimeOffset> RefusedConnections { get { lock (_gate) return _refused.ToArray(); } }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        if (_deliveryLoops is { } loops) await Task.WhenAll(loops);
        _deliveryClient.Dispose();
        await _app.DisposeAsync();
    }

    // ---- recording -------------------------------------------------------------------------------------------

    public IReadOnlyList<RecordedCall> Calls { get { lock (_gate) return _calls.ToArray(); } }

    /// <summary>The index the next recorded call will get: pass it as <c>after:</c> to wait for what happens next.</summary>
    public int CallCount { get { lock (_gate) return _calls.Count; } }

    public IReadOnlyList<RecordedCall> CallsTo(string method) =>
        Calls.Where(c => c.Method.Equals(method, StringComparison.OrdinalIgnoreCase)).ToArray();

    /// <summary>All 429 answers, from the rate limits or from <see cref="FailNext"/>.</summary>
    public int TooManyRequestsCount { get { lock (_gate) return _tooManyRequests; } }

    public IReadOnlyList<SentMessage> MessagesTo(long chatId) => Artifacts<SentMessage>(m => m.ChatId == chatId);
    public IReadOnlyList<SentPoll> PollsTo(long chatId) => Artifacts<SentPoll>(p => p.ChatId == chatId);
    public IReadOnlyList<SentFile> FilesTo(long chatId) => Artifacts<SentFile>(f => f.ChatId == chatId);

    /// <summary>Any call to <paramref name="method"/> (whatever its status) with index ≥ <paramref name="after"/>.</summary>
    public Task<RecordedCall> WaitForCallAsync(string method, Func<RecordedCall, bool>? match = null, TimeSpan? timeout = null, int after = 0) =>
        WaitAsync(c => c.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && (match?.Invoke(c) ?? true) ? c : null,
            after, timeout, $"call to {method}");

    /// <summary>A successful sendMessage to <paramref name="chatId"/>.</summary>
    public Task<SentMessage> WaitForMessageAsync(long chatId, Func<SentMessage, bool>? match = null, TimeSpan? timeout = null, int after = 0) =>
        WaitAsync(c => c.Artifact is SentMessage m && m.ChatId == chatId && (match?.Invoke(m) ?? true) ? m : null,
            after, timeout, $"message to chat {chatId}");

    /// <summary>A successful sendPoll to <paramref name="chatId"/>.</summary>
    public Task<SentPoll> WaitForPollAsync(long chatId, Func<SentPoll, bool>? match = null, TimeSpan? timeout = null, int after = 0) =>
        WaitAsync(c => c.Artifact is SentPoll p && p.ChatId == chatId && (match?.Invoke(p) ?? true) ? p : null,
            after, timeout, $"poll to chat {chatId}");

    /// <summary>A successful sendDocument or sendPhoto to <paramref name="chatId"/>.</summary>
    public Task<SentFile> WaitForFileAsync(long chatId, Func<SentFile, bool>? match = null, TimeSpan? timeout = null, int after = 0) =>
        WaitAsync(c => c.Artifact is SentFile f && f.ChatId == chatId && (match?.Invoke(f) ?? true) ? f : null,
            after, timeout, $"file to chat {chatId}");

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, checking it again whenever the fake sees the bot do something (a call
    /// recorded, a getUpdates begun, a connection refused) or an update is queued: no sleeping, no polling interval.
    /// </summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultWaitTimeout;
        if (!await TryWaitUntilAsync(condition, limit))
            throw new TimeoutException($"Not {what} within {limit.TotalSeconds:0.#} s. Last calls:\n  "
                + string.Join("\n  ", Calls.Where(c => c.Method != "getUpdates").TakeLast(20)));
    }

    /// <summary>Completes at the fake's next event (a call recorded, a getUpdates begun, a connection refused, an update queued).</summary>
    public Task NextActivity { get { lock (_gate) return _callSignal.Task; } }

    /// <summary>As <see cref="WaitUntilAsync"/>, but false instead of an exception when the time is up.</summary>
    public async Task<bool> TryWaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task signal;
            lock (_gate) signal = _callSignal.Task;
            if (condition()) return true;
            try
            {
                await signal.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                return condition();
            }
        }
    }

    /// <summary>
    /// As <see cref="TryWaitUntilAsync(Func{bool}, TimeSpan)"/>, for a condition that reads the database: what the bot
    /// writes there follows a call it made, or comes before its next getUpdates (at least one a second in tests). Checks
    /// are not stacked: the events during one check wake the next one once, so a broadcast of thousands of calls does
    /// not run thousands of queries.
    /// </summary>
    public async Task<bool> TryWaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var signal = NextActivity;
        while (true)
        {
            if (await condition()) return true;
            try
            {
                await signal.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                return await condition();
            }
            signal = NextActivity; // what happened during the check wakes the next one
        }
    }

    /// <summary>
    /// Waits until the bot has handled every update queued so far (or up to <paramref name="update"/>): it asks for
    /// updates beyond them, which it does only once their batch is handled and stored. With no more updates queued, the
    /// bot is then idle as far as updates go, which bounds a check that something did <i>not</i> happen.
    /// </summary>
    public Task WaitUntilHandledAsync(Update? update = null, TimeSpan? timeout = null)
    {
        int id;
        lock (_gate) id = update?.Id ?? _lastUpdateId;
        return WaitUntilAsync(() =>
        {
            bool taken;
            lock (_gate) taken = _highestOffset > id;
            return taken && (BotIdle?.Invoke() ?? true);
        }, $"handled update {id}", timeout);
    }

    /// <summary>
    /// Set by the test's bot: true when it has handled every update it took. A confirmed update (the next getUpdates'
    /// offset) is stored but may still wait in its chat's lane; the bot's long poll wakes the waiters at least once a
    /// poll timeout.
    /// </summary>
    public Func<bool>? BotIdle { get; set; }

    private IReadOnlyList<T> Artifacts<T>(Func<T, bool> match) where T : class =>
        Calls.Select(c => c.Artifact).OfType<T>().Where(match).ToArray();

    // Wakes on every recorded call instead of sleeping, and scans only what is new since the last look.
    private async Task<T> WaitAsync<T>(Func<RecordedCall, T?> pick, int after, TimeSpan? timeout, string what) where T : class
    {
        var limit = timeout ?? DefaultWaitTimeout;
        using var cts = new CancellationTokenSource(limit);
        var next = after;
        while (true)
        {
            RecordedCall[] fresh;
            Task signal;
            lock (_gate)
            {
                fresh = _calls.Skip(next).ToArray();
                next = Math.Max(next, _calls.Count);
                signal = _callSignal.Task;
            }
            foreach (var call in fresh)
                if (pick(call) is { } hit) return hit;
            try
            {
                await signal.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                var calls = Calls;
                throw new TimeoutException(
                    $"No {what} (after call #{after}) within {limit.TotalSeconds:0.#} s. Last calls:\n  "
                    + string.Join("\n  ", calls.TakeLast(30)));
            }
        }
    }

    // ---- fault injection -------------------------------------------------------------------------------------

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> fail with this Bot API error.</summary>
    public void FailNext(string method, int errorCode, string description, int? retryAfter = null, long? migrateToChatId = null, int times = 1) =>
        AddFault(method, new Reply(errorCode, description) { RetryAfter = retryAfter, MigrateTo = migrateToChatId }, times);

    /// <summary>The next calls get an HTML error page, as a proxy in front of Telegram sends (e.g. 502).</summary>
    public void FailNextWithHtml(string method, int statusCode, int times = 1)
    {
        var phrase = $"{statusCode} {ReasonPhrases.GetReasonPhrase(statusCode)}";
        var html = $"<html>\r\n<head><title>{phrase}</title></head>\r\n<body>\r\n<center><h1>{phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        AddFault(method, new Reply(statusCode, phrase) { Html = html }, times);
    }

    /// <summary>
    /// Holds the next call of <paramref name="method"/> for <paramref name="delay"/>, then handles it normally: a client
    /// that timed out meanwhile still "sent" it, as with the real API (the duplicate-send trap).
    /// </summary>
    public void DelayNext(string method, TimeSpan delay, int times = 1)
    {
        lock (_gate)
        {
            var queue = _delays.TryGetValue(method, out var q) ? q : _delays[method] = new Queue<TimeSpan>();
            for (var i = 0; i < times; i++) queue.Enqueue(delay);
        }
    }

    /// <summary>
    /// Handles the next <paramref name="times"/> calls of <paramref name="method"/> at once (a poll exists and can be answered)
    /// but holds each reply for <paramref name="delay"/>: the bot learns what it created only later, as on a slow network.
    /// </summary>
    public void DelayReplyNext(string method, TimeSpan delay, int times = 1)
    {
        lock (_gate)
        {
            var queue = _replyDelays.TryGetValue(method, out var q) ? q : _replyDelays[method] = new Queue<TimeSpan>();
            for (var i = 0; i < times; i++) queue.Enqueue(delay);
        }
    }

    private void AddFault(string method, Reply reply, int times)
    {
        lock (_gate)
        {
            var list = _faults.TryGetValue(method, out var l) ? l : _faults[method] = [];
            list.Add(new Fault(reply, times));
        }
    }

    private Reply? TakeFault(string method)
    {
        if (!_faults.TryGetValue(method, out var list) || list.Count == 0) return null;
        var fault = list[0];
        if (--fault.Left == 0) list.RemoveAt(0);
        return fault.Reply;
    }

    private sealed class Fault(Reply reply, int times)
    {
        public Reply Reply { get; } = reply;
        public int Left { get; set; } = times;
    }

    // ---- HTTP plumbing ---------------------------------------------------------------------------------------

    private async Task HandleAsync(HttpContext ctx)
    {
        if (_unreachable)
        {
            lock (_gate)
            {
                _refused.Add(_time.GetUtcNow());
                Pulse(ref _callSignal);
            }
            ctx.Abort();
            return;
        }
        var at = _time.GetUtcNow();
        var token = ctx.Request.RouteValues["token"] as string ?? "";
        var requested = ctx.Request.RouteValues["method"] as string ?? "";
        // Telegram matches method names case-insensitively; record the canonical spelling.
        var method = _handlers.Keys.Append("getUpdates").FirstOrDefault(m => m.Equals(requested, StringComparison.OrdinalIgnoreCase)) ?? requested;

        var (request, parseError) = await ReadRequestAsync(ctx.Request);
        var reply = token != Token ? new Reply(401, "Unauthorized")
            : parseError ?? await DispatchAsync(method, request, ctx.RequestAborted);

        Record(method, ctx.Request.Method, request, at, reply);
        TimeSpan? replyDelay;
        lock (_gate) replyDelay = _replyDelays.TryGetValue(method, out var q) && q.Count > 0 ? q.Dequeue() : null;
        if (replyDelay is { } wait) await Task.Delay(wait, ctx.RequestAborted);
        await WriteAsync(ctx.Response, reply);
    }

    private async Task<Reply> DispatchAsync(string method, Request request, CancellationToken aborted)
    {
        if (method != "getUpdates" && !_handlers.ContainsKey(method))
            return new Reply(404, "Not Found: method not found");
        TimeSpan? delay;
        lock (_gate) delay = _delays.TryGetValue(method, out var q) && q.Count > 0 ? q.Dequeue() : null;
        if (delay is { } d)
        {
            try { await Task.Delay(d, _app.Lifetime.ApplicationStopping); }
            catch (OperationCanceledException) { return new Reply(503, "Service Unavailable: the fake is stopping"); }
        }
        try
        {
            lock (_gate)
            {
                if (TakeFault(method) is { } fault) return fault;
                if (method != "getUpdates") return _handlers[method](request);
            }
            return await GetUpdatesAsync(request, aborted);
        }
        catch (ApiError e)
        {
            return e.Reply;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug in the fake itself: make it loud in the bot's logs and in Calls rather than a silent hang.
            return new Reply(500, $"Internal Server Error: FakeBotApi failed on {method}: {e.Message}");
        }
    }

    private void Record(string method, string httpMethod, Request request, DateTimeOffset at, Reply reply)
    {
        lock (_gate)
        {
            var index = _calls.Count;
            // Artifacts are made before the call has an index; stamp it now.
            object? artifact = reply.Artifact switch
            {
                SentMessage m => m with { CallIndex = index },
                SentPoll p => p with { CallIndex = index },
                SentFile f => f with { CallIndex = index },
                var other => other,
            };
            _calls.Add(new RecordedCall(index, method, httpMethod, request.Body, request.Form, request.Files, request.ChatId, at,
                reply.Status, reply.Status == 200 ? null : reply.Description, reply.Status == 200 ? reply.Result : null)
            {
                Artifact = artifact,
            });
            if (reply.Status == 429) _tooManyRequests++;
            Pulse(ref _callSignal);
        }
    }

    private static async Task WriteAsync(HttpResponse response, Reply reply)
    {
        response.StatusCode = reply.Status;
        byte[] bytes;
        if (reply.Html is { } html)
        {
            response.ContentType = "text/html";
            bytes = Encoding.UTF8.GetBytes(html);
        }
        else
        {
            response.ContentType = "application/json";
            bytes = Envelope(reply);
        }
        try
        {
            await response.Body.WriteAsync(bytes);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client gave up (e.g. it timed out during DelayNext): there is nobody left to answer.
        }
    }

    private static byte[] Envelope(Reply reply)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteBoolean("ok", reply.Status == 200);
            if (reply.Status == 200)
            {
                w.WritePropertyName("result");
                (reply.Result ?? ToJson(true)).WriteTo(w);
            }
            else
            {
                w.WriteNumber("error_code", reply.Status);
                w.WriteString("description", reply.Description);
                if (reply.RetryAfter is not null || reply.MigrateTo is not null)
                {
                    w.WritePropertyName("parameters");
                    JsonSerializer.Serialize(w, new ResponseParameters { RetryAfter = reply.RetryAfter, MigrateToChatId = reply.MigrateTo }, JsonBotAPI.Options);
                }
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    // Fields that carry JSON inside a multipart/form/query request (Telegram parses them as JSON there too).
    private static readonly HashSet<string> JsonValuedFields =
    [
        "reply_markup", "entities", "caption_entities", "reply_parameters", "link_preview_options", "options", "correct_option_ids",
        "commands", "scope", "allowed_updates", "question_entities", "explanation_entities", "media",
    ];

    private static async Task<(Request Request, Reply? Error)> ReadRequestAsync(HttpRequest http)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<UploadedFile>();
        try
        {
            if (http.HasFormContentType)
            {
                var posted = await http.ReadFormAsync();
                foreach (var (key, value) in posted) form[key] = value.ToString();
                foreach (var file in posted.Files)
                {
                    using var content = new MemoryStream();
                    await file.CopyToAsync(content);
                    files.Add(new UploadedFile(file.Name, file.FileName, file.ContentType, content.ToArray()));
                }
            }
            else
            {
                using var reader = new StreamReader(http.Body, Encoding.UTF8);
                var text = await reader.ReadToEndAsync();
                if (!string.IsNullOrWhiteSpace(text))
                {
                    using var doc = JsonDocument.Parse(text);
                    if (doc.RootElement.ValueKind != JsonValueKind.Object)
                        return (new Request(doc.RootElement.Clone(), form, files), new Reply(400, "Bad Request: can't parse JSON object"));
                    return (new Request(doc.RootElement.Clone(), form, files), null);
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            return (new Request(EmptyObject, form, files), new Reply(400, "Bad Request: can't parse request body"));
        }
        foreach (var (key, value) in http.Query) form.TryAdd(key, value.ToString());

        var body = new JsonObject();
        foreach (var (key, value) in form)
        {
            JsonNode? node = value;
            if (JsonValuedFields.Contains(key))
            {
                try { node = JsonNode.Parse(value); }
                catch (JsonException) { /* leave it a string; the method reports what is wrong with it */ }
            }
            body[key] = node;
        }
        return (new Request(JsonSerializer.SerializeToElement(body), form, files), null);
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonBotAPI.Options);
        options.Converters.Insert(0, new PollConverter());
        return options;
    }

    internal static JsonElement ToJson<T>(T value) => JsonSerializer.SerializeToElement(value, Json);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void Pulse(ref TaskCompletionSource signal)
    {
        var old = signal;
        signal = NewSignal();
        old.TrySetResult();
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    // ---- small types -----------------------------------------------------------------------------------------

    /// <summary>A parsed request: the JSON body (or the form fields as JSON) and any uploaded files.</summary>
    private sealed class Request(JsonElement body, IReadOnlyDictionary<string, string> form, IReadOnlyList<UploadedFile> files)
    {
        public JsonElement Body => body;
        public IReadOnlyDictionary<string, string> Form => form;
        public IReadOnlyList<UploadedFile> Files => files;
        public long? ChatId => Long("chat_id");

        /// <summary>The body as one of the library's request classes (Telegram.Bot.Requests.*).</summary>
        public T As<T>() where T : class
        {
            try
            {
                return body.Deserialize<T>(JsonBotAPI.Options) ?? throw Bad("empty request");
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or FormatException)
            {
                throw Bad($"can't parse {typeof(T).Name}: {e.Message}");
            }
        }

        public string? Str(string name) =>
            body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v)
                ? v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => v.GetRawText(),
                }
                : null;

        public long? Long(string name) =>
            long.TryParse(Str(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

        public JsonElement? Json(string name) =>
            body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
    }

    /// <summary>What goes back: a result (200) or a Bot API error, or an HTML page standing in for a broken proxy.</summary>
    private sealed record Reply(int Status, string? Description = null, JsonElement? Result = null)
    {
        public int? RetryAfter { get; init; }
        public long? MigrateTo { get; init; }
        public string? Html { get; init; }
        public object? Artifact { get; init; }
    }

    /// <summary>Thrown by method handlers to answer with a Bot API error; keeps the validation code linear.</summary>
    private sealed class ApiError(Reply reply) : Exception(reply.Description)
    {
        public Reply Reply { get; } = reply;
    }

    private static ApiError Bad(string detail) => new(new Reply(400, "Bad Request: " + detail));
    private static ApiError Forbidden(string detail) => new(new Reply(403, "Forbidden: " + detail));

    private sealed class PollConverter : JsonConverter<Poll>
    {
        public override Poll? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<Poll>(ref reader, JsonBotAPI.Options);

        public override void Write(Utf8JsonWriter writer, Poll value, JsonSerializerOptions options)
        {
            var copy = new Poll();
            foreach (var property in typeof(Poll).GetProperties())
            {
                if (property.SetMethod is { IsPublic: true } && property.Name is not ("CorrectOptionIds" or "CorrectOptionId"))
                    property.SetValue(copy, property.GetValue(value));
            }
            var node = JsonSerializer.SerializeToNode(copy, JsonBotAPI.Options)!.AsObject();
            if (value.CorrectOptionIds is { Length: > 0 } ids)
                node["correct_option_ids"] = new JsonArray(ids.Select(id => (JsonNode?)id).ToArray());
            node.WriteTo(writer, options);
        }
    }
}
