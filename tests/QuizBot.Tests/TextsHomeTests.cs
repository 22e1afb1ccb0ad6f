using System.Text.RegularExpressions;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>
/// Everything the bot says (and the Chinese words it understands) lives in src/QuizBot/Texts*.cs, as the README promises:
/// a translator or an editor finds it there, and handlers never build messages of their own. Comments may hold Chinese
/// (an example of an accepted argument); code lines may not.
/// </summary>
public sealed partial class TextsHomeTests
{
    [Fact]
    public void Chinese_text_in_the_worker_lives_only_in_the_Texts_files()
    {
        var src = Path.Combine(TestBot.RepoRoot(), "src", "QuizBot");
        var sources = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(src, f)))
            .ToList();
        Assert.Contains(sources, f => Path.GetFileName(f) == "Texts.cs"); // the scan looks where the code is

        var strays = new List<string>();
        foreach (var file in sources)
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (Path.GetFileName(file).StartsWith("Texts", StringComparison.Ordinal)) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimStart();
                if (line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith('*') || line.StartsWith("/*", StringComparison.Ordinal)) continue;
                if (Cjk().IsMatch(line)) strays.Add($"{relative}:{i + 1}: {line}");
            }
        }
        Assert.True(strays.Count == 0, "Chinese outside src/QuizBot/Texts*.cs (move it there):\n" + string.Join("\n", strays));
    }

    [Fact]
    public void The_scan_recognises_Chinese_text_and_punctuation()
    {
        Assert.Matches(Cjk(), "Say(\"再见\");");
        Assert.Matches(Cjk(), "text.Split([',', '，'])"); // a full-width comma
        Assert.DoesNotMatch(Cjk(), "Say(\"1–20 ✅ 📈\");"); // dashes and emoji are not Chinese
    }

    private static bool IsBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0] is "bin" or "obj";

    /// <summary>CJK ideographs (with extension A and the compatibility block), CJK punctuation and full-width forms.</summary>
    [GeneratedRegex(@"[\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]")]
    private static partial Regex Cjk();
}
