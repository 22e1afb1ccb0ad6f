using System.Text.RegularExpressions;
using QuizBot.Storage;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>
/// Who may touch storage (docs/storage.md): services do; the transport (src/QuizBot/Telegram, the terminal in
/// src/QuizBot/Play) does not, except the poller, the webhook intake and the lanes, which keep their own place through the InboxStore.
/// </summary>
public sealed class StorageAccessTests
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Telegram/UpdatePoller.cs"] = [nameof(InboxStore)],
        ["Telegram/UpdateLanes.cs"] = [nameof(InboxStore)],
        ["Telegram/WebhookIntake.cs"] = [nameof(InboxStore)], // the webhook's side of the same place (issue 12)
    };

    [Fact]
    public void The_transport_uses_no_store_but_its_own_inbox()
    {
        var storage = typeof(Database).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(Database).Namespace && !t.IsNested
                && (t.Name.EndsWith("Store", StringComparison.Ordinal) || t.Name is nameof(Stores) or nameof(GroupCommit) or nameof(Database)))
            .Select(t => t.Name)
            .ToList();
        Assert.Contains(nameof(RoundStore), storage); // the scan looks for what is there
        var names = new Regex($@"\b({string.Join('|', storage)})\b");

        var src = Path.Combine(TestBot.RepoRoot(), "src", "QuizBot");
        var strays = new List<string>();
        foreach (var folder in new[] { "Telegram", "Play" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(src, folder), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
                var allowed = Allowed.GetValueOrDefault(relative, []);
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var line = lines[i].TrimStart();
                    if (line.StartsWith("//", StringComparison.Ordinal)) continue;
                    foreach (Match m in names.Matches(line))
                    {
                        if (!allowed.Contains(m.Value)) strays.Add($"{relative}:{i + 1}: {m.Value}");
                    }
                }
            }
        }
        Assert.True(strays.Count == 0, "Transport classes use storage (go through a service, docs/storage.md):\n" + string.Join("\n", strays));
    }
}
