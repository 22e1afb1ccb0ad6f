using QuizBot;

var (mode, rest) = QuizBotServices.ChooseMode(args, () => Environment.GetEnvironmentVariable("Telegram__BotToken"));
var builder = Host.CreateApplicationBuilder(rest);
if (mode == RunMode.Play || string.IsNullOrWhiteSpace(builder.Configuration["Telegram:BotToken"]) && args.FirstOrDefault() != "bot")
    mode = RunMode.Play;
if (mode == RunMode.Play) builder.Logging.SetMinimumLevel(LogLevel.Warning); // the terminal is the player's screen
builder.AddQuizBot(mode);
using var host = builder.Build();
return await host.RunQuizBotAsync(mode);
