using QuizBot.Configuration;
using QuizBot.Tests.Support;

namespace QuizBot.Tests.Learning;

/// <summary>Learning:* settings are validated at start with one line naming the key (docs/learning.md).</summary>
public sealed class LearningOptionsTests
{
    [Theory]
    [InlineData("Learning:TargetRetention", "0.5")]
    [InlineData("Learning:TargetRetention", "0.99")]
    [InlineData("Learning:ReminderTime", "8pm")]
    [InlineData("Learning:FastAnswerSeconds", "-1")]
    public void A_bad_learning_setting_stops_the_start_with_one_line_naming_it(string key, string value)
    {
        using var db = new TempDatabase();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ContentRootPath = db.Folder });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:QuizBot"] = db.ConnectionString,
            ["Quiz:QuestionsPath"] = Path.Combine(TestBot.RepoRoot(), "questions"),
            [key] = value,
        });
        builder.Logging.ClearProviders();
        builder.AddQuizBot(RunMode.Play);
        using var host = builder.Build();

        var error = Assert.Throws<StartupException>(() => host.Services.GetRequiredService<StartupChecks>().Run());
        Assert.StartsWith(key, Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        var o = new LearningOptions();
        Assert.True(new LearningOptionsValidator().Validate(null, o).Succeeded);
        Assert.Equal((0.9, new TimeOnly(20, 0), 10), (o.TargetRetention, o.Reminder, o.FastAnswerSeconds));
    }
}
