using System.Diagnostics;
using QuizBot.Tests.Fakes;

namespace QuizBot.Tests.Support;

/// <summary>The real bot as a separate process (the QuizBot.dll built beside the tests), so a test can kill it without warning.</summary>
internal sealed class BotProcess : IDisposable
{
    private readonly Process _process;

    private BotProcess(Process process) => _process = process;

    public static BotProcess Start(FakeBotApi api, TempDatabase db, IReadOnlyDictionary<string, string>? settings = null)
    {
        // The bot's own output folder (same configuration and framework as these tests): the copy beside the tests lacks
        // assemblies the test project takes from the ASP.NET Core framework instead.
        var relative = Path.GetRelativePath(Path.Combine(TestBot.RepoRoot(), "tests", "QuizBot.Tests"), AppContext.BaseDirectory);
        var dll = Path.Combine(TestBot.RepoRoot(), "src", "QuizBot", relative, "QuizBot.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build src/QuizBot first: {dll} is missing.");
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var info = new ProcessStartInfo(dotnet, [dll, "bot"])
        {
            WorkingDirectory = db.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["Telegram__BotToken"] = FakeBotApi.Token;
        info.Environment["Telegram__ApiBaseUrl"] = api.BaseUrl;
        info.Environment["Telegram__PollTimeoutSeconds"] = "1";
        info.Environment["ConnectionStrings__QuizBot"] = db.ConnectionString;
        info.Environment["Quiz__QuestionsPath"] = Path.Combine(TestBot.RepoRoot(), "questions");
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        info.Environment["Logging__LogLevel__QuizBot"] = "Debug";
        // Pacing is not what these tests are about: let each player's chat go as fast as they answer.
        info.Environment["Telegram__PrivatePerSecond"] = "20";
        info.Environment["Telegram__PrivateBurst"] = "20";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the bot process");
        var log = Path.Combine(db.Folder, "bot-process.log");
        var gate = new object();
        void Append(string? line) { if (line is not null) lock (gate) File.AppendAllText(log, line + Environment.NewLine); }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new BotProcess(process);
    }

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
