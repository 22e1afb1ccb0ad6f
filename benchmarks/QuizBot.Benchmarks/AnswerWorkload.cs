using QuizBot.Core.Questions;
using QuizBot.Storage;
using QuizBot.Tests.Fakes;
using Telegram.Bot.Types;

namespace QuizBot.Benchmarks;

/// <summary>
/// The answers of the ingestion benchmarks (in process and on several instances): one running group round per group with
/// its polls open, stored as if the bot had sent them, and the poll_answer updates of every member to every poll. Group
/// rounds, so no answer triggers a send and what is measured is the ingestion path alone.
/// </summary>
internal sealed class AnswerWorkload
{
    private readonly List<List<string>> _pollIds;
    private readonly int _members;
    private readonly int _polls;

    private AnswerWorkload(List<List<string>> pollIds, int members, int polls) => (_pollIds, _members, _polls) = (pollIds, members, polls);

    /// <summary>Stores <paramref name="groups"/> rounds of <paramref name="polls"/> open polls each (warm-up and measured groups alike).</summary>
    public static async Task<AnswerWorkload> CreateAsync(IDatabase database, QuestionBank bank, int groups, int members, int polls)
    {
        var pollIds = await ScoreBench.CreateGroupPollsAsync(database, bank, groups, polls,
            chatId: g => -1_000_000_000_000 - g, firstQuestion: g => g % 10, pollId: (g, p) => $"bench-{g}-{p}");
        return new AnswerWorkload(pollIds, members, polls);
    }

    /// <summary>Every member's answer to every poll of groups [from, to), interleaved as many groups answering at once: each run of 100 has 100 people.</summary>
    public IEnumerable<Update> Answers(int fromGroup, int toGroup)
    {
        for (var p = 0; p < _polls; p++)
            for (var m = 0; m < _members; m++)
                for (var g = fromGroup; g < toGroup; g++)
                    yield return new Update
                    {
                        PollAnswer = new PollAnswer
                        {
                            PollId = _pollIds[g][p],
                            User = FakeBotApi.MakeUser(1_000_000 + g * _members + m, $"成员{g}-{m}"),
                            OptionIds = [0],
                            OptionPersistentIds = ["0"],
                        },
                    };
    }
}
