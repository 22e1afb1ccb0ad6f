using System.Globalization;
using Microsoft.Extensions.Options;
using QuizBot.Configuration;
using QuizBot.Core.Quizzes;
using QuizBot.Quizzes;
using QuizBot.Storage;
using QuizBot.Telegram;

namespace QuizBot.Telegram.Commands;

/// <summary>/quiz [n] starts a round; /stop ends it with the summary so far.</summary>
internal sealed class QuizCommand(QuizService quiz, QuizFlow flow, GroupRounds groups, BotSender sender, IOptions<QuizOptions> options)
{
    /// <summary>How old an unconfirmed send must be before /quiz sends the question again.</summary>
    private const long ResendAfterMs = 10_000;

    public async Task StartAsync(CommandContext c, CancellationToken ct)
    {
        var count = options.Value.QuestionsPerRound;
        if (c.Command.Argument.Length > 0)
        {
            if (!int.TryParse(c.Command.Argument, NumberStyles.None, CultureInfo.InvariantCulture, out count)
                || count is < QuizPlanner.MinQuestions or > QuizPlanner.MaxQuestions)
            {
                await sender.SendTextAsync(c.ChatId, Texts.QuizCountInvalid(c.Command.Argument), ct: ct);
                return;
            }
        }

        if (c.IsGroup)
        {
            await groups.StartAsync(c, count, options.Value.QuestionSeconds, ct);
            return;
        }
        var result = await quiz.StartAsync(c.ChatId, c.From.Id, RoundKind.Private, count, ScoringModes.Accuracy);
        switch (result.Outcome)
        {
            case StartOutcome.Started:
                await flow.SendCurrentAsync(result.Round!, ct);
                break;
            case StartOutcome.AlreadyRunning:
                await sender.SendTextAsync(c.ChatId, Texts.QuizAlreadyRunning, ct: ct);
                // The current question may never have reached the chat (a crash or a send that got no answer): send it again,
                // unless it was sent moments ago (then it is probably on its way, and an answer to it will be adopted).
                if (result.Round is { } running && await quiz.GetPollAsync(running.RoundId, running.Position) is null
                    && (await quiz.GetPendingPollAsync(running) is not { } pending || quiz.Now - pending.CreatedAt > ResendAfterMs))
                    await flow.SendCurrentAsync(running, ct);
                break;
            default:
                await sender.SendTextAsync(c.ChatId, Texts.BankEmpty, ct: ct);
                break;
        }
    }

    public async Task StopAsync(CommandContext c, CancellationToken ct)
    {
        if (c.IsGroup)
        {
            await groups.StopAsync(c, ct);
            return;
        }
        var round = await quiz.GetRunningRoundAsync(c.ChatId);
        if (round is null || !await flow.FinishAsync(round, RoundState.Stopped, c.From.Id, ct))
            await sender.SendTextAsync(c.ChatId, Texts.NoQuizRunning, ct: ct);
    }
}
