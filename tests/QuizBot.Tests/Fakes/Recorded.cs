using System.Text.Json;
using Telegram.Bot.Types.ReplyMarkups;

namespace QuizBot.Tests.Fakes;

/// <summary>One HTTP call the bot made, as the fake understood and answered it.</summary>
/// <param name="Index">Position in <see cref="FakeBotApi.Calls"/>; pass <c>CallCount</c> as <c>after:</c> to wait for later calls only.</param>
/// <param name="Body">The JSON body; for multipart/query calls an object of the text fields (JSON-valued fields such as reply_markup parsed).</param>
/// <param name="Form">Raw multipart/form/query text fields; empty for JSON bodies.</param>
/// <param name="Result">The <c>result</c> that was sent back, when <see cref="StatusCode"/> is 200.</param>
public sealed record RecordedCall(
    int Index,
    string Method,
    string HttpMethod,
    JsonElement Body,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyList<UploadedFile> Files,
    long? ChatId,
    DateTimeOffset At,
    int StatusCode,
    string? ErrorDescription,
    JsonElement? Result)
{
    public bool Ok => StatusCode == 200;

    // What a successful send produced (SentMessage, SentPoll, SentFile); the typed helpers read it.
    internal object? Artifact { get; init; }

    public override string ToString() =>
        $"#{Index} {Method} chat={ChatId?.ToString() ?? "-"} -> {StatusCode}{(ErrorDescription is null ? "" : " " + ErrorDescription)}";
}

/// <summary>A file part of a multipart request.</summary>
public sealed record UploadedFile(string PartName, string FileName, string? ContentType, byte[] Bytes);

/// <summary>A text message the bot sent with sendMessage.</summary>
/// <param name="Text">The text as the bot sent it (markup included).</param>
/// <param name="PlainText">The text after entity parsing, as a user would read it.</param>
/// <param name="ParseMode">parse_mode as sent (the library writes "Html"; Telegram ignores case).</param>
/// <param name="ReplyMarkup">The raw reply_markup JSON, if any.</param>
/// <param name="Buttons">Inline keyboard buttons, row by row flattened (empty without an inline keyboard).</param>
public sealed record SentMessage(
    int CallIndex,
    long ChatId,
    int MessageId,
    string Text,
    string PlainText,
    string? ParseMode,
    JsonElement? ReplyMarkup,
    IReadOnlyList<InlineKeyboardButton> Buttons,
    DateTimeOffset At);

/// <summary>A poll the bot sent with sendPoll. Texts are after entity parsing.</summary>
public sealed record SentPoll(
    int CallIndex,
    long ChatId,
    int MessageId,
    string PollId,
    string Question,
    IReadOnlyList<string> Options,
    IReadOnlyList<int> CorrectOptionIds,
    bool IsAnonymous,
    string Type,
    bool AllowsMultipleAnswers,
    string? Explanation,
    int? OpenPeriod,
    DateTimeOffset At);

/// <summary>A document or photo the bot sent (sendDocument / sendPhoto).</summary>
/// <param name="Bytes">The uploaded content; empty when the bot sent a file_id or URL instead of uploading.</param>
public sealed record SentFile(
    int CallIndex,
    string Method,
    long ChatId,
    int MessageId,
    string? FileName,
    byte[] Bytes,
    string? Caption,
    DateTimeOffset At);
