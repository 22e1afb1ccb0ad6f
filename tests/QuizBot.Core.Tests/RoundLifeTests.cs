using QuizBot.Core.Quizzes;

namespace QuizBot.Core.Tests;

public sealed class RoundLifeTests
{
    private const long Alice = 42, Bob = 43, Group = -100;

    [Theory]
    [InlineData(RoundKind.Private, "private")]
    [InlineData(RoundKind.Group, "group")]
    [InlineData(RoundKind.Terminal, "terminal")]
    [InlineData(RoundKind.Daily, "daily")]
    public void Every_kind_is_stored_under_its_code_and_read_back(RoundKind kind, string code)
    {
        Assert.Equal(code, RoundLife.Code(kind));
        Assert.Equal(kind, RoundLife.ParseKind(code));
    }

    [Theory]
    [InlineData(RoundState.Running, "running")]
    [InlineData(RoundState.Open, "open")]
    [InlineData(RoundState.Finished, "finished")]
    [InlineData(RoundState.Stopped, "stopped")]
    public void Every_state_is_stored_under_its_code_and_read_back(RoundState state, string code)
    {
        Assert.Equal(code, RoundLife.Code(state));
        Assert.Equal(state, RoundLife.ParseState(code));
    }

    [Fact]
    public void An_unknown_code_is_refused_rather_than_guessed()
    {
        Assert.Throws<FormatException>(() => RoundLife.ParseKind("weekly"));
        Assert.Throws<FormatException>(() => RoundLife.ParseState("paused"));
    }

    [Fact]
    public void A_daily_round_starts_open_and_every_other_round_running()
    {
        Assert.Equal(RoundState.Open, RoundLife.Initial(RoundKind.Daily));
        Assert.All([RoundKind.Private, RoundKind.Group, RoundKind.Terminal], k => Assert.Equal(RoundState.Running, RoundLife.Initial(k)));
    }

    [Fact]
    public void Private_and_terminal_rounds_are_paced_by_answers_and_group_and_daily_rounds_are_not()
    {
        Assert.True(RoundLife.IsSelfPaced(RoundKind.Private));
        Assert.True(RoundLife.IsSelfPaced(RoundKind.Terminal));
        Assert.False(RoundLife.IsSelfPaced(RoundKind.Group));
        Assert.False(RoundLife.IsSelfPaced(RoundKind.Daily));
    }

    [Fact]
    public void Only_a_running_round_can_end_and_it_ends_stopped_or_finished()
    {
        Assert.True(RoundLife.CanEnd(RoundState.Running));
        Assert.All([RoundState.Open, RoundState.Finished, RoundState.Stopped], s => Assert.False(RoundLife.CanEnd(s)));
        Assert.Equal(RoundState.Stopped, RoundLife.End(stopped: true));
        Assert.Equal(RoundState.Finished, RoundLife.End(stopped: false));
    }

    [Fact]
    public void A_private_round_is_its_owners_alone()
    {
        Assert.Equal(AnswerRight.Player, RoundLife.WhoMayAnswer(RoundKind.Private, RoundState.Running, Alice, Alice));
        Assert.Equal(AnswerRight.NotAPlayer, RoundLife.WhoMayAnswer(RoundKind.Private, RoundState.Running, Alice, Bob));
        Assert.Equal(AnswerRight.NotAPlayer, RoundLife.WhoMayAnswer(RoundKind.Daily, RoundState.Open, Alice, Bob));
        Assert.Equal(AnswerRight.Player, RoundLife.WhoMayAnswer(RoundKind.Daily, RoundState.Finished, Alice, Alice));
    }

    [Fact]
    public void A_stopped_private_quiz_takes_no_more_answers()
    {
        Assert.Equal(AnswerRight.Closed, RoundLife.WhoMayAnswer(RoundKind.Private, RoundState.Stopped, Alice, Alice));
        Assert.Equal(AnswerRight.Closed, RoundLife.WhoMayAnswer(RoundKind.Private, RoundState.Finished, Alice, Bob));
    }

    [Fact]
    public void A_groups_round_counts_its_members_only_and_the_terminals_its_local_player()
    {
        Assert.Equal(AnswerRight.IfMember, RoundLife.WhoMayAnswer(RoundKind.Group, RoundState.Running, Group, Bob));
        Assert.Equal(AnswerRight.IfMember, RoundLife.WhoMayAnswer(RoundKind.Daily, RoundState.Open, Group, Bob));
        Assert.Equal(AnswerRight.Player, RoundLife.WhoMayAnswer(RoundKind.Terminal, RoundState.Running, 0, 0));
    }

    [Fact]
    public void Only_an_answer_to_the_current_question_of_a_running_round_moves_it_on()
    {
        Assert.True(RoundLife.AnswerMovesOn(RoundState.Running, position: 2, answeredSeq: 2));
        Assert.False(RoundLife.AnswerMovesOn(RoundState.Running, position: 3, answeredSeq: 2)); // a late vote, or a redelivery
        Assert.False(RoundLife.AnswerMovesOn(RoundState.Stopped, position: 2, answeredSeq: 2));
    }

    [Fact]
    public void A_group_question_closes_when_its_time_is_up_whoever_answered()
    {
        Assert.Equal(QuestionClose.TimeUp, RoundLife.QuestionCloses(closesAt: 1000, now: 1000, members: 5, answered: 5));
        Assert.Equal(QuestionClose.TimeUp, RoundLife.QuestionCloses(closesAt: 1000, now: 2000, members: null, answered: 0));
        Assert.Equal(QuestionClose.No, RoundLife.QuestionCloses(closesAt: 1000, now: 999, members: 5, answered: 4));
    }

    [Fact]
    public void A_group_question_closes_early_once_every_member_answered_when_the_group_size_is_known()
    {
        Assert.Equal(QuestionClose.EveryoneAnswered, RoundLife.QuestionCloses(closesAt: 1000, now: 500, members: 3, answered: 3));
        Assert.Equal(QuestionClose.No, RoundLife.QuestionCloses(closesAt: 1000, now: 500, members: null, answered: 30));
        Assert.Equal(QuestionClose.No, RoundLife.QuestionCloses(closesAt: 1000, now: 500, members: 0, answered: 0));
    }

    [Fact]
    public void A_round_is_over_once_it_moved_past_its_last_question()
    {
        Assert.False(RoundLife.IsOver(position: 4, questionCount: 5));
        Assert.True(RoundLife.IsOver(position: 5, questionCount: 5));
    }
}
