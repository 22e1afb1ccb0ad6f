using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace QuizBot.Storage;

// Group commit for the writes of the answer path (docs/benchmarks.md, "Answer ingestion"). On this kind of machine a SQLite
// commit costs about 0.3–0.5 ms whatever it holds (WAL frames for every page it touched, and a checkpoint's fsync now and
// then), so one commit per answer caps ingestion near 2,000 answers a second while ten answers per commit reach over
// 10,000. Writes handed to WriteAsync wait in a queue; one drainer at a time runs everything queued in one transaction,
// each write in its own savepoint (a failing write rolls back alone), commits, and only then completes each caller: a
// caller still sees its write committed when its await returns, exactly as with its own transaction. An idle store
// commits a lone write at once; under load the batches grow by themselves.
internal sealed partial class SqliteQuizStore
{
    /// <summary>Writes per transaction at most, so one commit never holds the write lock for long.</summary>
    private const int MaxWritesPerCommit = 256;

    private readonly ConcurrentQueue<QueuedWrite> _writes = new();
    private int _draining; // 1 while a drainer runs
    public static long ProbeTicks, ProbeCommits, ProbeWrites;

    /// <summary>Runs <paramref name="write"/> in a shared transaction; completes after that transaction committed.</summary>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write)
    {
        var queued = new QueuedWrite<T>(write);
        _writes.Enqueue(queued);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0) _ = Task.Run(DrainAsync);
        return queued.Task;
    }

    private async Task DrainAsync()
    {
        var batch = new List<QueuedWrite>(MaxWritesPerCommit);
        while (true)
        {
            while (batch.Count < MaxWritesPerCommit && _writes.TryDequeue(out var write)) batch.Add(write);
            if (batch.Count == 0)
            {
                Volatile.Write(ref _draining, 0);
                // A write queued between the empty look and the line above found the flag set and started no drainer.
                if (_writes.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0) return;
                continue;
            }
            var probeStart = System.Diagnostics.Stopwatch.GetTimestamp();
            await CommitAsync(batch);
            Interlocked.Add(ref ProbeTicks, System.Diagnostics.Stopwatch.GetTimestamp() - probeStart);
            Interlocked.Increment(ref ProbeCommits);
            Interlocked.Add(ref ProbeWrites, batch.Count);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<QueuedWrite> batch)
    {
        try
        {
            await using var c = db.Open();
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
            foreach (var write in batch) await write.RunAsync(c, tx);
            await tx.CommitAsync();
        }
        catch (Exception ex)
        {
            // Nothing of this batch was committed (BEGIN or COMMIT failed: disk full, locked past busy_timeout...).
            foreach (var write in batch) write.Fail(ex);
            return;
        }
        foreach (var write in batch) write.Complete();
    }

    private abstract class QueuedWrite
    {
        public abstract Task RunAsync(SqliteConnection c, SqliteTransaction tx);
        public abstract void Complete();
        public abstract void Fail(Exception ex);
    }

    private sealed class QueuedWrite<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write) : QueuedWrite
    {
        private const string Savepoint = "queued_write";
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Task => _done.Task;

        public override async Task RunAsync(SqliteConnection c, SqliteTransaction tx)
        {
            await tx.SaveAsync(Savepoint);
            try
            {
                _result = await write(c, tx);
                await tx.ReleaseAsync(Savepoint);
            }
            catch (Exception ex)
            {
                _error = ex;
                await tx.RollbackAsync(Savepoint);
                await tx.ReleaseAsync(Savepoint);
            }
        }

        public override void Complete()
        {
            if (_error is null) _done.TrySetResult(_result!);
            else _done.TrySetException(_error);
        }

        public override void Fail(Exception ex) => _done.TrySetException(ex);
    }
}
