using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using QuizBot.Tests.Fakes;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace QuizBot.Tests;

// The fake is only worth something if the real client agrees with it, so every test goes through TelegramBotClient
// (or raw HTTP where the client cannot express the request).
public sealed class FakeBotApiTests : IAsyncLifetime
{
    private static readonly User Alice = FakeBotApi.MakeUser(1001, "Alice", username: "alice");
    private static readonly User Bob = FakeBotApi.MakeUser(1002, "Bob", "Builder");
    private static readonly Chat Room = FakeBotApi.Group(-1001234567890, "Quiz room", supergroup: true);

    private readonly HttpClient _http = new();
    private FakeBotApi _api = null!;
    private TelegramBotClient _bot = null!;

    public async Task InitializeAsync() => (_api, _bot) = await StartAsync(new FakeBotApiOptions());

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _http.Dispose();
    }

    private async Task<(FakeBotApi, TelegramBotClient)> StartAsync(FakeBotApiOptions options, string token = FakeBotApi.Token)
    {
        var api = await FakeBotApi.StartAsync(options);
        // RetryThreshold 0: the client must surface 429s instead of silently waiting them out.
        return (api, new TelegramBotClient(new TelegramBotClientOptions(token, api.BaseUrl) { RetryThreshold = 0 }, _http));
    }

    private Task UntilAsync(Func<bool> condition) => _api.WaitUntilAsync(condition, "as expected", TimeSpan.FromSeconds(5));

    [Fact]
    public async Task GetUpdates_redelivers_until_an_offset_confirms_and_then_forgets()
    {
        var chat = FakeBotApi.PrivateChat(Alice);
        var first = _api.SendText(chat, Alice, "/start@quiz_test_bot now");
        var second = _api.SendText(chat, Alice, "hello");

        var batch = await _bot.GetUpdates();
        Assert.Equal([first.Id, second.Id], batch.Select(u => u.Id));
        Assert.Equal("/start@quiz_test_bot now", batch[0].Message!.Text);
        var command = Assert.Single(batch[0].Message!.Entities!);
        Assert.Equal((MessageEntityType.BotCommand, 0, "/start@quiz_test_bot".Length), (command.Type, command.Offset, command.Length));

        // Not confirmed yet: a restarted bot gets the same batch again.
        Assert.Equal(2, (await _bot.GetUpdates()).Length);
        Assert.Equal([second.Id], (await _bot.GetUpdates(offset: first.Id + 1)).Select(u => u.Id));
        Assert.Empty(await _bot.GetUpdates(offset: second.Id + 1));
        Assert.Equal(0, _api.PendingUpdateCount);
        Assert.Empty(await _bot.GetUpdates());

        // A redelivered update is the same content under a new, higher id.
        var again = _api.Redeliver(first);
        var redelivered = Assert.Single(await _bot.GetUpdates(offset: second.Id + 1));
        Assert.True(again.Id > second.Id);
        Assert.Equal((again.Id, first.Message!.Text), (redelivered.Id, redelivered.Message!.Text));
        Assert.Equal([null, null, first.Id + 1, second.Id + 1, null, second.Id + 1], _api.RequestedOffsets);
    }

    [Fact]
    public async Task GetUpdates_honours_allowed_updates_and_keeps_the_list_for_later_calls()
    {
        _api.SendText(FakeBotApi.PrivateChat(Alice), Alice, "typed text");
        var answer = _api.AnswerPoll("42", Bob, 1);

        var batch = await _bot.GetUpdates(allowedUpdates: [UpdateType.PollAnswer]);
        var only = Assert.Single(batch);
        Assert.Equal(answer.Id, only.Id);
        Assert.Equal(("42", 1002L), (only.PollAnswer!.PollId, only.PollAnswer.User!.Id));
        Assert.Equal([1], only.PollAnswer.OptionIds);
        Assert.Single(await _bot.GetUpdates()); // no list given: the previous one still applies
        Assert.Equal(2, (await _bot.GetUpdates(allowedUpdates: [])).Length);
    }

    [Fact]
    public async Task A_long_poll_returns_as_soon_as_an_update_arrives()
    {
        var watch = Stopwatch.StartNew();
        var poll = _bot.GetUpdates(timeout: 30);
        await UntilAsync(() => _api.IsLongPolling);
        _api.SendText(FakeBotApi.PrivateChat(Bob), Bob, "hi");

        // It waited for the update: had it returned before, it would have returned none.
        var updates = await poll.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("hi", Assert.Single(updates).Message!.Text);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_long_poll_without_updates_ends_empty_at_the_configured_cap()
    {
        var (api, bot) = await StartAsync(new FakeBotApiOptions { LongPollCap = TimeSpan.FromMilliseconds(200) });
        await using var _ = api;
        var watch = Stopwatch.StartNew();
        Assert.Empty(await bot.GetUpdates(timeout: 30));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_second_poller_ends_the_waiting_one_with_409_Conflict()
    {
        var first = _bot.GetUpdates(timeout: 30);
        await UntilAsync(() => _api.IsLongPolling);
        Assert.Empty(await _bot.GetUpdates());

        var conflict = await Assert.ThrowsAsync<ApiRequestException>(() => first.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(409, conflict.ErrorCode);
        Assert.StartsWith("Conflict: terminated by other getUpdates request", conflict.Message);
    }

    [Fact]
    public async Task Get_requests_with_query_parameters_work_like_posts()
    {
        using var response = await _http.GetAsync($"{_api.BaseUrl}/bot{FakeBotApi.Token}/sendMessage?chat_id=1001&text=%3Cb%3Ehi%3C%2Fb%3E&parse_mode=HTML");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("hi", json.RootElement.GetProperty("result").GetProperty("text").GetString());
        var call = await _api.WaitForCallAsync("sendMessage");
        Assert.Equal(("GET", 1001L, "<b>hi</b>"), (call.HttpMethod, call.ChatId, call.Form["text"]));
    }

    [Fact]
    public async Task SendMessage_round_trips_through_the_real_client_and_is_recorded()
    {
        var me = await _bot.GetMe();
        Assert.Equal((999L, true, "quiz_test_bot"), (me.Id, me.IsBot, me.Username));

        var mark = _api.CallCount;
        var keyboard = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Next ▶", "next:1"));
        var sent = await _bot.SendMessage(Room.Id, "<b>Score</b> Tom &amp; Jerry: 3", ParseMode.Html, replyMarkup: keyboard);
        var second = await _bot.SendMessage(Room.Id, "again");

        Assert.Equal("Score Tom & Jerry: 3", sent.Text);
        Assert.Equal((MessageEntityType.Bold, 0, 5), (sent.Entities![0].Type, sent.Entities[0].Offset, sent.Entities[0].Length));
        Assert.Equal("next:1", sent.ReplyMarkup!.InlineKeyboard.Single().Single().CallbackData);
        Assert.Equal(sent.MessageId + 1, second.MessageId);

        var recorded = await _api.WaitForMessageAsync(Room.Id, after: mark);
        Assert.Equal((sent.MessageId, "<b>Score</b> Tom &amp; Jerry: 3", "Score Tom & Jerry: 3"), (recorded.MessageId, recorded.Text, recorded.PlainText));
        Assert.Equal("html", recorded.ParseMode, ignoreCase: true);
        Assert.Equal("next:1", Assert.Single(recorded.Buttons).CallbackData);
        Assert.Equal("next:1", recorded.ReplyMarkup!.Value.GetProperty("inline_keyboard")[0][0].GetProperty("callback_data").GetString());
        Assert.Equal("again", (await _api.WaitForMessageAsync(Room.Id, after: recorded.CallIndex + 1)).Text);
        Assert.Equal(2, _api.MessagesTo(Room.Id).Count);
        Assert.Equal(Room.Id, _api.CallsTo("sendMessage")[0].ChatId);
    }

    [Fact]
    public async Task Html_with_an_unescaped_ampersand_or_unclosed_tag_is_rejected_like_Telegram()
    {
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(Room.Id, "<b>Tom & Jerry", ParseMode.Html));
        Assert.Equal(400, error.ErrorCode);
        Assert.StartsWith("Bad Request: can't parse entities: ", error.Message);

        foreach (var bad in new[] { "<b>Tom &amp; Jerry", "<b>x</i>", "a < b", "<script>x</script>", "<span>x</span>", "5 > 3" })
            await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(Room.Id, bad, ParseMode.Html));

        var ok = await _bot.SendMessage(Room.Id, "<i>Tom &amp; Jerry &lt;3 &#128512;</i> <a href=\"https://t.me/x?a=1&amp;b=2\">link</a>", ParseMode.Html);
        Assert.Equal("Tom & Jerry <3 \U0001F600 link", ok.Text);
        Assert.Equal("https://t.me/x?a=1&b=2", ok.Entities!.Single(e => e.Type == MessageEntityType.TextLink).Url);
        Assert.Equal("<b>Tom & Jerry", (await _bot.SendMessage(Room.Id, "<b>Tom & Jerry")).Text); // no parse mode: plain text
    }

    [Fact]
    public async Task Text_and_button_limits_are_counted_after_entity_parsing()
    {
        var longMarkup = "<b>" + new string('x', 4096) + "</b>";
        Assert.Equal(4096, (await _bot.SendMessage(Room.Id, longMarkup, ParseMode.Html)).Text!.Length);
        var tooLong = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(Room.Id, new string('x', 4097)));
        Assert.Equal("Bad Request: message is too long", tooLong.Message);

        var data = new string('é', 33); // 66 UTF-8 bytes, 33 characters
        var button = await Assert.ThrowsAsync<ApiRequestException>(() =>
            _bot.SendMessage(Room.Id, "pick", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("a", data))));
        Assert.Equal("Bad Request: BUTTON_DATA_INVALID", button.Message);
    }

    [Fact]
    public async Task SendPoll_records_correct_option_ids_and_enforces_the_quiz_limits()
    {
        var mark = _api.CallCount;
        var message = await _bot.SendPoll(Room.Id, "2 + 2 = ?", ["3", "4", "five"], isAnonymous: false, type: PollType.Quiz,
            correctOptionIds: [1], explanation: "<b>4</b>\nline two", explanationParseMode: ParseMode.Html, openPeriod: 30);

        // The library sends the 9.6 shape: options as objects, correct_option_ids as a list.
        var body = (await _api.WaitForCallAsync("sendPoll", after: mark)).Body;
        Assert.Equal("{\"text\":\"3\"}", body.GetProperty("options")[0].GetRawText());
        Assert.Equal("[1]", body.GetProperty("correct_option_ids").GetRawText());
        Assert.False(body.TryGetProperty("correct_option_id", out _));

        var poll = await _api.WaitForPollAsync(Room.Id, after: mark);
        Assert.Equal((message.MessageId, message.Poll!.Id), (poll.MessageId, poll.PollId));
        Assert.Equal(("2 + 2 = ?", "quiz", false, 30, "4\nline two"), (poll.Question, poll.Type, poll.IsAnonymous, poll.OpenPeriod, poll.Explanation));
        Assert.Equal(["3", "4", "five"], poll.Options);
        Assert.Equal([1], poll.CorrectOptionIds);
        Assert.Equal([1], message.Poll.CorrectOptionIds!);

        // Several right answers (Bot API 9.6) survive the round trip, and poll ids are unique.
        var multi = await _bot.SendPoll(Room.Id, "Even?", ["2", "3", "4"], isAnonymous: false, type: PollType.Quiz, correctOptionIds: [2, 0]);
        Assert.Equal([0, 2], multi.Poll!.CorrectOptionIds!);
        Assert.NotEqual(message.Poll.Id, multi.Poll.Id);

        async Task<string> Rejected(string question, InputPollOption[] options, int[]? correct = null, string? explanation = null, int? openPeriod = null) =>
            (await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendPoll(Room.Id, question, options, isAnonymous: false,
                type: PollType.Quiz, correctOptionIds: correct ?? [0], explanation: explanation, openPeriod: openPeriod))).Message;
        Assert.Contains("question length", await Rejected(new string('q', 301), ["a", "b"]));
        Assert.Contains("at least 2", await Rejected("q", ["a"]));
        Assert.Contains("more than 12", await Rejected("q", Enumerable.Range(0, 13).Select(i => (InputPollOption)$"o{i}").ToArray()));
        Assert.Contains("options length", await Rejected("q", ["a", new string('b', 101)]));
        Assert.Contains("correct option", await Rejected("q", ["a", "b"], correct: [2]));
        Assert.Contains("correct option", await Rejected("q", ["a", "b"], correct: []));
        Assert.Contains("explanation", await Rejected("q", ["a", "b"], explanation: new string('e', 201)));
        Assert.Contains("line feeds", await Rejected("q", ["a", "b"], explanation: "1\n2\n3\n4"));
        Assert.Contains("open period", await Rejected("q", ["a", "b"], openPeriod: 4));
        Assert.Equal(2, _api.PollsTo(Room.Id).Count);
    }

    [Fact]
    public async Task Votes_are_counted_and_stopPoll_closes_the_poll()
    {
        var sent = await _bot.SendPoll(Room.Id, "Q", ["a", "b"], isAnonymous: false, type: PollType.Quiz, correctOptionIds: [0]);
        _api.AnswerPoll(sent.Poll!.Id, Alice, 0);
        _api.AnswerPoll(sent.Poll.Id, Bob, 1);

        var stopped = await _bot.StopPoll(Room.Id, sent.MessageId);
        Assert.True(stopped.IsClosed);
        Assert.Equal((1, 1, 2), (stopped.Options[0].VoterCount, stopped.Options[1].VoterCount, stopped.TotalVoterCount));
        var again = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.StopPoll(Room.Id, sent.MessageId));
        Assert.Equal("Bad Request: poll has already been closed", again.Message);
        Assert.True(_api.FindPoll(sent.Poll.Id)!.IsClosed);

        // A poll with open_period closes itself: stopping it afterwards fails as on Telegram.
        var clock = new ManualClock();
        var (api, bot) = await StartAsync(new FakeBotApiOptions { TimeProvider = clock });
        await using var _ = api;
        var timed = await bot.SendPoll(Room.Id, "Q", ["a", "b"], isAnonymous: false, openPeriod: 10);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(api.FindPoll(timed.Poll!.Id)!.IsClosed);
        await Assert.ThrowsAsync<ApiRequestException>(() => bot.StopPoll(Room.Id, timed.MessageId));
    }

    // The main test project has FakeTimeProvider; this file keeps to what the fake itself needs.
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2025, 1, 1, 8, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }

    [Fact]
    public async Task Exceeding_the_group_limit_answers_429_with_retry_after()
    {
        var (api, bot) = await StartAsync(new FakeBotApiOptions { EnforceRateLimits = true, GroupLimit = new RateLimit(3, TimeSpan.FromMinutes(1)) });
        await using var _ = api;
        for (var i = 0; i < 3; i++) await bot.SendMessage(Room.Id, $"message {i}");

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendPoll(Room.Id, "Q", ["a", "b"]));
        Assert.Equal(429, error.ErrorCode);
        Assert.InRange(error.Parameters!.RetryAfter!.Value, 1, 60);
        Assert.Equal($"Too Many Requests: retry after {error.Parameters.RetryAfter}", error.Message);
        Assert.Equal(1, api.TooManyRequestsCount);
        await bot.SendMessage(FakeBotApi.PrivateChat(Alice), "other chats are not affected");
        Assert.Equal(3, api.MessagesTo(Room.Id).Count);
    }

    [Fact]
    public async Task An_unknown_method_answers_404_and_a_wrong_token_401()
    {
        using var response = await _http.PostAsync($"{_api.BaseUrl}/bot{FakeBotApi.Token}/sendTelepathy", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(404, json.RootElement.GetProperty("error_code").GetInt32());
        Assert.Equal("Not Found: method not found", json.RootElement.GetProperty("description").GetString());

        var stranger = new TelegramBotClient(new TelegramBotClientOptions("123456:WRONG", _api.BaseUrl) { RetryThreshold = 0 }, _http);
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => stranger.GetMe());
        Assert.Equal((401, "Unauthorized"), (error.ErrorCode, error.Message));
        Assert.Equal(401, (await _api.WaitForCallAsync("getMe")).StatusCode);
    }

    [Fact]
    public async Task Multipart_sendDocument_and_sendPhoto_are_recorded_with_their_bytes()
    {
        var csv = Encoding.UTF8.GetBytes("user,score\nalice,3\n");
        var message = await _bot.SendDocument(Room.Id, InputFile.FromStream(new MemoryStream(csv), "scores.csv"), caption: "<b>Scores</b>", parseMode: ParseMode.Html);
        Assert.Equal(("scores.csv", "text/csv", "Scores"), (message.Document!.FileName, message.Document.MimeType, message.Caption));

        var file = await _api.WaitForFileAsync(Room.Id);
        Assert.Equal(("sendDocument", "scores.csv", "<b>Scores</b>", message.MessageId), (file.Method, file.FileName, file.Caption, file.MessageId));
        Assert.Equal(csv, file.Bytes);
        Assert.Single(_api.CallsTo("sendDocument")[0].Files);

        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 2, 0, 0, 0, 3, 8, 6, 0, 0, 0];
        var photo = await _bot.SendPhoto(Room.Id, InputFile.FromStream(new MemoryStream(png), "chart.png"));
        Assert.Equal((2, 3), (photo.Photo![0].Width, photo.Photo[0].Height));
        Assert.Equal(png, (await _api.WaitForFileAsync(Room.Id, f => f.Method == "sendPhoto")).Bytes);

        var notImage = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendPhoto(Room.Id, InputFile.FromStream(new MemoryStream(csv), "x.png")));
        Assert.Equal("Bad Request: IMAGE_PROCESS_FAILED", notImage.Message);
        var longCaption = await Assert.ThrowsAsync<ApiRequestException>(() =>
            _bot.SendDocument(Room.Id, InputFile.FromStream(new MemoryStream(csv), "a.csv"), caption: new string('c', 1025)));
        Assert.Equal("Bad Request: message caption is too long", longCaption.Message);
    }

    [Fact]
    public async Task Buttons_edits_and_callbacks_behave_like_Telegram()
    {
        var sent = await _bot.SendMessage(Room.Id, "Q1", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("A", "a")));
        var press = _api.PressButton(Room, Alice, sent.MessageId, "a");
        var update = Assert.Single(await _bot.GetUpdates());
        Assert.Equal(("a", "Q1", 1001L), (update.CallbackQuery!.Data, update.CallbackQuery.Message!.Text, update.CallbackQuery.From.Id));

        await _bot.AnswerCallbackQuery(press.CallbackQuery!.Id);
        await Assert.ThrowsAsync<ApiRequestException>(() => _bot.AnswerCallbackQuery(press.CallbackQuery.Id));

        var edited = await _bot.EditMessageText(Room.Id, sent.MessageId, "Q1 (closed)");
        Assert.Null(edited.ReplyMarkup); // an edit without reply_markup drops the keyboard
        var same = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.EditMessageText(Room.Id, sent.MessageId, "Q1 (closed)"));
        Assert.StartsWith("Bad Request: message is not modified", same.Message);
        Assert.Equal("Q1 (closed)", _api.FindMessage(Room.Id, sent.MessageId)!.Text);

        await _bot.DeleteMessage(Room.Id, sent.MessageId);
        Assert.Null(_api.FindMessage(Room.Id, sent.MessageId));
        await Assert.ThrowsAsync<ApiRequestException>(() => _bot.DeleteMessage(Room.Id, sent.MessageId));
    }

    [Fact]
    public async Task Chat_states_and_injected_faults_reach_the_client_as_Telegram_errors()
    {
        _api.BlockBot(Alice);
        var blocked = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(Alice.Id, "hi"));
        Assert.Equal((403, "Forbidden: bot was blocked by the user"), (blocked.ErrorCode, blocked.Message));

        var basic = FakeBotApi.Group(-4001, "Old group");
        var supergroup = _api.MigrateGroup(basic, -1004001, Bob);
        var moved = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(basic.Id, "hi"));
        Assert.Equal((400, -1004001L), (moved.ErrorCode, moved.Parameters!.MigrateToChatId));
        Assert.Equal(ChatType.Supergroup, (await _bot.GetChat(supergroup.Id)).Type);

        _api.SetChatState(Room.Id, FakeChatState.NotFound);
        Assert.Equal("Bad Request: chat not found", (await Assert.ThrowsAsync<ApiRequestException>(() => _bot.GetChat(Room.Id))).Message);
        _api.SetChatState(Room.Id, FakeChatState.Active);

        _api.FailNext("sendMessage", 429, "Too Many Requests: retry after 7", retryAfter: 7);
        Assert.Equal(7, (await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(Room.Id, "x"))).Parameters!.RetryAfter);
        _api.FailNextWithHtml("sendMessage", 502);
        await Assert.ThrowsAnyAsync<RequestException>(() => _bot.SendMessage(Room.Id, "x"));
        Assert.Equal(1, (await _bot.SendMessage(Room.Id, "now it works")).MessageId);

        _api.Unreachable = true;
        await Assert.ThrowsAnyAsync<RequestException>(() => _bot.GetMe());
    }

    [Fact]
    public async Task A_delayed_call_times_out_at_the_client_but_is_still_delivered()
    {
        using var shortHttp = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var impatient = new TelegramBotClient(new TelegramBotClientOptions(FakeBotApi.Token, _api.BaseUrl) { RetryThreshold = 0 }, shortHttp);
        _api.DelayNext("sendPoll", TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<Exception>(() => impatient.SendPoll(Room.Id, "Q", ["a", "b"]));
        Assert.Equal("Q", (await _api.WaitForPollAsync(Room.Id)).Question);
    }

    [Fact]
    public async Task Commands_are_validated_and_kept_per_scope()
    {
        await _bot.SetMyCommands([new BotCommand("quiz", "Start a quiz")], BotCommandScope.AllGroupChats());
        await _bot.SetMyCommands([new BotCommand("start", "Begin"), new BotCommand("stats", "Your stats")], BotCommandScope.AllPrivateChats());
        Assert.Equal(["quiz"], _api.CommandsFor("all_group_chats").Select(c => c.Command));
        Assert.Equal(2, (await _bot.GetMyCommands(BotCommandScope.AllPrivateChats())).Length);

        var invalid = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SetMyCommands([new BotCommand("Quiz", "Upper case")]));
        Assert.Equal("Bad Request: BOT_COMMAND_INVALID", invalid.Message);
    }

    [Fact]
    public async Task Admins_and_member_counts_are_reported_like_Telegram()
    {
        _api.SetCreator(Room.Id, Alice.Id);
        _api.SetAdmins(Room.Id, Bob.Id, 999);
        Assert.Equal(ChatMemberStatus.Creator, (await _bot.GetChatMember(Room.Id, Alice.Id)).Status);
        Assert.Equal(ChatMemberStatus.Administrator, (await _bot.GetChatMember(Room.Id, 999)).Status);
        Assert.Equal(ChatMemberStatus.Member, (await _bot.GetChatMember(Room.Id, 5555)).Status);
        Assert.Equal([Alice.Id, 999, Bob.Id], (await _bot.GetChatAdministrators(Room.Id)).Select(m => m.User.Id));

        _api.SendText(Room, FakeBotApi.MakeUser(7, "Carol"), "/quiz");
        Assert.Equal(4, await _bot.GetChatMemberCount(Room.Id)); // Alice, Bob, Carol and the bot
        _api.SetMemberCount(Room.Id, 250);
        Assert.Equal(250, await _bot.GetChatMemberCount(Room.Id));
    }

    [Fact]
    public async Task A_missing_message_times_out_with_the_calls_seen_so_far()
    {
        await _bot.SendMessage(Room.Id, "elsewhere");
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => _api.WaitForMessageAsync(Alice.Id, timeout: TimeSpan.FromMilliseconds(100)));
        Assert.Contains("sendMessage chat=" + Room.Id, timeout.Message);
    }
}
