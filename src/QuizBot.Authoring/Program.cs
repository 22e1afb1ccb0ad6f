using System.Text;
using QuizBot.Authoring.Cli;
using QuizBot.Authoring.Generation;

// The authoring tool: seeds → draft questions → review → lint (docs/authoring.md).
Console.OutputEncoding = Encoding.UTF8;
Console.InputEncoding = Encoding.UTF8;

const string Usage = """
    usage: dotnet run --project src/QuizBot.Authoring -- <command>
      generate <digest file>… --out <dir> [--errata <file>] [--userdict <file>]… [--seed <n>] [--force]
      review <file> [--bank <dir>]
      lint [dir] [--seeds <dir>]
      stats [dir] [--db <sqlite file>]
    """;

try
{
    var rest = args.Skip(1).ToArray();
    return args.FirstOrDefault() switch
    {
        "generate" => GenerateCommand.Run(rest, Console.Out),
        _ => throw new UsageException(args.Length == 0 ? "no command given" : $"unknown command '{args[0]}'"),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}
