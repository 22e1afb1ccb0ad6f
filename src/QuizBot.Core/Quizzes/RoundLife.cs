namespace QuizBot.Core.Quizzes;

/// <summary>What kind of round: who paces it and who plays it.</summary>
public enum RoundKind
{
    /// <summary>A private chat's quiz (or /review): one player, the next question after each answer.</summary>
    Private,

    /// <summary>A group's round: its members, each question open for a fixed time, moved on by the clock.</summary>
    Group,

    /// <summary>The terminal play mode: the local player, self-paced like a private quiz.</summary>
    Terminal,

    /// <summary>A chat's daily push: every question sent at once, answerable until the push is over.</summary>
    Daily,
}

/// <summary>Where a round is in its life.</summary>
public enum RoundState
{
    /// <summary>A quiz or group round being played; at most one per chat.</summary>
    Running,

    /// <summary>A daily push's round: answerable, and never blocking a quiz or a group round in its chat.</summary>
    Open,

    /// <summary>Played to the end (a daily push: sent, and for a group summarized).</summary>
    Finished,

    /// <summary>Ended early: /stop, or the bot left the chat.</summary>
    Stopped,
}

/// <summary>Who may answer a round's poll (<see cref="RoundLife.WhoMayAnswer"/>).</summary>
public enum AnswerRight
{
    /// <summary>The answer counts.</summary>
    Player,

    /// <summary>It counts if the person is a member of the round's group (a group's poll can be forwarded anywhere).</summary>
    IfMember,

    /// <summary>Not this person's round: a private chat's poll forwarded to someone else.</summary>
    NotAPlayer,

    /// <summary>The round is over: a stopped private quiz's vote that was on its way.</summary>
    Closed,
}

/// <summary>Why a group round's open question closes now, if it does (<see cref="RoundLife.QuestionCloses"/>).</summary>
public enum QuestionClose
{
    /// <summary>It stays open.</summary>
    No,

    /// <summary>Its time is up (Telegram closes the poll by itself).</summary>
    TimeUp,

    /// <summary>Every member has answered before its time was up: it is closed early, for everyone.</summary>
    EveryoneAnswered,
}

/// <summary>
/// A round's life as rules, with no storage and no Telegram: its kinds and states and the codes they are stored under,
/// who may answer, when a question closes and the round moves on, when it is over and which rounds can end. The worker
/// persists what these decide (a round's position moves by one, with a compare-and-set, so a redelivered update moves it
/// once) and schedules it (the round clock, the next poll).
/// </summary>
public static class RoundLife
{
    // The codes kinds and states are stored under (rounds.mode, rounds.status), in the enums' order.
    private static readonly string[] KindCodes = ["private", "group", "terminal", "daily"];
    private static readonly string[] StateCodes = ["running", "open", "finished", "stopped"];

    /// <summary>The code a kind is stored under (rounds.mode).</summary>
    public static string Code(RoundKind kind) => KindCodes[(int)kind];

    /// <summary>The code a state is stored under (rounds.status).</summary>
    public static string Code(RoundState state) => StateCodes[(int)state];

    public static RoundKind ParseKind(string code) => Parse<RoundKind>(KindCodes, code);

    public static RoundState ParseState(string code) => Parse<RoundState>(StateCodes, code);

    private static T Parse<T>(string[] codes, string code) where T : struct, Enum =>
        Array.IndexOf(codes, code) is var i and >= 0 ? (T)Enum.ToObject(typeof(T), i) : throw new FormatException($"'{code}' is not a {typeof(T).Name}");

    /// <summary>A round paced by its player's answers (the next question follows each answer), not by a clock.</summary>
    public static bool IsSelfPaced(RoundKind kind) => kind is RoundKind.Private or RoundKind.Terminal;

    /// <summary>The state a round starts in: a daily push's round is open, never running.</summary>
    public static RoundState Initial(RoundKind kind) => kind == RoundKind.Daily ? RoundState.Open : RoundState.Running;

    /// <summary>Only a running round is ended by /stop, a finish or the bot leaving (a daily round ends with its push).</summary>
    public static bool CanEnd(RoundState state) => state == RoundState.Running;

    /// <summary>How a round ends: stopped early, or played to the end.</summary>
    public static RoundState End(bool stopped) => stopped ? RoundState.Stopped : RoundState.Finished;

    /// <summary>
    /// Who may score on a round's poll. A private chat's id is its person's: a private quiz or daily push is theirs alone,
    /// and a stopped private quiz takes no more answers (a finished one has no unanswered poll: its questions come one after
    /// another). A group's round counts its members' answers only (issue 10). The terminal's is its local player's.
    /// </summary>
    public static AnswerRight WhoMayAnswer(RoundKind kind, RoundState state, long chatId, long userId)
    {
        if (kind == RoundKind.Private && state != RoundState.Running) return AnswerRight.Closed;
        if (chatId > 0) return userId == chatId ? AnswerRight.Player : AnswerRight.NotAPlayer;
        return chatId < 0 ? AnswerRight.IfMember : AnswerRight.Player;
    }

    /// <summary>
    /// A counted answer in a self-paced round moves it on when it answers the question the round is at; an answer to an
    /// earlier question (a late vote) or in a round that has ended moves nothing.
    /// </summary>
    public static bool AnswerMovesOn(RoundState state, long position, long answeredSeq) =>
        state == RoundState.Running && answeredSeq == position;

    /// <summary>
    /// Whether a group round's open question closes now: its time is up, or every member has answered (when the group's
    /// size is known; it is not counted when Telegram could not say).
    /// </summary>
    public static QuestionClose QuestionCloses(long? closesAt, long now, long? members, long answered)
    {
        if (closesAt is { } closes && now >= closes) return QuestionClose.TimeUp;
        return members is > 0 and var m && answered >= m ? QuestionClose.EveryoneAnswered : QuestionClose.No;
    }

    /// <summary>A round is over once its position has moved past its last question.</summary>
    public static bool IsOver(long position, int questionCount) => position >= questionCount;
}
