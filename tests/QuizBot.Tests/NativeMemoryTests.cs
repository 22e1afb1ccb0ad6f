namespace QuizBot.Tests;

/// <summary>When the bot gives memory back (NativeMemoryTrimmer; docs/benchmarks.md, "Memory").</summary>
public sealed class NativeMemoryTests
{
    private const long MB = 1L << 20;

    [Fact]
    public void A_busy_spell_ends_once_at_the_first_quiet_period_and_never_under_load()
    {
        var total = 100 * MB;
        var spells = new BusySpells(total);
        bool Period(long allocated) => spells.EndedQuietly(total += allocated);

        Assert.False(Period(1 * MB)); // idle from the start: nothing to give back
        Assert.False(Period(40 * MB)); // busy
        Assert.False(Period(17 * MB)); // still busy
        Assert.False(Period(5 * MB)); // slowing down, not quiet yet
        Assert.True(Period(MB / 2)); // quiet: the spell ended
        Assert.False(Period(MB / 4)); // stays quiet: once per spell
        Assert.False(Period(0));
        Assert.False(Period(30 * MB)); // a second spell
        Assert.True(Period(1 * MB)); // ends too
        total += 50 * MB; // say the collection itself allocated this much:
        spells.Restart(total); // it is not counted as activity
        Assert.False(Period(1 * MB));
        Assert.False(Period(1 * MB));
    }
}
