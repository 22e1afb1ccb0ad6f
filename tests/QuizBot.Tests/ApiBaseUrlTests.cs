using QuizBot.Configuration;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>The token is part of every request URL: it may travel in clear text only to this machine.</summary>
public sealed class ApiBaseUrlTests
{
    [Theory]
    [InlineData("http://api.telegram.org")]
    [InlineData("http://10.0.0.5:8081")]
    [InlineData("HTTP://bot-api.internal")]
    [InlineData("http://127.0.0.1.example.com")]
    public void Plain_http_to_another_machine_stops_the_start_with_one_line_naming_the_key(string url)
    {
        using var db = new TempDatabase();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ContentRootPath = db.Folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = url,
            ["ConnectionStrings:QuizBot"] = db.ConnectionString,
            ["Quiz:QuestionsPath"] = Path.Combine(TestBot.RepoRoot(), "questions"),
        });
        builder.Logging.ClearProviders();
        builder.AddQuizBot(RunMode.Bot);
        using var host = builder.Build();

        var error = Assert.Throws<StartupException>(() => host.Services.GetRequiredService<StartupChecks>().Run());
        var line = Assert.Single(error.Problems);
        Assert.StartsWith("Telegram:ApiBaseUrl", line, StringComparison.Ordinal);
        Assert.Contains("https://", line, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeBotApi.Token, line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Theory]
    [InlineData("https://api.telegram.org")]
    [InlineData("https://10.0.0.5:8443")]
    [InlineData("http://127.0.0.1:8081")]
    [InlineData("http://127.0.0.2:8081")]
    [InlineData("http://localhost:8081")]
    [InlineData("http://[::1]:8081")]
    public void Https_anywhere_and_plain_http_to_this_machine_are_accepted(string url) =>
        Assert.True(new TelegramOptionsValidator().Validate(null, new TelegramOptions { BotToken = FakeBotApi.Token, ApiBaseUrl = url }).Succeeded);
}
