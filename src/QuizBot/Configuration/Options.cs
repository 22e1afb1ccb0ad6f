using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace QuizBot.Configuration;

/// <summary>Section "Telegram". Environment variables use "__": Telegram__BotToken.</summary>
internal sealed partial class TelegramOptions
{
    public const string Section = "Telegram";
    public const string DefaultApiBaseUrl = "https://api.telegram.org";

    /// <summary>From @BotFather; never logged.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>The Bot API server; tests and local Bot API servers point it elsewhere.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Long-poll timeout for getUpdates (the server caps it at 50 s).</summary>
    public int PollTimeoutSeconds { get; set; } = 30;

    /// <summary>How long one request may take before it counts as failed; must exceed the long-poll timeout.</summary>
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>Outgoing limits (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).</summary>
    public double GlobalPerSecond { get; set; } = 30;
    public int PrivatePerSecond { get; set; } = 1;
    public int PrivateBurst { get; set; } = 3;
    public int GroupPerMinute { get; set; } = 20;

    /// <summary>"polling" (getUpdates, the default) or "webhook" (Telegram posts updates to <see cref="WebhookUrl"/>).</summary>
    public string Mode { get; set; } = "polling";

    /// <summary>The public HTTPS URL Telegram posts updates to; its path is the path this host serves them at.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>Sent to Telegram as secret_token; every webhook call must carry it in X-Telegram-Bot-Api-Secret-Token.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>How many connections Telegram may open to deliver updates at once (1–100).</summary>
    public int WebhookMaxConnections { get; set; } = 40;

    public bool IsWebhook => string.Equals(Mode, "webhook", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^[0-9]+:[A-Za-z0-9_-]+$")]
    public static partial Regex TokenShape();

    /// <summary>Telegram's rule for secret_token: 1–256 of A-Z, a-z, 0-9, _ and -.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}$")]
    public static partial Regex SecretShape();
}

/// <summary>Section "Quiz".</summary>
internal sealed class QuizOptions
{
    public const string Section = "Quiz";

    public string QuestionsPath { get; set; } = "questions";
    public string TimeZone { get; set; } = "Asia/Shanghai";
    public int QuestionSeconds { get; set; } = 30;
    public int QuestionsPerRound { get; set; } = 5;

    // The daily push (docs/daily.md).
    /// <summary>The seed digests the daily excerpts come from (with errata.yaml); without them the bank's quotes are used.</summary>
    public string SeedsPath { get; set; } = "seeds";
    public int DailyQuestions { get; set; } = 3;
    /// <summary>A push missed (bot down) by at most this many minutes is sent late; an older one is skipped.</summary>
    public int DailyGraceMinutes { get; set; } = 120;
    /// <summary>Local time at which daily group polls close and the summary is posted (at least an hour after the push).</summary>
    public string DailyGroupCloseTime { get; set; } = "21:00";
    /// <summary>
    /// Daily-push messages sent and not yet recorded at once, over all chats: a crash (or a killed leader) sends at most
    /// this many of them twice. 1 costs rate only when Telegram answers slowly (at 40 ms a send, 25 messages/s).
    /// </summary>
    public int DailySendsInFlight { get; set; } = 1;
    /// <summary>Points one person can earn per local day (Scoring.CapDaily); 0 turns the cap off.</summary>
    public int DailyPointsCap { get; set; } = Core.Quizzes.Scoring.DefaultDailyCap;

    public TimeOnly GroupCloseTime => Core.Daily.LocalClock.ParseClock(DailyGroupCloseTime) ?? new TimeOnly(21, 0);

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>Fail-fast checks with one line per problem naming the key and how to set it.</summary>
internal sealed class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.BotToken))
            errors.Add("Telegram:BotToken is missing: get a token from @BotFather and set it in appsettings.json or the environment variable Telegram__BotToken.");
        else if (!TelegramOptions.TokenShape().IsMatch(o.BotToken))
            errors.Add("Telegram:BotToken is malformed: it must look like 123456789:ABC-def_ghi (digits, a colon, letters).");
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
            errors.Add($"Telegram:ApiBaseUrl must be an http(s) URL such as {TelegramOptions.DefaultApiBaseUrl}.");
        else if (uri.Scheme == "http" && !uri.IsLoopback)
            // The token is part of every request URL: over plain http it would cross the network in clear text.
            errors.Add($"Telegram:ApiBaseUrl uses plain http to {uri.Host}, which is not this machine: the bot token would travel in clear text. " +
                "Use https://, or http:// only to a Bot API server on this machine (127.0.0.1, ::1 or localhost).");
        if (o.PollTimeoutSeconds is < 0 or > 50)
            errors.Add("Telegram:PollTimeoutSeconds must be 0–50.");
        if (o.RequestTimeoutSeconds <= o.PollTimeoutSeconds)
            errors.Add("Telegram:RequestTimeoutSeconds must be greater than Telegram:PollTimeoutSeconds (a long poll is one request).");
        if (o.GlobalPerSecond <= 0 || o.PrivatePerSecond <= 0 || o.PrivateBurst <= 0 || o.GroupPerMinute <= 0)
            errors.Add("Telegram:GlobalPerSecond, PrivatePerSecond, PrivateBurst and GroupPerMinute must be positive.");
        if (!string.Equals(o.Mode, "polling", StringComparison.OrdinalIgnoreCase) && !o.IsWebhook)
            errors.Add($"Telegram:Mode '{o.Mode}' is unknown: use polling (the default) or webhook.");
        if (o.IsWebhook)
        {
            if (!Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out var hook) || (hook.Scheme != "https" && !(hook.Scheme == "http" && hook.IsLoopback)))
                errors.Add("Telegram:WebhookUrl must be the public https:// URL Telegram posts updates to (e.g. https://bot.example/telegram/hook; " +
                    "Telegram accepts ports 443, 80, 88 and 8443), required with Telegram:Mode=webhook.");
            if (!TelegramOptions.SecretShape().IsMatch(o.WebhookSecret))
                errors.Add("Telegram:WebhookSecret must be 1–256 characters of A-Z, a-z, 0-9, _ and - (required with Telegram:Mode=webhook; " +
                    "e.g. the output of `openssl rand -hex 32`).");
            if (o.WebhookMaxConnections is < 1 or > 100)
                errors.Add("Telegram:WebhookMaxConnections must be 1–100.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class QuizOptionsValidator : IValidateOptions<QuizOptions>
{
    public ValidateOptionsResult Validate(string? name, QuizOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.QuestionsPath))
            errors.Add("Quiz:QuestionsPath is empty: set it to the question bank folder (default 'questions').");
        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(o.TimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            errors.Add($"Quiz:TimeZone '{o.TimeZone}' is not a known time zone: use an IANA name such as Asia/Shanghai.");
        }
        if (o.QuestionSeconds < 5)
            errors.Add("Quiz:QuestionSeconds must be at least 5 (Telegram's shortest open_period).");
        if (o.QuestionsPerRound is < 1 or > 20)
            errors.Add("Quiz:QuestionsPerRound must be 1–20.");
        if (o.DailyQuestions is < 1 or > Core.Daily.DailyQuestions.Max)
            errors.Add($"Quiz:DailyQuestions must be 1–{Core.Daily.DailyQuestions.Max}.");
        if (o.DailyGraceMinutes is < 0 or > 24 * 60)
            errors.Add("Quiz:DailyGraceMinutes must be 0–1440 (minutes a missed daily push may still be sent late).");
        if (Core.Daily.LocalClock.ParseClock(o.DailyGroupCloseTime) is null)
            errors.Add($"Quiz:DailyGroupCloseTime '{o.DailyGroupCloseTime}' is not a time: write HH:MM, e.g. 21:00.");
        if (o.DailySendsInFlight is < 1 or > 100)
            errors.Add("Quiz:DailySendsInFlight must be 1–100 (daily-push messages sent and not yet recorded at once; a crash repeats at most that many).");
        if (o.DailyPointsCap < 0)
            errors.Add("Quiz:DailyPointsCap must be 0 (no cap) or more.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
