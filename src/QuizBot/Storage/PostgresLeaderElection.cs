using System.Data.Common;
using Dapper;
using Npgsql;
using QuizBot.Telegram;

namespace QuizBot.Storage;

/// <summary>Thrown inside a write transaction of a leader that another instance has replaced: the transaction is refused.</summary>
internal sealed class StaleLeadershipException(long mine, long current)
    : Exception($"leadership epoch {mine} is stale (the current leader holds epoch {current}); the write is refused");

/// <summary>
/// Leader election among the instances on one PostgreSQL (issue 12, webhook and polling mode): a session advisory lock
/// (<c>pg_try_advisory_lock</c>, the one-bot-per-database key, so a restore still refuses while a leader runs) on a
/// connection of its own, outside the pool. A follower tries every <see cref="Retry"/>; the server releases the lock the
/// moment the leader's connection ends (a killed process, a lost network once TCP gives up), so another instance takes
/// over within about two seconds (a retry every second, then <see cref="Quiet"/>). On taking it, the leader raises the epoch in <c>leases</c> and fences every write
/// transaction with it (<see cref="GroupCommit.Fence"/>): a leader that was paused past the loss of its lock finds another
/// epoch there and its step is refused, in the same transaction that would have recorded it. A leader that sees its lock
/// connection fail stops the process (exit code 3) rather than go on without the lock; its supervisor starts it again, as
/// a follower.
/// </summary>
internal sealed class PostgresLeaderElection(
    PostgresDatabase database,
    Stores stores,
    Leadership leadership,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<PostgresLeaderElection> log) : BackgroundService
{
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    /// <summary>How long a new leader waits before it acts: one window of Telegram's overall limit, and a little.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.1);

    /// <summary>How often the leader checks its lock connection.</summary>
    public static readonly TimeSpan Check = TimeSpan.FromSeconds(1);

    private const string Name = "leader";

    private NpgsqlConnection? _lock;

    /// <summary>The server process id of the lock connection (tests terminate it to take the lock away).</summary>
    public int? LockBackendPid => _lock?.ProcessID;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var announced = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await TryTakeAsync(stoppingToken)) break;
                if (!announced) log.LogInformation("Another instance leads; this one follows and takes over when it goes");
                announced = true;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                log.LogWarning("Leader election: the database cannot be reached ({Error}); retrying", StorageErrors.Describe(ex));
            }
            try { await Task.Delay(Retry, time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
        if (_lock is null) return;

        // Leading: check the lock connection; if it fails, the lock may be another's by now.
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(Check, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
            try
            {
                await _lock.ExecuteScalarAsync<int>("SELECT 1");
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
            {
                log.LogCritical("The leader's lock connection failed ({Error}): another instance may lead now; stopping this one (exit code 3)",
                    StorageErrors.Describe(ex));
                Environment.ExitCode = 3;
                lifetime.StopApplication();
                break;
            }
        }
        await _lock.DisposeAsync();
        _lock = null;
    }

    private async Task<bool> TryTakeAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            if (!await connection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@key)", new { key = PostgresDatabase.InstanceLockKey }))
            {
                await connection.DisposeAsync();
                return false;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        _lock = connection;
        // Waits for every transaction still fenced with the previous epoch (they hold the row FOR SHARE), then raises it.
        var epoch = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO leases (name, epoch, holder, since) VALUES (@Name, 1, @holder, @since)
            ON CONFLICT (name) DO UPDATE SET epoch = leases.epoch + 1, holder = excluded.holder, since = excluded.since
            RETURNING epoch
            """, new { Name, holder = $"{Environment.MachineName}:{Environment.ProcessId}", since = time.GetUtcNow().ToUnixTimeMilliseconds() });
        stores.Writes.Fence = (c, tx) => FenceAsync(c, tx, epoch);
        // Telegram counts about 30 messages a second per bot, not per instance: the leader before (any epoch but the first)
        // may have sent its last ones a moment ago. One window of quiet (real time, as Telegram's) keeps the two apart.
        if (epoch > 1) await Task.Delay(Quiet, ct);
        leadership.Acquire(epoch);
        log.LogInformation("This instance leads (epoch {Epoch})", epoch);
        return true;
    }

    /// <summary>The fencing check, first in each of the leader's write transactions.</summary>
    internal static async Task FenceAsync(DbConnection c, DbTransaction tx, long epoch)
    {
        var current = await c.ExecuteScalarAsync<long>("SELECT epoch FROM leases WHERE name = @Name FOR SHARE", new { Name }, tx);
        if (current != epoch) throw new StaleLeadershipException(epoch, current);
    }

    public override void Dispose()
    {
        _lock?.Dispose();
        base.Dispose();
    }
}
