namespace QuizBot.Tests.Fakes;
