using Microsoft.Data.Sqlite;
using QuizBot.Tests.Fakes;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

public sealed class StorageFaultStories
{
    [Fact]
    public async Task While_another_process_holds_the_database_answers_are_held_and_stored_once_it_lets_go()
    {
        using var db = new TempDatabase();
        await using var api = await FakeBotApi.StartAsync();
        await using var bot = await TestBot.StartAsync(api, db);
        var yan = FakeBotApi.MakeUser(8101, "Yan");
        api.SendText(FakeBotApi.PrivateChat(yan), yan, "/quiz 2");
        var first = await api.WaitForPollAsync(yan.Id);
        for (var i = 0; i < 400 && api.PendingUpdateCount > 0; i++) await Task.Delay(10); // the quiz is fully stored

        // Another process takes the write lock and keeps it past the bot's 5 s busy timeout.
        using (var other = new SqliteConnection($"{db.ConnectionString};Pooling=False"))
        {
            other.Open();
            using var hold = other.BeginTransaction(System.Data.IsolationLevel.Serializable);
            using (var write = other.CreateCommand())
            {
                write.Transaction = hold;
                write.CommandText = "INSERT INTO bot_state (key, value) VALUES ('lock-holder', '1')";
                write.ExecuteNonQuery();
            }
            api.AnswerPoll(first.PollId, yan, first.CorrectOptionIds[0]);
            for (var i = 0; i < 600 && !bot.Logs.Lines.Any(l => l.Text.StartsWith("The database is unavailable", StringComparison.Ordinal)); i++)
                await Task.Delay(25);
            Assert.True(bot.Logs.Lines.Any(l => l.Text.StartsWith("The database is unavailable", StringComparison.Ordinal)),
                string.Join("\n", bot.Logs.Lines.Where(l => l.Level >= LogLevel.Information).TakeLast(15).Select(l => $"{l.Category}: {l.Text}")));
            Assert.Single(api.PollsTo(yan.Id)); // nothing moved on without the answer stored
            Assert.True(api.PendingUpdateCount >= 1); // and Telegram still holds the answer: it is not confirmed
            hold.Rollback();
        }

        var second = await api.WaitForPollAsync(yan.Id, p => p.PollId != first.PollId, timeout: TimeSpan.FromSeconds(30));
        Assert.True(second.Question.StartsWith("【第2/2题】", StringComparison.Ordinal),
            string.Join("\n", bot.Logs.Lines.Where(l => l.Level >= LogLevel.Debug && l.Category.StartsWith("QuizBot")).TakeLast(25).Select(l => $"{l.Category}: {l.Text}")));
        var after = api.CallCount;
        api.SendText(FakeBotApi.PrivateChat(yan), yan, "/me");
        Assert.Contains("答题数：1", (await api.WaitForMessageAsync(yan.Id, after: after)).PlainText);
        Assert.Contains(bot.Logs.Lines, l => l.Text.StartsWith("The database is available again", StringComparison.Ordinal));
    }
}
