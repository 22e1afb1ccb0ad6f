using System.Globalization;
using System.Text.RegularExpressions;
using QuizBot.Authoring.Digests;
using QuizBot.Authoring.Text;
using QuizBot.Core.Questions;

namespace QuizBot.Authoring.Generation;

/// <summary>Kinds asked about the digest's structure: posts, title, enumeration and the meeting itself.</summary>
internal sealed partial class Generator
{
    /// <summary>"What is X's post?" when the digest has at least two distinct posts; "who holds this post?" when only one does.</summary>
    private IEnumerable<Draft> PostsQuestions(Corpus corpus, SpeechInfo info)
    {
        var speech = info.Speech!;
        var speeches = corpus.Digest.Speeches;
        var otherPosts = speeches.Select(s => s.Posts).Where(p => p != speech.Posts).Distinct().ToList();
        var explanation = $"摘登中{speech.Speaker}的署名职务为{speech.Posts}。";
        if (otherPosts.Count > 0)
        {
            yield return Question(QuestionKinds.Posts, $"{speech.Speaker}的职务是？",
                [speech.Posts, .. Pick(otherPosts, 3)], 0, explanation, speech.SpeakerLine,
                "posts: options are the other distinct posts of the digest");
        }
        if (speeches.Count(s => s.Posts == speech.Posts) == 1 && speeches.Count > 1)
        {
            yield return Question(QuestionKinds.Posts, $"摘登中，职务为“{speech.Posts}”的是哪位同志？",
                [speech.Speaker, .. Pick(speeches.Where(s => s != speech).Select(s => s.Speaker), 3)], 0, explanation,
                speech.SpeakerLine, "posts: this post is held by one speaker only, so the reverse question has one answer");
        }
    }

    /// <summary>"Which speech bears this title?" and "what is X's title?"; options come from the same digest.</summary>
    private IEnumerable<Draft> TitleQuestions(Corpus corpus, SpeechInfo info)
    {
        var speech = info.Speech!;
        var others = corpus.Digest.Speeches.Where(s => s != speech).ToList();
        if (others.Count == 0) yield break;
        var explanation = Fit($"《{speech.Title}》是{speech.Speaker}（{speech.Posts}）的讲话。", BankRules.MaxExplanationLength);
        yield return Question(QuestionKinds.Title, $"题为《{speech.Title}》的讲话出自哪位同志？",
            [speech.Speaker, .. Pick(others.Select(s => s.Speaker), 3)], 0, explanation, speech.Title,
            "title: options are other speakers of the digest");
        var titles = others.Select(s => s.Title).Where(t => t.Length <= BankRules.MaxOptionLength && t != speech.Title).Distinct();
        if (speech.Title.Length <= BankRules.MaxOptionLength)
        {
            yield return Question(QuestionKinds.Title, $"{speech.Speaker}的讲话题目是？", [speech.Title, .. Pick(titles, 3)], 0,
                explanation, speech.Title, "title: options are the other titles of the digest");
        }
    }

    [GeneratedRegex("(?<n>[一二两三四五六七八九十几]{1,3})(?<cls>点|件|个|项|条|方面)")]
    private static partial Regex CountWord();

    /// <summary>
    /// Numbered lists: how many members (when the text announces the count, or for the speech's 第一/第二 points), which
    /// option is not a member (the odd one comes from another speech's list), and which point comes at a given place.
    /// A list with a member the errata avoid, a possible typo, or two members alike is not asked about.
    /// </summary>
    private IEnumerable<Draft> EnumerationQuestions(Corpus corpus, SpeechInfo info)
    {
        var speech = info.Speech!;
        var askedOrder = false;
        for (var index = 0; index < speech.Lists.Count; index++)
        {
            var list = speech.Lists[index];
            var family = ListFamily(info, index);
            if (UnusableList(info, list) is { } why)
            {
                _warnings.Add($"{Where(info)}: list “{(list.Intro.Length > 0 ? list.Intro + "：" : "")}{list.Items[0].Lead}…” not asked about: {why}");
                continue;
            }
            var leads = list.Items.Select(i => i.Lead).ToList();
            var n = list.Items.Count;
            var members = Fit(string.Join("；", leads), 150);

            // How many?
            var count = CountWord().Matches(list.Intro).LastOrDefault();
            if (list.Style != "colon" && count is not null && (list.StatedCount is null || list.StatedCount == n))
            {
                var blanked = list.Intro[..count.Index] + "____" + list.Intro[(count.Index + count.Groups["n"].Length)..];
                yield return InFamily(family, Question(QuestionKinds.Enumeration, $"{speech.Speaker}在讲话中说{Quoted(blanked)}，横线处应是几？",
                    NumeralOptions(n), 0, Fit($"共{Chinese.Numeral(n)}{count.Groups["cls"].Value}：{members}。", BankRules.MaxExplanationLength),
                    list.Intro, "enumeration: the count of the list the sentence announces"));
            }
            else if (list.Style == "di" && list == speech.Lists.First(l => l.Style == "di"))
            {
                var last = list.Items[^1];
                yield return InFamily(family, Question(QuestionKinds.Enumeration, $"{speech.Speaker}的讲话分为几点？", NumeralOptions(n), 0,
                    Fit($"共{Chinese.Numeral(n)}点：{members}。", BankRules.MaxExplanationLength), ItemQuote(info, last),
                    "enumeration: the number of the speech's 第一/第二… points"));
            }

            // Which are among them (several right answers), or, with only one other speaker's point to offer, which is not?
            var label = ListLabel(speech, list);
            if (label is not null && n >= 3 && Foreign(corpus, info, list, 2) is { Count: 2 } two)
                yield return InFamily(family, Several(speech, info, list, label, two));
            else if (label is not null && n >= 3 && Foreign(corpus, info, list) is { } foreign)
            {
                var chosen = Pick(leads, 3);
                var explanation = Fit($"“{foreign.Lead}”出自{foreign.Speaker}的讲话。{speech.Speaker}所说的是：{members}。",
                    BankRules.MaxExplanationLength);
                yield return InFamily(family, Question(QuestionKinds.Enumeration, $"{label}，以下哪一项不在其中？", [foreign.Lead, .. chosen], 0,
                    explanation, ListQuote(info, list),
                    $"enumeration: three members and one from {foreign.Speaker}'s list, not alike any member"));
            }

            // Which point comes at place k?
            if (list.Style == "di" && n >= 3 && !askedOrder)
            {
                askedOrder = true;
                var k = _random.Next(2, n + 1);
                var others = Pick(leads.Where((_, i) => i != k - 1), 3);
                yield return InFamily(family, Question(QuestionKinds.Enumeration, $"{speech.Speaker}讲话中的第{Chinese.Numeral(k)}点是？",
                    [leads[k - 1], .. others], 0, Fit($"第{Chinese.Numeral(k)}点是“{leads[k - 1]}”。", BankRules.MaxExplanationLength),
                    ItemQuote(info, list.Items[k - 1]), "enumeration: the point at a given place of the speech's 第一/第二… list"));
            }
        }
    }

    private static string? ListLabel(SpeechText speech, NumberedList list) =>
        list.Style == "colon" || list.Intro.Length > 0 ? $"{speech.Speaker}在讲话中提到{Quoted(list.Intro)}"
            : list.Style == "di" ? $"{speech.Speaker}的讲话分几点展开" : null;

    private static string? UnusableList(SpeechInfo info, NumberedList list)
    {
        if (list.Items.Any(i => info.Avoided(i.Paragraph, i.Span))) return "a member lies in a passage the errata mark avoid";
        if (list.Items.Any(i => i.Lead.Length == 0)) return "a member has no short lead to show as an option";
        if (list.Items.Select(i => Similarity.Normalize(i.Lead)).Distinct().Count() != list.Items.Count)
            return "two members read alike (a typo?)";
        return null;
    }

    /// <summary>A member of another speech's list that reads like none of this list's members.</summary>
    private (string Lead, string Speaker)? Foreign(Corpus corpus, SpeechInfo info, NumberedList list) =>
        Foreign(corpus, info, list, 1) is [var one] ? one : null;

    /// <summary>Members of other speeches' lists that read like none of this list's members (nor like each other).</summary>
    private List<(string Lead, string Speaker)> Foreign(Corpus corpus, SpeechInfo info, NumberedList list, int count)
    {
        var mine = list.Items.Select(i => Similarity.Normalize(i.Lead)).ToList();
        var average = list.Items.Average(i => i.Lead.Length);
        var candidates = corpus.Speeches.Where(s => s != info)
            .SelectMany(s => s.Speech!.Lists.Where(l => UnusableList(s, l) is null)
                .SelectMany(l => l.Items.Select(i => (i.Lead, s.Speech.Speaker, SameStyle: l.Style == list.Style))))
            .Where(c => c.Lead.Length > 0)
            // A shape every member has (要“早”, 要“准”, 要“实”: quotation marks; 坚持…, 坚持…: one opening word) and the odd one
            // lacks would give the odd one away without reading.
            .Where(c => Shape(list.Items[0].Lead).Where(f => list.Items.All(i => Shape(i.Lead).Contains(f))).All(Shape(c.Lead).Contains))
            .Where(c => mine.All(m =>
            {
                var f = Similarity.Normalize(c.Lead);
                return Similarity.Dice(f, m) < 0.5 && !f.Contains(m, StringComparison.Ordinal) && !m.Contains(f, StringComparison.Ordinal);
            }))
            // An odd one out half or twice the members' length is told by its shape.
            .Where(c => c.Lead.Length >= average / 2 && c.Lead.Length <= average * 2)
            .OrderByDescending(c => c.SameStyle)
            .ThenBy(c => Math.Abs(c.Lead.Length - average))
            .Take(5)
            .ToList();
        var picked = new List<(string Lead, string Speaker)>();
        foreach (var c in Pick(candidates, candidates.Count))
        {
            if (picked.Count == count) break;
            if (picked.All(p => Similarity.Dice(Similarity.Normalize(p.Lead), Similarity.Normalize(c.Lead)) < 0.5)) picked.Add((c.Lead, c.Speaker));
        }
        return picked;
    }

    /// <summary>Features of a point's wording a reader sees at a glance: quotation marks, its first two characters.</summary>
    private static HashSet<string> Shape(string lead)
    {
        var shape = new HashSet<string> { "start " + lead[..Math.Min(2, lead.Length)] };
        if (lead.Contains('“')) shape.Add("quoted");
        return shape;
    }

    private static string ItemQuote(SpeechInfo info, ListItem item)
    {
        var paragraph = info.Paragraphs[item.Paragraph];
        var start = item.Span.Start - item.Marker.Length;
        while (start > 0 && paragraph.Substring(start, item.Marker.Length) != item.Marker) start--;
        return paragraph[Math.Max(0, start)..(item.Span.Start + item.Lead.Length)];
    }

    /// <summary>The list as it stands in the text when it is in one paragraph (cut to whole clauses), else where it starts.</summary>
    private static string ListQuote(SpeechInfo info, NumberedList list)
    {
        if (list.Items.Any(i => i.Paragraph != list.Paragraph)) return ItemQuote(info, list.Items[0]);
        var paragraph = info.Paragraphs[list.Paragraph];
        var start = list.Items[0].Span.Start;
        if (list.Intro.Length > 0 && paragraph.LastIndexOf(list.Intro, start, StringComparison.Ordinal) is var i and >= 0) start = i;
        var text = paragraph[start..list.Items[^1].Span.End];
        return Clauses.Fit(text, MaxListQuote) is { } fit ? Clauses.TrimEndMark(fit) : ItemQuote(info, list.Items[0]);
    }

    private static List<string> NumeralOptions(int n)
    {
        var from = Math.Max(1, Math.Min(n - 1, 99 - 3));
        return [Chinese.Numeral(n), .. Enumerable.Range(from, 4).Where(i => i != n).Take(3).Select(Chinese.Numeral)];
    }

    [GeneratedRegex(@"(?:(?<y>\d{4})年)?(?<m>\d{1,2})月(?<d>\d{1,2})日(?<part>上午|下午|晚上|晚)?")]
    private static partial Regex DatePattern();

    [GeneratedRegex("(?<host>[^，。；：]{2,30}?)(?:召开|举行)了?(?<name>[^，。；：]{2,60}?会议?)(?=[，。；]|$)")]
    private static partial Regex ConvenedPattern();

    [GeneratedRegex("在(?<name>[^，。；]{2,60}?会议?)上的(?:讲话|发言)")]
    private static partial Regex SubtitleMeeting();

    [GeneratedRegex("^[—－-]*(?<who>[^，。；]{2,30}?)在[^，。；]{2,60}?上的(?:讲话|发言)")]
    private static partial Regex SubtitleSpeakers();

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}\d]{2,16}?(?:全会|大会|座谈会|研讨会|务虚会|推进会|部署会|会议)")]
    private static partial Regex MeetingNamePattern();

    [GeneratedRegex(@"(?<y>\d{4})年")]
    private static partial Regex YearPattern();

    /// <summary>Meeting facts from the introduction and subtitle: the date, the meeting's name, and how many spoke.</summary>
    private IEnumerable<Draft> MeetingQuestions(Corpus corpus)
    {
        var intro = string.Concat(corpus.Digest.Intro);
        var subtitle = Chinese.RemoveWhitespace(corpus.Digest.Subtitle).TrimStart('—', '－', '-');
        var convened = ConvenedPattern().Match(intro);
        var name = convened.Success ? convened.Groups["name"].Value
            : SubtitleMeeting().Match(subtitle) is { Success: true } sm ? sm.Groups["name"].Value : null;
        var host = convened.Success ? convened.Groups["host"].Value : "";
        if (DatePattern().Match(host) is { Success: true } inHost) host = host[(inHost.Index + inHost.Length)..].TrimStart('，');
        var date = DatePattern().Match(intro);

        if (date.Success && name is not null)
        {
            var m = int.Parse(date.Groups["m"].Value, CultureInfo.InvariantCulture);
            var d = int.Parse(date.Groups["d"].Value, CultureInfo.InvariantCulture);
            var right = $"{m}月{d}日";
            var wrong = new[] { 1, -1, 2, 3, -2 }.Select(x => d + x).Where(x => x is >= 1 and <= 28).Select(x => $"{m}月{x}日").Take(3);
            var stem = host.Length > 0 ? $"{host}召开{name}是在哪一天？" : $"{name}是在哪一天召开的？";
            yield return Question(QuestionKinds.Meeting, stem, [right, .. wrong], 0,
                Fit($"据摘登，{date.Value}，{host}召开{name}。", BankRules.MaxExplanationLength),
                SentenceAround(intro, date.Index), "meeting: the date; wrong options are nearby days");
        }

        if (name is not null)
        {
            // Wrong names: the same meeting in another year of the digest, and other meetings the digest mentions.
            var wrong = new List<string>();
            foreach (Match y in YearPattern().Matches(name))
            {
                var year = int.Parse(y.Groups["y"].Value, CultureInfo.InvariantCulture);
                foreach (var other in new[] { year - 1, year + 1 })
                    wrong.Add(name[..y.Index] + other.ToString(CultureInfo.InvariantCulture) + name[(y.Index + 4)..]);
            }
            var named = new List<Span>();
            for (var i = corpus.Text.IndexOf(name, StringComparison.Ordinal); i >= 0; i = corpus.Text.IndexOf(name, i + 1, StringComparison.Ordinal))
                named.Add(new Span(i, name.Length));
            foreach (Match x in MeetingNamePattern().Matches(corpus.Text))
            {
                // A match overlapping the meeting's own name is a piece of it, not another meeting.
                if (named.Any(n => n.Overlaps(new Span(x.Index, x.Length)))) continue;
                // The pattern starts too early on "按照市委…全会": drop leading prepositions, verbs and adverbs.
                var tokens = nlp.Tag(x.Value);
                var lead = tokens.TakeWhile(t => t.Flag is "p" or "v" or "vn" or "d" or "ad" or "c" or "u" or "a").Sum(t => t.Word.Length);
                var candidate = x.Value[lead..];
                // A piece of the right name (精神研讨会) or of a sentence about it (…党组成员在学习贯彻全会) is no other meeting.
                if (name.Contains(candidate, StringComparison.Ordinal) || candidate.Contains('在')) continue;
                // …副主席黄伟民全总…会议, …代表参加会议: a sentence about this meeting, not another one.
                if (corpus.Digest.Speeches.Any(sp => candidate.Contains(sp.Speaker, StringComparison.Ordinal)) || candidate.Contains("参加", StringComparison.Ordinal)) continue;
                if (candidate.Length >= 4 && wrong.All(w => Similarity.Dice(Similarity.Normalize(w), Similarity.Normalize(candidate)) < 0.8))
                    wrong.Add(candidate);
            }
            wrong = wrong.Distinct().Where(w => w.Length <= BankRules.MaxOptionLength && w != name).ToList();
            if (wrong.Count >= 2 && name.Length <= BankRules.MaxOptionLength)
            {
                var when = date.Success ? $"{date.Value}，" : "";
                var stem = host.Length > 0 ? $"{when}{host}召开的是什么会议？" : $"{when}召开的是什么会议？";
                yield return Question(QuestionKinds.Meeting, stem, [name, .. wrong.Take(3)], 0,
                    Fit($"会议名称是{name}。", BankRules.MaxExplanationLength),
                    convened.Success ? SentenceAround(intro, convened.Index) : subtitle,
                    "meeting: the name; wrong options are the same meeting in another year and other meetings the digest names");
            }
        }

        // The number of speeches found, asked only when the reader is sure it found them all: a wrong count is worse than none.
        var speakers = corpus.Digest.Speeches.Select(s => s.Speaker).ToList();
        if (speakers.Count >= 2 && corpus.Digest.Doubts.Count == 0)
        {
            var who = SubtitleSpeakers().Match(subtitle) is { Success: true } w ? w.Groups["who"].Value : "同志";
            yield return Question(QuestionKinds.Meeting, $"这次摘登收录了几位{who}的讲话？", NumeralOptions(speakers.Count), 0,
                Fit($"共{Chinese.Numeral(speakers.Count)}位：{string.Join("、", speakers)}。", BankRules.MaxExplanationLength),
                subtitle.Length > 0 ? subtitle : corpus.Digest.Speeches[0].SpeakerLine,
                "meeting: who spoke, as the number of speeches in the digest");
        }
    }

    private static string SentenceAround(string text, int index)
    {
        var s = Clauses.Sentences(text).First(x => x.End > index);
        var sentence = text.Substring(s.Start, s.Length);
        return Clauses.Fit(sentence, MaxListQuote) is { } fit ? Clauses.TrimEndMark(fit) : sentence;
    }
}
