using Microsoft.Extensions.Options;
using QuizBot.Charts;
using QuizBot.Configuration;
using QuizBot.Core.Scores;
using QuizBot.Quizzes;
using QuizBot.Storage;

namespace QuizBot.Telegram.Commands;

/// <summary>
/// /me and /top; /stats and /export are in ScoreCommands.Group.cs. The queries and their texts are
/// <see cref="ScoreService"/>'s; these parse, check who may ask, and reply.
/// </summary>
internal sealed partial class ScoreCommands(
    ScoreService scores,
    BotSender sender,
    GroupRounds groups,
    TimeProvider time,
    IOptions<QuizOptions> options,
    ILogger<ScoreCommands> log)
{
    private readonly TimeZoneInfo _zone = options.Value.Zone;

    public async Task TopAsync(CommandContext c, CancellationToken ct)
    {
        if (ScorePeriods.Parse(c.Command.Argument) is not { } period)
        {
            await sender.SendTextAsync(c.ChatId, Texts.TopUsage, ct: ct);
            return;
        }
        await sender.SendTextAsync(c.ChatId, await scores.TopTextAsync(c.From.Id, ScoreScopes.Of(c.ChatId, c.IsGroup), period), ct: ct);
    }

    public async Task MeAsync(CommandContext c, CancellationToken ct)
    {
        var report = await scores.MeReportAsync(c.From.Id, UpdateRouter.DisplayName(c.From), ScoreScopes.Of(c.ChatId, c.IsGroup));
        await sender.SendTextAsync(c.ChatId, report.Text, ct: ct);
        if (report.Days is not { } days) return;
        byte[] png;
        try
        {
            png = await StudyChart.RenderPngAsync(days, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The record is already sent; a chart that cannot be drawn (e.g. a missing native library) must not fail it.
            log.LogError(ex, "The /me chart for user {UserId} could not be rendered", c.From.Id);
            return;
        }
        await sender.SendPhotoAsync(c.ChatId, png, "me-30-days.png", Texts.ChartCaption, ct);
    }
}
