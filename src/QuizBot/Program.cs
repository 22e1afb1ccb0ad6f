using QuizBot;

var (verb, rest) = QuizBotServices.SplitVerb(args);
// Settings are read once at start; without reload-on-change the host sets no file watchers on appsettings*.json.
var configuration = new ConfigurationManager();
configuration["hostBuilder:reloadConfigOnChange"] = "false";
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = rest, Configuration = configuration });
var mode = QuizBotServices.ChooseMode(verb, builder.Configuration);
if (mode != RunMode.Bot) builder.Logging.SetMinimumLevel(LogLevel.Warning); // the terminal is the user's screen
builder.AddQuizBot(mode);
using var host = builder.Build();
return await host.RunQuizBotAsync(mode, rest);
