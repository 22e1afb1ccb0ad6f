using QuizBot;

var (verb, rest) = QuizBotServices.SplitVerb(args);
var builder = QuizBotServices.CreateBuilder(new HostApplicationBuilderSettings { Args = rest });
var mode = QuizBotServices.ChooseMode(verb, builder.Configuration);
if (mode != RunMode.Bot) builder.Logging.SetMinimumLevel(LogLevel.Warning); // the terminal is the user's screen
builder.AddQuizBot(mode);
using var host = builder.Build();
return await host.RunQuizBotAsync(mode, rest);
