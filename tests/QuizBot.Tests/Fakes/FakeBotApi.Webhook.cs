using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace QuizBot.Tests.Fakes;

/// <summary>One POST of an update to a bot instance, and the status it answered (0: no answer).</summary>
public sealed record WebhookDelivery(int UpdateId, string Target, int Status);

// Webhooks as Telegram runs them (https://core.telegram.org/bots/api#setwebhook): setWebhook, getWebhookInfo,
// deleteWebhook; getUpdates refused while a webhook is set; each queued update POSTed, oldest first, with the secret
// header, until an instance answers 2xx (anything else is retried). The public URL is never contacted: like a load
// balancer, the fake forwards to the instances given to RouteWebhooksTo, in turn, at the URL's path. Loopback only.
// One POST at a time unless FakeBotApiOptions.WebhookConnections allows more (Telegram: up to max_connections at once).
public sealed partial class FakeBotApi
{
    private static readonly int[] WebhookPorts = [443, 80, 88, 8443];

    private readonly HttpClient _deliveryClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly List<string> _backends = [];
    private string _webhookUrl = "";
    private string? _webhookSecret;
    private int _webhookMaxConnections;
    private UpdateType[]? _webhookAllowed;
    private readonly HashSet<int> _inFlight = []; // updates being POSTed now, by any connection
    private int _nextBackend;
    private Task[]? _deliveryLoops;

    /// <summary>The URL of the webhook set now ("" when none).</summary>
    public string WebhookUrl { get { lock (_gate) return _webhookUrl; } }

    /// <summary>The secret_token of the webhook set now.</summary>
    public string? WebhookSecret { get { lock (_gate) return _webhookSecret; } }

    /// <summary>Every POST of an update to an instance, in order.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries { get { lock (_gate) return _deliveries.ToArray(); } }

    /// <summary>
    /// The load balancer: webhook calls go to these base addresses (e.g. http://127.0.0.1:5123), in turn, at the path of the
    /// webhook URL. Until this is called nothing is delivered; the updates wait, as at Telegram while the bot is down.
    /// </summary>
    public void RouteWebhooksTo(params string[] baseAddresses)
    {
        lock (_gate)
        {
            _backends.Clear();
            _backends.AddRange(baseAddresses.Select(a => a.TrimEnd('/')));
            _deliveryLoops ??= Enumerable.Range(0, Math.Max(1, _options.WebhookConnections))
                .Select(connection => Task.Run(() => DeliverAsync(connection))).ToArray();
            Pulse(ref _updateSignal);
        }
    }

    private Reply SetWebhook(Request r)
    {
        var q = r.As<SetWebhookRequest>();
        if (!Uri.TryCreate(q.Url, UriKind.Absolute, out var url) || url.Scheme != "https")
            throw Bad("bad webhook: An HTTPS URL must be provided for webhook");
        if (!WebhookPorts.Contains(url.Port)) throw Bad("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
        if (q.SecretToken is { } secret && !Regex.IsMatch(secret, "^[A-Za-z0-9_-]{1,256}$"))
            throw Bad("secret token contains unallowed characters");
        if (q.MaxConnections is < 1 or > 100) throw Bad("bad max_connections");
        if (q.DropPendingUpdates == true) _updates.Clear();
        _webhookUrl = q.Url;
        _webhookSecret = q.SecretToken;
        _webhookMaxConnections = q.MaxConnections ?? 40;
        if (q.AllowedUpdates is { } allowed)
        {
            _webhookAllowed = allowed.ToArray();
            _allowedUpdates = _webhookAllowed.Length > 0
                ? _webhookAllowed.Select(t => JsonSerializer.Serialize(t, JsonBotAPI.Options).Trim('"')).ToHashSet()
                : null;
        }
        Pulse(ref _updateSignal);
        return Ok(true);
    }

    private Reply GetWebhookInfo(Request r) => Ok(new WebhookInfo
    {
        Url = _webhookUrl,
        PendingUpdateCount = _updates.Count,
        MaxConnections = _webhookUrl.Length > 0 ? _webhookMaxConnections : null,
        AllowedUpdates = _webhookUrl.Length > 0 ? _webhookAllowed : null,
    });

    private Reply DeleteWebhook(Request r)
    {
        if (r.Str("drop_pending_updates") == "true") _updates.Clear();
        _webhookUrl = "";
        _webhookSecret = null;
        return Ok(true);
    }

    /// <summary>
    /// One connection: posts the oldest queued update no other connection is posting, to the next instance in turn, as long
    /// as a webhook is set and this connection is within its max_connections.
    /// </summary>
    private async Task DeliverAsync(int connection)
    {
        var stopping = _app.Lifetime.ApplicationStopping;
        while (!stopping.IsCancellationRequested)
        {
            QueuedUpdate? next = null;
            string target = "";
            string? secret;
            Task signal;
            lock (_gate)
            {
                signal = _updateSignal.Task;
                secret = _webhookSecret;
                if (_webhookUrl.Length > 0 && _backends.Count > 0 && connection < _webhookMaxConnections)
                {
                    _updates.RemoveAll(u => !IsAllowed(u.Type)); // Telegram never sends what was not asked for
                    next = _updates.FirstOrDefault(u => !_inFlight.Contains(u.Id));
                    if (next is not null)
                    {
                        _inFlight.Add(next.Id);
                        // The turn moves with each call made, as a load balancer's does (not with each look at the queue).
                        target = _backends[_nextBackend++ % _backends.Count] + new Uri(_webhookUrl).PathAndQuery;
                    }
                }
            }
            if (next is null)
            {
                try { await signal.WaitAsync(stopping); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            var status = 0;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target)
                {
                    Content = new StringContent(next.Json.GetRawText(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
                };
                if (secret is not null) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
                using var response = await _deliveryClient.SendAsync(request, stopping);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (stopping.IsCancellationRequested) return;
            }
            lock (_gate)
            {
                _deliveries.Add(new WebhookDelivery(next.Id, target, status));
                if (status is >= 200 and < 300)
                {
                    _updates.Remove(next);
                    _highestOffset = Math.Max(_highestOffset, next.Id + 1);
                    _inFlight.Remove(next.Id);
                }
                Pulse(ref _callSignal);
            }
            if (status is < 200 or >= 300)
            {
                // Telegram retries with growing delays; a short fixed one keeps tests quick. The update stays this
                // connection's meanwhile, so it is retried after the delay, not at once by another connection.
                try { await Task.Delay(TimeSpan.FromMilliseconds(50), stopping); }
                catch (OperationCanceledException) { return; }
                lock (_gate) _inFlight.Remove(next.Id);
            }
        }
    }
}
