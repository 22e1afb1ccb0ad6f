using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Core.Questions;
using QuizBot.Core.Quizzes;
using QuizBot.Quizzes;
using QuizBot.Storage;

namespace QuizBot.Tests.Support;

/// <summary>The quiz services over one test database, built by hand for tests that drive them without the host.</summary>
internal static class Services
{
    public static QuizService Quiz(Stores store, QuestionBank bank, QuizPlanner planner, IOptions<QuizOptions> options) =>
        new(store.Rounds, store.Answers, store.People, store.Daily, store.Reports, bank, planner, TimeProvider.System, options,
            Learning(store, bank, planner, options));

    public static LearningService Learning(Stores store, QuestionBank bank, QuizPlanner planner, IOptions<QuizOptions> options) =>
        new(store.Learning, bank, planner, TimeProvider.System, options, Options.Create(new LearningOptions()));
}
