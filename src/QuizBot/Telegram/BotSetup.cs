using Telegram.Bot;
using Telegram.Bot.Types;

namespace QuizBot.Telegram;

/// <summary>
/// Start-up calls: learn our username (getMe), which command parsing needs, then publish the command menus (setMyCommands)
/// in the background, so polling for updates does not wait for two more round trips (docs/benchmarks.md, start-up). Each
/// retries until Telegram answers.
/// </summary>
internal sealed class BotSetup(ITelegramBotClient bot, BotIdentity identity, TimeProvider time, ILogger<BotSetup> log)
{
    public static readonly BotCommand[] PrivateCommands = CommandTable.Menu(CommandScope.Private);

    public static readonly BotCommand[] GroupCommands = CommandTable.Menu(CommandScope.Group);

    /// <summary>The menus being published after <see cref="RunAsync"/> returned (completes when done or cancelled).</summary>
    public Task Menus { get; private set; } = Task.CompletedTask;

    /// <summary>getMe only (what a follower needs to read commands, issue 12), then <see cref="RunAsync"/> on leading.</summary>
    public Task IdentifyAsync(CancellationToken ct) => RetryAsync(async () =>
    {
        var me = await bot.GetMe(ct);
        identity.Username = me.Username ?? "";
        log.LogInformation("Connected to Telegram as @{Username}", identity.Username);
    }, ct);

    public async Task RunAsync(CancellationToken ct)
    {
        if (identity.Username.Length == 0) await IdentifyAsync(ct);
        Menus = Task.Run(async () =>
        {
            try
            {
                await RetryAsync(async () =>
                {
                    await bot.SetMyCommands(PrivateCommands, new BotCommandScopeAllPrivateChats(), cancellationToken: ct);
                    await bot.SetMyCommands(GroupCommands, new BotCommandScopeAllGroupChats(), cancellationToken: ct);
                }, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopping before Telegram answered: the next start publishes them.
            }
        }, CancellationToken.None);
    }

    private async Task RetryAsync(Func<Task> calls, CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await calls();
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not logged with the exception: the HTTP layer's message can include the request URL and so the token.
                // Once per incident at Warning; the retries that follow at Debug.
                log.Log(delay == TimeSpan.FromSeconds(1) ? LogLevel.Warning : LogLevel.Debug,
                    "Telegram start-up calls failed ({Error}); retrying in {Seconds} s", ex.GetType().Name, delay.TotalSeconds);
                await Task.Delay(delay, time, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            }
        }
    }
}
