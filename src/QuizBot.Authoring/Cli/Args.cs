namespace QuizBot.Authoring.Cli;

/// <summary>
/// The command line after the command name: positional arguments and <c>--name value</c> options (an option may repeat).
/// Flags are options that take no value. Unknown options are errors, so a typo is not silently ignored.
/// </summary>
internal sealed class Args
{
    private readonly Dictionary<string, List<string>> _options = [];

    public List<string> Positional { get; } = [];

    public static Args Parse(IEnumerable<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string>? flags = null)
    {
        var result = new Args();
        flags ??= [];
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var a = e.Current;
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--")
            {
                result.Positional.Add(a);
                continue;
            }
            var name = a[2..];
            string? value = null;
            if (name.IndexOf('=') is var eq and > 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            if (flags.Contains(name))
            {
                result.Add(name, "true");
                continue;
            }
            if (!options.Contains(name)) throw new UsageException($"unknown option --{name}");
            if (value is null)
            {
                if (!e.MoveNext()) throw new UsageException($"--{name} needs a value");
                value = e.Current;
            }
            result.Add(name, value);
        }
        return result;
    }

    private void Add(string name, string value)
    {
        if (!_options.TryGetValue(name, out var list)) _options[name] = list = [];
        list.Add(value);
    }

    public string? Get(string name) => _options.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> All(string name) => _options.TryGetValue(name, out var v) ? v : [];

    public bool Has(string name) => _options.ContainsKey(name);
}

/// <summary>A mistake in the command line: reported with the usage text and exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
