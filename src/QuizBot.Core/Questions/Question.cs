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

    /// <summary>Which speakers both (or neither) said or did something: compares speeches.</summary>
    public const string Comparison = "comparison";

    /// <summary>Speaker ↔ area of work (宣传与女职工, 经审, 纪检监察, 法律服务…).</summary>
    public const string Responsibility = "responsibility";

    /// <summary>Choose every right option: a quiz poll with several correct options, right only for the exact set.</summary>
    public const string Multiple = "multiple";

    /// <summary>The main idea of a passage or the reasoning that links its parts (why, what for, what follows).</summary>
    public const string Reasoning = "reasoning";

    /// <summary>What was done in 2022 as against what is planned for 2023.</summary>
    public const string Timeline = "timeline";

    public static readonly IReadOnlyList<string> All =
        [Attribution, Cloze, Posts, Title, Enumeration, Judgement, Meeting, Comparison, Responsibility, Multiple, Reasoning, Timeline];

    /// <summary>The kinds the authoring tool generates; the others are written by editors.</summary>
    public static readonly IReadOnlyList<string> Generated =
        [Attribution, Cloze, Posts, Title, Enumeration, Judgement, Meeting, Comparison, Responsibility, Multiple];

    /// <summary>Kinds that check exact wording (a blank, or a sentence true as said or with one word swapped).</summary>
    public static readonly IReadOnlyList<string> WordingChecks = [Cloze, Judgement];
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
    Speech Speech,
    string Family = "")
{
    public bool IsApproved => Status == QuestionStatus.Approved;

    /// <summary>
    /// Questions on one fact share a family (docs/question-bank.md); a question without one is a family of its own. Two
    /// questions with the same key must never be served in one quiz, round or daily push: one would give the other away.
    /// </summary>
    public string FamilyKey => string.IsNullOrEmpty(Family) ? Id : Family;

    /// <summary>Judgement options read 正确 / 错误 and stay in that order; all other kinds are shuffled when served.</summary>
    public bool KeepsOptionOrder => Kind == QuestionKinds.Judgement;

    public string AnswerText => string.Join("；", Answer.Select(i => Options[i]));
}
