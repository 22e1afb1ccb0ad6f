using System.Diagnostics;
using QuizBot.Tests.Fakes;

namespace QuizBot.Tests.Support;

/// <summary>The real bot as a separate process (the QuizBot.dll built beside the tests), so a test can kill it without warning.</summary>
internal sealed class BotProcess : IDisposable
{
    private readonly Process _process;

    private BotProcess(Process process) => _process = process;

    /// <param name="logName">The log file in the database's folder (<c>{logName}.log</c>): several processes on one database
    /// each keep their own.</param>
    public static BotProcess Start(FakeBotApi api, TempDatabase db, IReadOnlyDictionary<string, string>? settings = null,
        string logName = "bot-process")
    {
        var log = Path.Combine(db.Folder, logName + ".log");
        var gate = new object();
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Testing",
            ["Logging__LogLevel__QuizBot"] = "Debug",
            // Pacing is not what these tests are about: let each player's chat go as fast as they answer.
            ["Telegram__PrivatePerSecond"] = "20",
            ["Telegram__PrivateBurst"] = "20",
        };
        environment["Storage__Provider"] = db.Provider == QuizBot.Storage.StorageProvider.Postgres ? "postgres" : "sqlite";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = BotLauncher.Start(api, db.ConnectionString, db.Folder, environment,
            line => { lock (gate) File.AppendAllText(log, line + Environment.NewLine); });
        return new BotProcess(process);
    }

    /// <summary>False once the process ended (killed, or on its own: see its log).</summary>
    public bool Running => !_process.HasExited;

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or a power cut.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
