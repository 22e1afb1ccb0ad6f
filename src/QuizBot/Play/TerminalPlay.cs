using System.Globalization;
using QuizBot.Core.Quizzes;
using QuizBot.Quizzes;
using QuizBot.Storage;

namespace QuizBot.Play;

/// <summary>
/// The quiz in a terminal, on the same engine and database as the bot, for a local player (user and chat id 0).
/// Every answer is committed as it is given, so leaving at any moment (Ctrl+C, end of input) loses nothing.
/// </summary>
internal sealed class TerminalPlay(QuizService quiz, ChatService chats, ScoreService scores, TextReader input, TextWriter output)
{
    public const long LocalId = 0;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        await chats.SeenAsync(LocalId, Texts.TerminalPlayerName, null, LocalId, RoundLife.Code(RoundKind.Terminal), Texts.TerminalChatTitle);
        Say(Texts.TerminalWelcome(quiz.Bank.Approved.Count, quiz.Bank.Speeches.Count(s => !s.IsMeeting)));

        while (!ct.IsCancellationRequested)
        {
            Say(Texts.TerminalMenu);
            var line = Ask("> ");
            if (line is null || line.Trim().ToLowerInvariant() is "q" or "quit" or "exit") break;
            switch (line.Trim().ToLowerInvariant())
            {
                case "me":
                    Say(Texts.Plain(Texts.Me(await scores.GetPersonalAsync(LocalId, 0))));
                    continue;
                case "top":
                    var rows = await scores.GetLeaderboardAsync(0, 10);
                    Say(Texts.Plain(Texts.Top(rows, await scores.GetPersonalAsync(LocalId, 0), Texts.TerminalTopTitle)));
                    continue;
            }
            if (!TryCount(line, out var count))
            {
                Say(Texts.TerminalBadCount);
                continue;
            }
            if (!await PlayRoundAsync(count, ct)) break;
        }
        Say(Texts.TerminalGoodbye);
        return 0;
    }

    private static bool TryCount(string line, out int count)
    {
        count = 5;
        return line.Trim().Length == 0
            || (int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count)
                && count is >= QuizPlanner.MinQuestions and <= QuizPlanner.MaxQuestions);
    }

    /// <summary>Plays one round; false when the player left (input closed).</summary>
    private async Task<bool> PlayRoundAsync(int count, CancellationToken ct)
    {
        var start = await quiz.StartAsync(LocalId, LocalId, RoundKind.Terminal, count, ScoringModes.Accuracy);
        if (start.Round is not { } round) { Say(Texts.BankEmpty); return true; }
        if (start.Outcome == StartOutcome.AlreadyRunning) Say(Texts.TerminalResumed);

        while (!ct.IsCancellationRequested && round.IsRunning && !RoundLife.IsOver(round.Position, round.Questions.Count))
        {
            var served = quiz.ServeCurrent(round);
            if (served is not null)
            {
                var pollId = $"terminal-{round.RoundId}-{round.Position}";
                // A question re-asked after leaving mid-round keeps the order it was first shown in.
                var saved = await quiz.GetPollAsync(pollId);
                if (saved is not null) served = served with { Order = saved.Order };
                else await quiz.RecordPollSentAsync(round, served, pollId, 0, quiz.Now, null);

                Say($"\n{Texts.PollQuestion((int)round.Position + 1, round.Questions.Count, served.Question.Text)}");
                for (var i = 0; i < served.Options.Count; i++) Say($"  {i + 1}. {served.Options[i]}");
                var multi = served.Question.Answer.Count > 1;
                var choice = ReadChoice(served.Options.Count, multi);
                if (choice is null)
                {
                    return false; // input closed: the round stays open and resumes next time
                }
                if (choice.Count == 0)
                {
                    await FinishAsync(round, RoundState.Stopped);
                    return true;
                }
                var result = await quiz.AnswerAsync(pollId, LocalId, choice);
                Say(result.Correct ? Texts.TerminalRight : Texts.TerminalWrong(served.Question.AnswerText));
                Say($"💡 {served.Question.Explanation}");
            }
            await quiz.AdvanceAsync(round, round.Position);
            round = await quiz.GetRoundAsync(round.RoundId) ?? round;
        }
        await FinishAsync(round, RoundState.Finished);
        return true;
    }

    /// <summary>Reads served option positions (0-based); empty for "q" (stop the round); null when input ended.</summary>
    private IReadOnlyList<int>? ReadChoice(int optionCount, bool multi)
    {
        var prompt = Texts.TerminalChoicePrompt(optionCount, multi);
        while (true)
        {
            var line = Ask(prompt);
            if (line is null) return null;
            var text = line.Trim().ToLowerInvariant();
            if (text == "q") return [];
            var parts = text.Split(Texts.TerminalChoiceSeparators, StringSplitOptions.RemoveEmptyEntries);
            var picks = new List<int>();
            foreach (var p in parts)
            {
                if (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= optionCount) picks.Add(n - 1);
                else { picks.Clear(); break; }
            }
            if (picks.Count > 0 && (multi || picks.Count == 1)) return picks.Distinct().ToList();
            Say(Texts.TerminalBadChoice(optionCount, multi));
        }
    }

    private async Task FinishAsync(RoundRecord round, RoundState end)
    {
        if (!await quiz.EndAsync(round, end)) return;
        Say("\n" + Texts.Plain(Texts.Summary(await quiz.SummarizeAsync(round.RoundId, LocalId), end == RoundState.Stopped, Texts.NextStepTerminal)));
    }

    private void Say(string text) => output.WriteLine(text);

    /// <summary>A line as typed, NFKC-normalised (full-width "５" is 5, as in the bot's commands); null when input ended.</summary>
    private string? Ask(string prompt)
    {
        output.Write(prompt);
        output.Flush();
        return input.ReadLine() is { } line ? Core.Text.TypedText.Normalize(line) : null;
    }
}
