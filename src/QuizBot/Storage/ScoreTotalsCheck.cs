using System.Diagnostics;
using Microsoft.Extensions.Options;
using QuizBot.Configuration;

namespace QuizBot.Storage;

/// <summary>
/// At start, after the migration: brings the maintained score totals and per-person tallies in line with the answer log for
/// the configured time zone (rebuilds each once after its migration, 003 and 004, and again only when Quiz:TimeZone
/// changes). A start with nothing to rebuild reads two bot_state rows.
/// </summary>
internal sealed class ScoreTotalsCheck(ScoreStore scores, TallyStore tallies, IOptions<QuizOptions> options, ILogger<ScoreTotalsCheck> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var zone = options.Value.Zone;
        var clock = Stopwatch.StartNew();
        if (await scores.EnsureScoreTotalsAsync(zone))
            log.LogInformation("Score totals rebuilt from the answer log for time zone {Zone} in {Milliseconds} ms", zone.Id, clock.ElapsedMilliseconds);
        clock.Restart();
        if (await tallies.EnsureUserTalliesAsync(zone))
            log.LogInformation("Per-person day and question tallies rebuilt from the answer log for time zone {Zone} in {Milliseconds} ms", zone.Id, clock.ElapsedMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
