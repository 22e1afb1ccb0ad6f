using System.Text;
using QuizBot.Authoring.Cli;
using QuizBot.Authoring.Generation;
using QuizBot.Authoring.Lint;
using QuizBot.Authoring.Review;
using QuizBot.Authoring.Stats;

// The authoring tool: seeds → draft questions → review → lint (docs/authoring.md).
Console.OutputEncoding = Encoding.UTF8;
Console.InputEncoding = Encoding.UTF8;

const string Usage = """
    usage: dotnet run --project src/QuizBot.Authoring -- <command>
      generate <digest file>… --out <dir> [--errata <file>] [--userdict <file>]… [--bank <dir>] [--seed <n>] [--force]
      review <file> [--bank <dir>]
      review --reported [dir] --db <sqlite file>  learners' reports beside each question and its quote
      lint [dir] [--seeds <dir>]                 dir defaults to questions
      stats [dir] [--db <sqlite file>] [--min-answers <n>]
                                                 dir defaults to questions; flags from n answers on (default 20)
    """;

try
{
    var rest = args.Skip(1).ToArray();
    return args.FirstOrDefault() switch
    {
        "generate" => GenerateCommand.Run(rest, Console.Out),
        "review" => ReviewCommand.Run(rest, Console.In, Console.Out),
        "lint" => LintCommand.Run(rest, Console.Out),
        "stats" => StatsCommand.Run(rest, Console.Out),
        "help" or "--help" or "-h" => Help(),
        _ => throw new UsageException(args.Length == 0 ? "no command given" : $"unknown command '{args[0]}'"),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}

static int Help()
{
    Console.WriteLine(Usage);
    return 0;
}
