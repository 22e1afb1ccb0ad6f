using QuizBot.Telegram;

namespace QuizBot.Tests;

/// <summary>
/// The round clock runs one step per round at a time. It used to record a step only after starting it, so a step that
/// ended before it was recorded (a tick with nothing to do, on a busy machine) left its round marked as running for good:
/// the round never moved again and nothing was logged (found by the group crash test).
/// </summary>
public sealed class KeyedStepsTests
{
    [Fact]
    public async Task A_step_that_ends_at_once_frees_its_key_for_the_next_tick()
    {
        var steps = new KeyedSteps();
        var runs = 0;
        for (var tick = 0; tick < 100; tick++)
        {
            var step = steps.TryStart(7, () =>
            {
                Interlocked.Increment(ref runs);
                return Task.CompletedTask; // ends before TryStart has even returned, as a quick step may
            });
            Assert.NotNull(step);
            await step;
            Assert.False(steps.IsRunning(7));
        }
        Assert.Equal(100, runs);
    }

    [Fact]
    public async Task While_a_step_runs_its_key_starts_nothing_and_other_keys_run_beside_it()
    {
        var steps = new KeyedSteps();
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = steps.TryStart(1, async () =>
        {
            started.SetResult();
            await slow.Task;
        });
        Assert.NotNull(first);
        await started.Task;

        var second = false;
        Assert.Null(steps.TryStart(1, () => { second = true; return Task.CompletedTask; }));
        var other = steps.TryStart(2, () => Task.CompletedTask);
        Assert.NotNull(other);
        await other;
        Assert.True(steps.IsRunning(1));
        var all = steps.WhenAll();
        Assert.False(all.IsCompleted);

        slow.SetResult();
        await first;
        await all;
        Assert.False(second);
        Assert.False(steps.IsRunning(1));
        Assert.NotNull(steps.TryStart(1, () => Task.CompletedTask));
    }

    [Fact]
    public async Task A_step_that_fails_frees_its_key_too()
    {
        var steps = new KeyedSteps();
        var failing = steps.TryStart(3, () => throw new InvalidOperationException("a bug in a step"));
        Assert.NotNull(failing);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.False(steps.IsRunning(3));
    }
}
