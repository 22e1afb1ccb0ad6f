using System.Diagnostics;
using QuizBot.Tests.Fakes;

namespace QuizBot.Tests.Support;

/// <summary>
/// Starts the real bot (the QuizBot.dll of src/QuizBot, as deployed) as a child process against a fake Bot API. Shared by
/// the crash tests (<see cref="BotProcess"/>) and the start-up benchmark, which compiles this file in.
/// </summary>
internal static class BotLauncher
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QuizBot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("QuizBot.sln not found above the running binaries");
    }

    /// <param name="environment">Settings beyond the fake API, the database and the bank (later ones win).</param>
    /// <param name="output">Receives each line the bot writes to stdout or stderr.</param>
    public static Process Start(FakeBotApi api, string connectionString, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, Action<string> output, string? botDll = null)
    {
        var root = RepoRoot();
        // The bot's own output folder, same configuration and framework as the caller (bin/<configuration>/<framework>):
        // the copy beside the caller lacks assemblies it takes from the ASP.NET Core shared framework instead.
        var framework = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var dll = botDll ?? Path.Combine(root, "src", "QuizBot", "bin", framework.Parent?.Name ?? "Release", framework.Name, "QuizBot.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build src/QuizBot first: {dll} is missing.");
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var info = new ProcessStartInfo(dotnet, [dll, "bot"])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["Telegram__BotToken"] = FakeBotApi.Token;
        info.Environment["Telegram__ApiBaseUrl"] = api.BaseUrl;
        info.Environment["Telegram__PollTimeoutSeconds"] = "1";
        info.Environment["ConnectionStrings__QuizBot"] = connectionString;
        info.Environment["Quiz__QuestionsPath"] = Path.Combine(root, "questions");
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the bot process");
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) output(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) output(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
