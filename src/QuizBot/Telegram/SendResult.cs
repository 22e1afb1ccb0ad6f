namespace QuizBot.Telegram;

/// <summary>What became of a call through <see cref="BotSender"/>.</summary>
internal enum SendOutcome
{
    /// <summary>Telegram accepted it.</summary>
    Sent,
    /// <summary>403 (blocked, kicked, deactivated) or "chat not found": the chat is marked left; nothing more goes there.</summary>
    ChatGone,
    /// <summary>Telegram answered with another error (a 400 is our bug), or kept failing with 5xx: sending again will not help.</summary>
    Rejected,
    /// <summary>No answer from Telegram (network failure, timeout): it may or may not have been delivered.</summary>
    NoAnswer,
}

/// <summary>
/// The value Telegram returned (null unless <see cref="Outcome"/> is Sent) and the chat it went to: a different id than
/// asked for when the group had become a supergroup (BotSender followed it).
/// </summary>
internal readonly record struct SendResult<T>(T? Value, SendOutcome Outcome, long ChatId) where T : class;
