using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace QuizBot.Storage;

/// <summary>
/// The one way to write (docs/storage.md): every write of every subject store is handed to <see cref="WriteAsync{T}"/>,
/// and one drainer at a time runs everything queued in one transaction on its own connection, commits, and only then
/// completes each caller. A caller sees its write committed when its await returns, as with its own transaction.
/// </summary>
/// <remarks>
/// Why a queue (docs/benchmarks.md, "Answer ingestion"): on this kind of machine a commit costs 0.3–0.5 ms whatever it
/// holds (WAL frames for every page it touched, a checkpoint's fsync now and then), so one transaction per write capped the
/// answer path near 2,600 inserts a second before any other work, while ten answers per commit reach 13,000. Since commits
/// are durable (synchronous=FULL, Database.Open) each one also waits for the log's fsync, milliseconds more, which batching
/// spreads over every write in the batch. One writer also keeps writers from queueing on SQLite's lock, whose busy handler
/// sleeps in steps of milliseconds and blocks its thread (66 daily-push workers doing that starved the thread pool for
/// seconds in the benchmark, which is why the daily push once had a write gate of its own).
/// If the shared transaction fails, each of its writes is run again alone, so a write that fails by itself fails only its
/// caller, with its own exception; a database locked by another process fails the batch and everything queued behind it at
/// once (FailLocked). An idle queue commits a lone write at once; under load the batches grow by themselves.
/// So a write must not act outside the database (caches, logs) inside its delegate: it may run twice, the first time
/// rolled back. It does that after its await returns.
/// On PostgreSQL the same queue runs on one pooled Npgsql connection: a commit there waits for the server's WAL flush, so
/// batching pays off the same way, and one writer keeps the answer path's rows from waiting on each other's row locks.
/// The writer connection's tuning per provider lives here (<see cref="Writer"/>); the subject stores see only
/// DbConnection/DbTransaction.
/// </remarks>
internal sealed class GroupCommit(IDatabase db)
{
    /// <summary>Writes per transaction at most, so one commit never holds the write lock for long.</summary>
    private const int MaxWritesPerCommit = 256;

    /// <summary>About 40 MB of WAL (4 KB pages) before the committing connection checkpoints.</summary>
    private const int WalPagesBeforeCheckpoint = 10_000;

    /// <summary>The drainer connection's page cache.</summary>
    private const int WriterCacheKilobytes = 4096;

    private readonly ConcurrentQueue<QueuedWrite> _writes = new();

    /// <summary>
    /// Run first in every write transaction when set: the leader's fencing check (Storage/PostgresLeaderElection.cs), which
    /// throws when another instance has taken over, so the transaction and everything in it is refused.
    /// </summary>
    public Func<DbConnection, DbTransaction, Task>? Fence { get; set; }
    private int _draining; // 1 while a drainer runs

    /// <summary>Runs <paramref name="write"/> in a shared transaction; completes after that transaction committed.</summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write)
    {
        var queued = new QueuedWrite<T>(write);
        _writes.Enqueue(queued);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0) _ = Task.Run(DrainAsync);
        return queued.Task;
    }

    /// <summary>A write whose result nobody reads.</summary>
    public Task WriteAsync(Func<DbConnection, DbTransaction, Task> write) =>
        WriteAsync(async (c, tx) =>
        {
            await write(c, tx);
            return true;
        });

    private async Task DrainAsync()
    {
        var batch = new List<QueuedWrite>(MaxWritesPerCommit);
        try
        {
            while (true)
            {
                while (batch.Count < MaxWritesPerCommit && _writes.TryDequeue(out var write)) batch.Add(write);
                if (batch.Count == 0)
                {
                    CloseWriter(); // idle: give the connection back; the next drainer opens one again
                    Volatile.Write(ref _draining, 0);
                    // A write queued between the empty look and the line above found the flag set and started no drainer.
                    if (_writes.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0) return;
                    continue;
                }
                await CommitAsync(batch);
                batch.Clear();
            }
        }
        catch (Exception ex)
        {
            // Not expected (CommitAsync fails writes rather than throwing); never leave callers waiting.
            foreach (var write in batch) write.Fail(ex);
            CloseWriter();
            Volatile.Write(ref _draining, 0);
            throw;
        }
    }

    private async Task CommitAsync(List<QueuedWrite> batch)
    {
        try
        {
            await RunInTransactionAsync(batch);
            foreach (var write in batch) write.Complete();
            return;
        }
        catch (Exception ex) when (StorageErrors.IsLocked(ex))
        {
            CloseWriter();
            FailLocked(batch, ex);
            return;
        }
        catch (Exception) when (batch.Count > 1)
        {
            // Rolled back as a whole. Run each write alone, so only a write that fails by itself fails its caller.
            CloseWriter(); // and on a fresh connection, in case this one is what broke
        }
        catch (Exception ex)
        {
            CloseWriter();
            batch[0].Fail(ex);
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                await RunInTransactionAsync([batch[i]]);
                batch[i].Complete();
            }
            catch (Exception ex) when (StorageErrors.IsLocked(ex))
            {
                CloseWriter();
                FailLocked(batch.Skip(i), ex);
                return;
            }
            catch (Exception ex)
            {
                CloseWriter();
                batch[i].Fail(ex);
            }
        }
    }

    /// <summary>
    /// Another process held the write lock through a whole busy timeout (Database.LockWait). The lock is the database's,
    /// not a row's: each of these writes, and each queued meanwhile, would wait for it once more (with one try per write,
    /// a batch of 100 took eight minutes to fail, and the bot with it). All of them fail now, so an attempt costs one lock
    /// wait; their callers hold what they must not lose and try again on their own schedule (docs/operations.md).
    /// </summary>
    private void FailLocked(IEnumerable<QueuedWrite> writes, Exception ex)
    {
        foreach (var write in writes) write.Fail(ex);
        while (_writes.TryDequeue(out var queued)) queued.Fail(ex);
    }

    private async Task RunInTransactionAsync(List<QueuedWrite> writes)
    {
        var c = Writer();
        await using var tx = await c.BeginTransactionAsync();
        if (Fence is { } fence) await fence(c, tx);
        foreach (var write in writes) await write.RunAsync(c, tx);
        await tx.CommitAsync();
    }

    // The drainer's connection, kept while it drains, and the statements it prepared: the answer insert and the six-row
    // totals upsert cost more to parse than to run. Only the drainer touches these, one drainer at a time.
    private DbConnection? _writer;
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

    /// <summary>The drainer's connection, tuned per provider: the one place the writer differs between them.</summary>
    private DbConnection Writer()
    {
        if (_writer is not null) return _writer;
        _writer = db.Connect();
        if (_writer is SqliteConnection sqlite)
        {
            // A bigger WAL before this connection checkpoints: with readers always active, checkpointing every 1,000 pages
            // (the default) made every commit pay for a checkpoint that could not finish.
            sqlite.Execute($"PRAGMA wal_autocheckpoint = {WalPagesBeforeCheckpoint}");
            // And a bigger page cache than the readers' 256 KB (Database.Open): the answer path's writes touch the answers
            // table, its five indexes, the score totals and the review schedule, and with 64 pages the drainer kept reading
            // the same pages back from the OS a syscall at a time.
            sqlite.Execute($"PRAGMA cache_size = -{WriterCacheKilobytes}");
        }
        // PostgreSQL: nothing to tune per connection. The server's statement cache is Npgsql's automatic preparation,
        // switched on for every connection by PostgresDatabase, so the prepared commands below are prepared server-side.
        return _writer;
    }

    private void CloseWriter()
    {
        foreach (var command in _prepared.Values) command.Dispose();
        _prepared.Clear();
        try
        {
            // The handle goes back to the pool, where it serves readers again.
            if (_writer is SqliteConnection sqlite) sqlite.Execute($"PRAGMA cache_size = {Database.ReaderCacheSize}");
        }
        catch (SqliteException)
        {
            // A broken connection: nothing to give back.
        }
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>
    /// A hot statement of a queued write, prepared once per drain (<paramref name="parameters"/> are its @names, in the
    /// order the caller sets them); set its parameters, then execute it.
    /// </summary>
    public DbCommand Prepared(DbConnection c, DbTransaction tx, string sql, params string[] parameters)
    {
        if (!ReferenceEquals(c, _writer)) throw new InvalidOperationException("Prepared statements belong to queued writes");
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = c.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            _prepared[sql] = command;
        }
        command.Transaction = tx;
        return command;
    }

    private abstract class QueuedWrite
    {
        public abstract Task RunAsync(DbConnection c, DbTransaction tx);
        public abstract void Complete();
        public abstract void Fail(Exception ex);
    }

    private sealed class QueuedWrite<T>(Func<DbConnection, DbTransaction, Task<T>> write) : QueuedWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _done.Task;

        public override async Task RunAsync(DbConnection c, DbTransaction tx) => _result = await write(c, tx);

        public override void Complete() => _done.TrySetResult(_result!);

        public override void Fail(Exception ex) => _done.TrySetException(ex);
    }
}
