using System.Runtime.InteropServices;

namespace QuizBot;

/// <summary>
/// The C library's allocator, which SQLite and the chart renderer (SkiaSharp) allocate from. glibc gives each thread that
/// contends for its lock an arena of its own, up to 8 per core, and memory freed into one arena is reused only by that
/// arena's threads: with the thread pool's threads each touching SQLite, about 30 MB sat in eight half-empty arenas
/// (docs/benchmarks.md, "Memory"). Limiting glibc to one arena from the start of Main keeps later threads in the arenas
/// that exist by then (the runtime's own start-up threads made a few), and <see cref="NativeMemoryTrimmer"/> gives the
/// free memory back. Setting MALLOC_ARENA_MAX=1 in the environment does the first part fully (documented for operators).
/// </summary>
internal static class NativeMemory
{
    private const int M_ARENA_MAX = -8; // <malloc.h>

    /// <summary>Limits glibc to one malloc arena (call first thing: arenas made before it stay). No-op elsewhere.</summary>
    public static void UseOneArena()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = mallopt(M_ARENA_MAX, 1);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc (musl has its own allocator without arenas): nothing to do.
        }
    }

    /// <summary>Gives the allocator's free pages back to the system (glibc's malloc_trim). No-op elsewhere.</summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = malloc_trim(0);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
        }
    }

    // DllImport rather than LibraryImport: blittable ints need no marshalling code, and no unsafe blocks in the project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);
#pragma warning restore SYSLIB1054
}

/// <summary>
/// Gives memory back when the bot goes quiet (docs/benchmarks.md, "Memory"). Every <see cref="Period"/> it trims the C
/// allocator: glibc keeps what SQLite and the chart renderer freed inside its arenas, so a burst of /me charts or queries
/// would leave the process that much bigger for good. And once the bot, after a busy spell,
/// has allocated next to nothing for a whole period, it runs one aggressive garbage collection, the mode .NET provides for
/// an app going idle: the heap shrinks to what is alive instead of keeping the spell's high-water mark. Under load nothing
/// is collected by it; idle, it runs once per busy spell.
/// </summary>
internal sealed class NativeMemoryTrimmer(TimeProvider time, ILogger<NativeMemoryTrimmer> log) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        var spells = new BusySpells(GC.GetTotalAllocatedBytes());
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (spells.EndedQuietly(GC.GetTotalAllocatedBytes()))
                {
                    var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    log.LogDebug("Quiet after a busy spell: heap committed {Before} → {After} MB", before >> 20, GC.GetGCMemoryInfo().TotalCommittedBytes >> 20);
                    spells.Restart(GC.GetTotalAllocatedBytes());
                }
                NativeMemory.Trim();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>
/// Tells, from the bytes allocated so far read once per period, when a busy spell has just ended: a period with at least
/// <see cref="BusyBytes"/> allocated makes the process busy, and the first period after it with less than
/// <see cref="QuietBytes"/> ends the spell (once). Periods in between change nothing.
/// </summary>
internal sealed class BusySpells(long allocated)
{
    /// <summary>Per period of 2 s: 8 MB a second is busy; under 1 MB a second is quiet.</summary>
    public const long BusyBytes = 16L << 20, QuietBytes = 2L << 20;

    private long _last = allocated;
    private bool _busy;

    public bool EndedQuietly(long allocated)
    {
        var during = allocated - _last;
        _last = allocated;
        if (during >= BusyBytes) _busy = true;
        else if (_busy && during < QuietBytes)
        {
            _busy = false;
            return true;
        }
        return false;
    }

    /// <summary>Counts from here (what the collection itself allocated is not activity).</summary>
    public void Restart(long allocated) => _last = allocated;
}
