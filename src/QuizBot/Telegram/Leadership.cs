using System.Diagnostics;

namespace QuizBot.Telegram;

/// <summary>
/// Whether this instance runs the work that must happen once (issue 12): the round clock, the daily pusher, handling
/// updates, getUpdates or setWebhook. A single instance on SQLite is the leader from the start. Instances on PostgreSQL
/// elect one (<see cref="Storage.PostgresLeaderElection"/>); the others follow, in webhook mode storing the updates they
/// are posted for the leader, and take over when it goes.
/// </summary>
internal sealed class Leadership
{
    private readonly TaskCompletionSource _acquired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _acquiredAt;

    private Leadership(bool elected) => Elected = elected;

    /// <summary>The leader from the start: one instance per database.</summary>
    public static Leadership Sole()
    {
        var sole = new Leadership(elected: false);
        sole.Acquire(epoch: 0);
        return sole;
    }

    /// <summary>A follower until <see cref="Acquire"/>.</summary>
    public static Leadership ByElection() => new(elected: true);

    /// <summary>True when instances elect a leader (PostgreSQL: any number of instances).</summary>
    public bool Elected { get; }

    /// <summary>Completes when this instance becomes the leader.</summary>
    public Task Acquired => _acquired.Task;

    public bool IsLeader => _acquired.Task.IsCompleted;

    /// <summary>The fencing epoch this instance leads under (0 for a sole instance).</summary>
    public long Epoch { get; private set; }

    /// <summary>Stopwatch timestamp of <see cref="Acquire"/>.</summary>
    public long AcquiredAt => Volatile.Read(ref _acquiredAt);

    public void Acquire(long epoch)
    {
        Epoch = epoch;
        Volatile.Write(ref _acquiredAt, Stopwatch.GetTimestamp());
        _acquired.TrySetResult();
    }
}
