using QuizBot.Authoring.Text;

namespace QuizBot.Authoring.Digests;

/// <summary>
/// A speech digest as parsed: the meeting's title and subtitle, the introduction (meeting facts), and the speeches.
/// All paragraph text is normalised (whitespace removed, errata applied), so any substring of it is a valid quote.
/// <see cref="Doubts"/> says where the reader is unsure it found every speech (a line that reads like a speaker line but was
/// not taken for one, a count the digest states that differs from the speeches found), each naming the line.
/// </summary>
internal sealed record Digest(
    string Source,
    string Title,
    string Subtitle,
    IReadOnlyList<string> Intro,
    IReadOnlyList<SpeechText> Speeches,
    IReadOnlyList<string> Doubts);

/// <summary>One speech: its heading, who gave it (posts and name as printed in the speaker line) and its paragraphs.</summary>
internal sealed record SpeechText(
    int Number,
    string Title,
    string Speaker,
    string Posts,
    string SpeakerLine,
    IReadOnlyList<string> Paragraphs,
    IReadOnlyList<NumberedList> Lists);

/// <summary>
/// A numbered list found in a speech: 第一/第二…, 一是/二是…, （一）（二）…, or a colon list announced by a counted phrase
/// such as “三个统筹”. <see cref="Intro"/> is the clause that announces it ("重点抓了几件大事"), empty when there is none.
/// </summary>
internal sealed record NumberedList(
    string Style,
    string Intro,
    int? StatedCount,
    string? Label,
    IReadOnlyList<ListItem> Items)
{
    /// <summary>The list's members in the text, from the first marker to the end of the last item.</summary>
    public int Paragraph => Items[0].Paragraph;
}

/// <summary>One member of a numbered list. <see cref="Span"/> covers the member's text without its marker.</summary>
internal sealed record ListItem(int Ordinal, string Marker, string Text, string Lead, int Paragraph, Span Span);
