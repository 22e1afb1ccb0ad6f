using QuizBot.Core.Quizzes;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;

namespace QuizBot.Tests.Support;

/// <summary>
/// The real host, wired by the same AddQuizBot as production, pointed at a fake Bot API on loopback and a temporary SQLite
/// file. Only the random seed (and, where a test asks, the clock) differ.
/// </summary>
internal sealed class TestBot : IAsyncDisposable
{
    private TestBot(IHost host, ListLoggerProvider logs)
    {
        Host = host;
        Logs = logs;
    }

    public IHost Host { get; }
    public ListLoggerProvider Logs { get; }

    public static string RepoRoot() => BotLauncher.RepoRoot();

    public static async Task<TestBot> StartAsync(FakeBotApi api, TempDatabase db, int seed = 42,
        Dictionary<string, string?>? settings = null, TimeProvider? time = null, ListLoggerProvider? logs = null,
        StorageFaults? faults = null)
    {
        var builder = QuizBotServices.CreateBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            ContentRootPath = db.Folder,
        });
        var config = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Telegram:PollTimeoutSeconds"] = "1",
            ["Quiz:QuestionsPath"] = Path.Combine(RepoRoot(), "questions"),
        };
        foreach (var (k, v) in db.Settings) config[k] = v;
        foreach (var (k, v) in settings ?? []) config[k] = v;
        builder.Configuration.AddInMemoryCollection(config);
        logs ??= new ListLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.AddQuizBot(RunMode.Bot);
        builder.Services.AddSingleton(new QuizPlanner(new Random(seed)));
        if (time is not null) builder.Services.AddSingleton(time);
        if (faults is not null) builder.Services.AddSingleton(faults);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        var host = builder.Build();
        var lanes = host.Services.GetRequiredService<QuizBot.Telegram.UpdateLanes>();
        api.BotIdle = () => lanes.Pending == 0;
        await host.StartAsync();
        return new TestBot(host, logs);
    }

    /// <summary>
    /// True when every update taken from Telegram has been handled: confirmed to Telegram (none pending at the fake) is
    /// not enough, since updates are stored and confirmed before their chat's lane handles them.
    /// </summary>
    /// <summary>Settings of webhook mode behind a load balancer: Telegram knows the public URL, Kestrel listens on loopback.</summary>
    public static Dictionary<string, string?> WebhookSettings(string secret = WebhookSecret) => new()
    {
        ["Telegram:Mode"] = "webhook",
        ["Telegram:WebhookUrl"] = PublicWebhookUrl,
        ["Telegram:WebhookSecret"] = secret,
        ["Urls"] = "http://127.0.0.1:0",
    };

    public const string PublicWebhookUrl = "https://bot.example/telegram/hook";
    public const string WebhookSecret = "s3cret_Token-for-tests";

    /// <summary>Where this bot's Kestrel listens (webhook mode), e.g. http://127.0.0.1:41234.</summary>
    public string WebhookAddress => Host.Services.GetRequiredService<QuizBot.Telegram.WebhookIntake>().Addresses.First();

    public bool Idle => Host.Services.GetRequiredService<QuizBot.Telegram.UpdateLanes>().Pending == 0;

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
