using System.Collections.Concurrent;

namespace QuizBot.Tests.Support;

/// <summary>Captures every log line (message and exception text) so tests can search them, e.g. for the token.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _lines = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Lines => _lines.ToArray();

    /// <summary>Completes when the next line is logged.</summary>
    public Task NextLine => Volatile.Read(ref _signal).Task;

    /// <summary>Waits, woken by each new line rather than sleeping, until a line starts with <paramref name="prefix"/>.</summary>
    public async Task WaitForLineAsync(string prefix, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Fakes.FakeBotApi.DefaultWaitTimeout);
        while (true)
        {
            var signal = Volatile.Read(ref _signal).Task;
            if (Lines.Any(l => l.Text.StartsWith(prefix, StringComparison.Ordinal))) return;
            try
            {
                await signal.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no log line \"{prefix}…\"; last lines:\n" + string.Join("\n",
                    Lines.Where(l => l.Level >= LogLevel.Information).TakeLast(15).Select(l => $"{l.Category}: {l.Text}")));
            }
        }
    }

    private void Add(LogLevel level, string category, string text)
    {
        _lines.Enqueue((level, category, text));
        Interlocked.Exchange(ref _signal, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(ListLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(logLevel, category, formatter(state, exception) + (exception is null ? "" : "\n" + exception));
    }
}
