using System.Diagnostics;
using Microsoft.Extensions.Options;
using QuizBot.Configuration;

namespace QuizBot.Storage;

/// <summary>
/// At start, after the migration: brings the maintained score totals in line with the answer log for the configured time zone
/// (rebuilds them once after migration 003, and again only when Quiz:TimeZone changes).
/// </summary>
internal sealed class ScoreTotalsCheck(IQuizStore store, IOptions<QuizOptions> options, ILogger<ScoreTotalsCheck> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var zone = options.Value.Zone;
        var clock = Stopwatch.StartNew();
        if (await store.EnsureScoreTotalsAsync(zone))
            log.LogInformation("Score totals rebuilt from the answer log for time zone {Zone} in {Milliseconds} ms", zone.Id, clock.ElapsedMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
