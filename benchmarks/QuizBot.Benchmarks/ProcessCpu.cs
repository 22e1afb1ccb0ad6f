using System.Globalization;

namespace QuizBot.Benchmarks;

/// <summary>
/// CPU time (user + system) of processes, read from /proc (Linux): the bot instances a benchmark starts and the PostgreSQL
/// server; clock ticks of 1/100 s (USER_HZ, 100 on Linux), so meaningful over seconds, not milliseconds. And the time their
/// threads were ready to run but waited for a CPU (the run queue, /proc/PID/task/TID/schedstat): on a machine shared with
/// other work, what says whether a run was held back by the CPU others took.
/// </summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100;

    /// <summary>The process's own CPU time so far (zero once it is gone).</summary>
    public static TimeSpan Of(int pid) => Stat(pid) is { } s ? Ticks(s.UserTicks + s.SystemTicks) : TimeSpan.Zero;

    /// <summary>
    /// The PostgreSQL server's CPU time so far: the postmaster's own, that of its children that have exited (backends of
    /// closed connections, reaped by the postmaster) and that of its live children (backends, WAL writer, checkpointer…).
    /// </summary>
    public static TimeSpan PostgresServer(int postmaster)
    {
        if (Stat(postmaster) is not { } main) return TimeSpan.Zero;
        var ticks = main.UserTicks + main.SystemTicks + main.ChildUserTicks + main.ChildSystemTicks;
        foreach (var child in Children(postmaster))
            if (Stat(child) is { } s) ticks += s.UserTicks + s.SystemTicks;
        return Ticks(ticks);
    }

    /// <summary>How long the process's live threads have waited for a CPU while ready to run, so far.</summary>
    public static TimeSpan Waiting(int pid)
    {
        long nanoseconds = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    nanoseconds += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // the thread ended meanwhile
                }
            }
        }
        catch (IOException)
        {
            // the process ended meanwhile
        }
        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    /// <summary>The PostgreSQL server's live processes' wait for a CPU so far (that of exited backends is not kept anywhere).</summary>
    public static TimeSpan PostgresServerWaiting(int postmaster) =>
        Children(postmaster).Aggregate(Waiting(postmaster), (sum, child) => sum + Waiting(child));

    private static IEnumerable<int> Children(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && pid != parent && Stat(pid) is { } s && s.ParentPid == parent)
                yield return pid;
    }

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    private sealed record ProcStat(int ParentPid, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks);

    /// <summary>/proc/PID/stat (proc(5)): the fields after the command name, which is in parentheses and may hold spaces.</summary>
    private static ProcStat? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // gone meanwhile
        }
        var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long L(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture); // f[0] is field 3 (state)
        return new ProcStat((int)L(4), L(14), L(15), L(16), L(17));
    }
}
