namespace QuizBot.Core.Questions;

/// <summary>The kinds of question the bank knows; see docs/question-bank.md.</summary>
public static class QuestionKinds
{
    public const string Attribution = "attribution";
    public const string Cloze = "cloze";
    public const string Posts = "posts";
    public const string Title = "title";
    public const string Enumeration = "enumeration";
    public const string Judgement = "judgement";
    public const string Meeting = "meeting";

    public static readonly IReadOnlyList<string> All = [Attribution, Cloze, Posts, Title, Enumeration, Judgement, Meeting];
}

public static class QuestionStatus
{
    public const string Draft = "draft";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Draft, Approved, Rejected];
}

/// <summary>The speech a bank file belongs to. The meeting file has id <c>meeting</c> and no speaker.</summary>
public sealed record Speech(string Id, string Speaker, string Posts, string Title)
{
    public const string MeetingId = "meeting";

    public bool IsMeeting => Id == MeetingId;

    /// <summary>How a question's source is named to learners, e.g. "张良（北京市总工会党组书记、副主席）".</summary>
    public string SourceLabel => IsMeeting ? "会议综述" : $"{Speaker}（{Posts}）";
}

/// <summary>One question as served: it knows its speech so every answer can name its source.</summary>
public sealed record Question(
    string Id,
    string Kind,
    string Status,
    string Text,
    IReadOnlyList<string> Options,
    IReadOnlyList<int> Answer,
    string Explanation,
    string Quote,
    Speech Speech)
{
    public bool IsApproved => Status == QuestionStatus.Approved;

    /// <summary>Judgement options read 正确 / 错误 and stay in that order; all other kinds are shuffled when served.</summary>
    public bool KeepsOptionOrder => Kind == QuestionKinds.Judgement;

    public string AnswerText => string.Join("；", Answer.Select(i => Options[i]));
}
