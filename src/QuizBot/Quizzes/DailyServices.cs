using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Core.Daily;
using QuizBot.Core.Questions;
using QuizBot.Telegram;
using QuizBot.Telegram.Commands;

namespace QuizBot.Quizzes;

/// <summary>The daily push's services (issue 5; docs/daily.md), registered by AddQuizBot in bot mode.</summary>
internal static class DailyServices
{
    public static IServiceCollection AddDailyPush(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<QuizOptions>>().Value;
            var book = PassageBook.Load(options.SeedsPath, sp.GetRequiredService<QuestionBank>(), out var problem);
            var log = sp.GetRequiredService<ILogger<DailyPusher>>();
            if (problem is not null)
                log.LogWarning("Daily excerpts come from the question quotes: {Problem} (Quiz:SeedsPath sets the folder)", problem);
            log.LogInformation("Daily push: {Count} passages from {Source}", book.Count, book.Source);
            return book;
        });
        services.AddSingleton<DailyService>();
        services.AddSingleton<DailyBroadcast>();
        services.AddSingleton<DailyCommands>();
        services.AddHostedService<DailyPusher>();
        services.AddHostedService<EveningReminder>(); // issue 14: one reminder in the evening to keep a streak (docs/learning.md)
        return services;
    }
}
