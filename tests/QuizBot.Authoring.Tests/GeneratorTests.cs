using QuizBot.Authoring.Generation;
using QuizBot.Authoring.Lint;
using QuizBot.Authoring.Text;
using QuizBot.Authoring.Yaml;
using QuizBot.Core.Questions;

namespace QuizBot.Authoring.Tests;

[Collection("jieba")]
public sealed class GeneratorTests(JiebaFixture jieba)
{
    private static GenerationResult? _seed;
    private static GenerationResult? _plain;
    private static GenerationResult? _union;
    private static readonly Lock Gate = new();

    // Generating is deterministic, so each digest is generated once and shared by the tests below.
    private GenerationResult SeedResult()
    {
        lock (Gate) return _seed ??= new Generator(jieba.Nlp, Repo.Errata).Generate(Repo.SeedText, "seeds/000_b2f9a729e3f4e4a3.txt");
    }

    private GenerationResult PlainResult()
    {
        lock (Gate) return _plain ??= new Generator(jieba.Nlp, Errata.None).Generate(Repo.PlainDigest, "plain-digest.txt");
    }

    private GenerationResult UnionResult()
    {
        lock (Gate) return _union ??= new Generator(jieba.Nlp, Errata.None).Generate(Repo.TestDigest("union-digest.txt"), "union-digest.txt");
    }

    private static IReadOnlyList<int> Right(QuestionFile.QuestionEntry q) => QuestionFile.ReadAnswer(q.Answer)!;

    private static List<(DraftFile File, Draft Draft)> All(GenerationResult r) =>
        r.Files.SelectMany(f => f.Questions.Select(q => (f, q))).ToList();

    [Fact]
    public void The_seed_gives_one_file_per_speech_and_one_for_the_meeting()
    {
        var files = SeedResult().Files;
        Assert.Equal(["00-meeting.yaml", .. Enumerable.Range(1, 9).Select(n => $"{n:00}-s{n}.yaml")], files.Select(f => f.FileName));
        Assert.Equal(Speech.MeetingId, files[0].Speech.Id);
        Assert.Equal(("s1", "张良"), (files[1].Speech.Id, files[1].Speech.Speaker));
        Assert.All(files.Skip(1), f => Assert.True(f.Questions.Count >= 8, $"{f.FileName} has {f.Questions.Count} drafts"));
    }

    [Fact]
    public void Every_generated_kind_is_generated_from_the_seed() =>
        Assert.Equal(QuestionKinds.Generated.Order(), All(SeedResult()).Select(x => x.Draft.Entry.Kind).Distinct().Order());

    [Fact]
    public void Every_draft_meets_the_bank_rules_and_is_a_draft()
    {
        foreach (var file in SeedResult().Files.Concat(PlainResult().Files))
        {
            var content = new QuestionFile { Speech = file.Speech, Questions = file.Questions.Select(q => q.Entry).ToList() };
            Assert.Empty(BankRules.Check(file.FileName, content));
            Assert.All(file.Questions, q => Assert.Equal(QuestionStatus.Draft, q.Entry.Status));
            Assert.All(file.Questions, q => Assert.False(string.IsNullOrWhiteSpace(q.Entry.Quote)));
        }
    }

    [Fact]
    public void Every_quote_is_in_the_seed_and_none_lies_in_an_avoided_passage()
    {
        var seeds = new SeedCorpus(Repo.Errata, [("seed", SeedText.Normalize(Repo.SeedText, Repo.Errata))]);
        Assert.All(All(SeedResult()), x =>
        {
            Assert.NotEmpty(seeds.Find(x.Draft.Entry.Quote));
            Assert.False(seeds.OnlyInAvoided(x.Draft.Entry.Quote));
            Assert.Empty(Editorial.Check(x.Draft.Entry, seeds));
        });
        Assert.DoesNotContain(All(SeedResult()), x => x.Draft.Entry.Quote.Contains("第三，要“用力”", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cloze_answer_is_in_its_quote_and_blanked_in_its_stem()
    {
        var clozes = All(SeedResult()).Concat(All(PlainResult())).Select(x => x.Draft.Entry).Where(q => q.Kind == QuestionKinds.Cloze).ToList();
        // Fewer than before: a passage without two wrong options of the answer's kind is no longer asked about.
        Assert.True(clozes.Count >= 5, $"{clozes.Count} clozes");
        Assert.All(clozes, q =>
        {
            var answer = q.Options[QuestionFile.ReadAnswer(q.Answer)!.Single()];
            Assert.Contains(answer, q.Quote);
            Assert.Contains("____", q.Question);
            Assert.DoesNotContain(answer, q.Question);
        });
    }

    [Fact]
    public void Cloze_distractors_share_the_answers_length_and_kind_and_are_not_in_the_passage()
    {
        var clozes = All(SeedResult()).Concat(All(PlainResult())).Select(x => x.Draft).Where(d => d.Entry.Kind == QuestionKinds.Cloze).ToList();
        Assert.All(clozes, d =>
        {
            var q = d.Entry;
            var answer = q.Options[QuestionFile.ReadAnswer(q.Answer)!.Single()];
            Assert.InRange(q.Options.Count, 3, 4);
            Assert.All(q.Options, o => Assert.Equal(answer.Length, o.Length));
            Assert.NotNull(d.OptionFlags);
            Assert.Single(d.OptionFlags!.Distinct());
            Assert.All(q.Options.Where(o => o != answer), o => Assert.DoesNotContain(o, q.Quote));
            Assert.All(q.Options.Where(o => o != answer), o => Assert.False(jieba.Nlp.AreSynonyms(o, answer), $"{o} is a synonym of {answer}"));
        });
    }

    [Fact]
    public void Options_are_distinct_and_every_text_is_within_Telegram_limits()
    {
        Assert.All(All(SeedResult()).Concat(All(PlainResult())), x =>
        {
            var q = x.Draft.Entry;
            Assert.Equal(q.Options.Count, q.Options.Select(Similarity.Normalize).Distinct().Count());
            Assert.InRange(q.Question.Length, 1, BankRules.MaxQuestionLength);
            Assert.InRange(q.Options.Count, BankRules.MinOptions, BankRules.MaxOptions);
            Assert.All(q.Options, o => Assert.InRange(o.Length, 1, BankRules.MaxOptionLength));
            Assert.InRange(q.Explanation.Length, 1, BankRules.MaxExplanationLength);
        });
    }

    [Fact]
    public void No_answer_is_visible_in_its_own_stem()
    {
        Assert.All(All(SeedResult()).Concat(All(PlainResult())).Select(x => x.Draft.Entry).Where(q => q.Kind != QuestionKinds.Judgement), q =>
        {
            foreach (var i in QuestionFile.ReadAnswer(q.Answer)!) Assert.DoesNotContain(q.Options[i], q.Question);
        });
    }

    [Fact]
    public void Long_passages_are_cut_at_clause_boundaries()
    {
        var seedText = SeedText.Normalize(Repo.SeedText, Repo.Errata);
        foreach (var q in All(SeedResult()).Select(x => x.Draft.Entry).Where(q => q.Kind is QuestionKinds.Attribution or QuestionKinds.Cloze))
        {
            var at = seedText.IndexOf(q.Quote, StringComparison.Ordinal);
            Assert.True(at >= 0);
            Assert.True(q.Quote.Length <= Generator.MaxPassage);
            // A quote starts after a mark (or a list marker) and ends on one: never inside a word.
            Assert.Contains(q.Quote[^1], Chinese.ClauseMarks + "”");
        }
    }

    [Fact]
    public void Judgement_options_are_true_then_false_and_both_answers_occur()
    {
        var judgements = All(SeedResult()).Select(x => x.Draft.Entry).Where(q => q.Kind == QuestionKinds.Judgement).ToList();
        Assert.All(judgements, q => Assert.Equal(["正确", "错误"], q.Options));
        Assert.Contains(judgements, q => QuestionFile.ReadAnswer(q.Answer)!.Single() == 0);
        Assert.Contains(judgements, q => QuestionFile.ReadAnswer(q.Answer)!.Single() == 1);
    }

    [Fact]
    public void Enumeration_asks_the_count_and_the_members_of_numbered_lists()
    {
        var enumerations = All(SeedResult()).Select(x => x.Draft.Entry).Where(q => q.Kind == QuestionKinds.Enumeration).ToList();
        var six = Assert.Single(enumerations, q => q.Question.Contains("重点抓了____件大事", StringComparison.Ordinal));
        Assert.Equal("六", six.Options[QuestionFile.ReadAnswer(six.Answer)!.Single()]);
        // Every member of “三个统筹” starts with 统筹: another speaker's point among them would be told by its form alone,
        // so the list is not asked with other speakers' points.
        Assert.DoesNotContain(All(SeedResult()).Select(x => x.Draft.Entry), q => q.Kind is QuestionKinds.Multiple or QuestionKinds.Enumeration
            && q.Question.Contains("三个统筹", StringComparison.Ordinal)
            && q.Options.Any(o => !o.StartsWith("统筹", StringComparison.Ordinal)));
        // 王敬东's points repeat 用力 (an avoided passage): that list is not asked about.
        Assert.DoesNotContain(enumerations, q => q.Question.StartsWith("王敬东", StringComparison.Ordinal));
    }

    [Fact]
    public void Meeting_facts_give_the_date_the_name_and_how_many_spoke()
    {
        var meeting = SeedResult().Files[0].Questions.Select(q => q.Entry).Where(q => q.Kind == QuestionKinds.Meeting).ToList();
        string Right(QuestionFile.QuestionEntry q) => q.Options[QuestionFile.ReadAnswer(q.Answer)!.Single()];
        Assert.Contains(meeting, q => Right(q) == "1月5日");
        Assert.Contains(meeting, q => Right(q) == "学习贯彻党的二十大精神研讨会暨2023年工作务虚会");
        Assert.Contains(meeting, q => Right(q) == "九");
    }

    [Fact]
    public void No_two_drafts_are_near_duplicates_and_ids_are_unique()
    {
        var all = All(SeedResult()).Select(x => x.Draft.Entry).ToList();
        Assert.Equal(all.Count, all.Select(q => q.Id).Distinct().Count());
        for (var i = 0; i < all.Count; i++)
        {
            for (var j = i + 1; j < all.Count; j++) Assert.Null(Similarity.Compare(all[i].Question, all[j].Question));
        }
    }

    [Fact]
    public void A_plain_text_digest_gives_questions_about_its_own_speakers_only()
    {
        var result = PlainResult();
        Assert.Equal(4, result.Files.Count);
        var kinds = All(result).Select(x => x.Draft.Entry.Kind).Distinct().ToList();
        // No cloze: its few passages offer no two wrong terms of the blank's kind, and a cloze without them is not worth asking.
        Assert.Superset(new HashSet<string>([QuestionKinds.Attribution, QuestionKinds.Posts, QuestionKinds.Title,
            QuestionKinds.Enumeration, QuestionKinds.Meeting]), new HashSet<string>(kinds));
        var text = string.Join("\n", All(result).SelectMany(x => x.Draft.Entry.Options.Append(x.Draft.Entry.Question)));
        foreach (var seedSpeaker in new[] { "张良", "潘建新", "王敬东", "司建", "总工会" }) Assert.DoesNotContain(seedSpeaker, text);
        Assert.Contains("欧阳晓东", text);
        var count = Assert.Single(All(result), x => x.Draft.Entry.Question.Contains("重点做好____件实事", StringComparison.Ordinal));
        Assert.Equal("三", count.Draft.Entry.Options[QuestionFile.ReadAnswer(count.Draft.Entry.Answer)!.Single()]);
    }

    [Fact]
    public void Generation_is_deterministic_for_a_seed()
    {
        var again = new Generator(jieba.Nlp, Errata.None).Generate(Repo.PlainDigest, "plain-digest.txt");
        Assert.Equal(All(PlainResult()).Select(x => x.Draft.Entry.Question + string.Join("|", x.Draft.Entry.Options)),
            All(again).Select(x => x.Draft.Entry.Question + string.Join("|", x.Draft.Entry.Options)));
    }

    [Fact]
    public void Written_draft_files_read_back_as_generated_and_pass_lint()
    {
        using var repo = new TempRepo();
        repo.CopySeed();
        var result = SeedResult();
        var output = new StringWriter();
        foreach (var file in result.Files)
        {
            var text = YamlText.File(["generated"], file.Speech, file.Questions.Select(q => (q.Entry, q.Comments)));
            repo.Write($"questions/drafts/{file.FileName}", text);
            var back = QuestionFile.Parse(text);
            Assert.Equal(file.Questions.Select(q => q.Entry.Question), back.Questions.Select(q => q.Question));
            Assert.Equal(file.Questions.Select(q => q.Entry.Options), back.Questions.Select(q => q.Options));
            Assert.Equal(file.Speech.Title, back.Speech.Title);
        }
        Assert.Equal(0, LintCommand.Run([repo.Drafts], output));
    }

    [Fact]
    public void The_generate_command_writes_drafts_and_keeps_a_reviewed_file()
    {
        using var repo = new TempRepo();
        var digest = repo.Write("seeds/plain-digest.txt", Repo.PlainDigest);
        var output = new StringWriter();
        Assert.Equal(0, GenerateCommand.Run([digest, "--out", repo.Drafts], output, _ => jieba.Nlp));
        Assert.Equal(["00-meeting.yaml", "01-s1.yaml", "02-s2.yaml", "03-s3.yaml"],
            Directory.GetFiles(repo.Drafts, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(0, LintCommand.Run([repo.Drafts], new StringWriter()));

        var s1 = Path.Combine(repo.Drafts, "01-s1.yaml");
        File.WriteAllText(s1, File.ReadAllText(s1).Replace("status: draft", "status: rejected\n    reason: test", StringComparison.Ordinal));
        var reviewed = File.ReadAllText(s1);
        Assert.Equal(1, GenerateCommand.Run([digest, "--out", repo.Drafts], output = new StringWriter(), _ => jieba.Nlp));
        Assert.Equal(reviewed, File.ReadAllText(s1));
        Assert.Contains("--force", output.ToString());
    }

    [Fact]
    public void Every_quote_of_a_digest_with_spaced_names_is_credited_to_the_speaker_who_said_it()
    {
        var raw = Repo.TestDigest("spaced-digest.txt");
        var result = new Generator(jieba.Nlp, Errata.None).Generate(raw, "spaced-digest.txt");
        Assert.Equal(7, result.Files.Count);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("speaker line", StringComparison.Ordinal));
        foreach (var (file, speech) in result.Files.Skip(1).Zip(result.Digest.Speeches))
        {
            Assert.Equal(speech.Speaker, file.Speech.Speaker);
            // Posts and title questions quote the speaker line and the heading; every other quote is the speech's own text.
            var own = string.Concat(speech.Paragraphs.Prepend(speech.SpeakerLine).Prepend(Chinese.RemoveWhitespace(speech.Title)));
            Assert.NotEmpty(file.Questions);
            Assert.All(file.Questions, q => Assert.Contains(Chinese.RemoveWhitespace(q.Entry.Quote!), own));
        }
        var text = string.Join("\n", All(result).SelectMany(x => x.Draft.Entry.Options.Append(x.Draft.Entry.Question).Append(x.Draft.Entry.Quote)));
        foreach (var editorial in new[] { "按发言顺序", "江城日报", "责任编辑", "周洁" }) Assert.DoesNotContain(editorial, text);
        var count = Assert.Single(result.Files[0].Questions, q => q.Entry.Question.Contains("几位", StringComparison.Ordinal)).Entry;
        Assert.Equal("六", count.Options[QuestionFile.ReadAnswer(count.Answer)!.Single()]);
    }

    [Fact]
    public void When_the_reader_is_unsure_generate_names_the_speech_and_the_line_and_does_not_ask_how_many_spoke()
    {
        using var repo = new TempRepo();
        var digest = repo.Write("seeds/unsure.txt", Repo.TestDigest("heading-missing.txt"));
        var output = new StringWriter();
        Assert.Equal(1, GenerateCommand.Run([digest, "--out", repo.Drafts], output, _ => jieba.Nlp));
        var console = output.ToString();
        Assert.Contains("2 speeches", console);
        Assert.Contains("warning: line 8 “市科协党组成员、副主席 林 雪” in speech 1 (陈明远) reads like a speaker line", console);
        Assert.Contains("warning: the digest says 3 spoke", console);
        var meeting = QuestionFile.Parse(File.ReadAllText(Path.Combine(repo.Drafts, "00-meeting.yaml")));
        Assert.DoesNotContain(meeting.Questions, q => q.Question.Contains("几位", StringComparison.Ordinal));
        var chen = File.ReadAllText(Path.Combine(repo.Drafts, "01-s1.yaml"));
        Assert.DoesNotContain("科普", chen);
    }

    [Fact]
    public void A_speaker_who_names_the_area_in_their_charge_is_asked_about_it()
    {
        var q = Assert.Single(All(UnionResult()), x => x.Draft.Entry.Kind == QuestionKinds.Responsibility
            && x.Draft.Entry.Question.Contains("分管权益保障工作", StringComparison.Ordinal)).Draft.Entry;
        Assert.Equal("杨文静", q.Options[Right(q).Single()]);
        Assert.Contains("我分管权益保障工作", q.Quote);
    }

    [Fact]
    public void Comparison_answers_are_exactly_the_speakers_whose_speeches_use_the_term()
    {
        var asked = 0;
        foreach (var result in new[] { SeedResult(), UnionResult() })
        {
            var texts = result.Digest.Speeches.ToDictionary(s => s.Speaker, s => string.Concat(s.Paragraphs));
            var comparisons = All(result).Select(x => x.Draft.Entry).Where(q => q.Kind == QuestionKinds.Comparison).ToList();
            asked += comparisons.Count;
            foreach (var q in comparisons)
            {
                var term = q.Question[(q.Question.LastIndexOf('“') + 1)..q.Question.LastIndexOf('”')];
                for (var i = 0; i < q.Options.Count; i++)
                    Assert.Equal(Right(q).Contains(i), texts[q.Options[i]].Contains(term, StringComparison.Ordinal));
                Assert.True(q.Options.Count - Right(q).Count >= 2 || Right(q).Count == 1, q.Question);
            }
        }
        Assert.True(asked >= 5, $"{asked} comparisons");
    }

    [Fact]
    public void A_several_answers_question_has_a_lists_members_right_and_other_speakers_points_wrong()
    {
        var multiples = All(SeedResult()).Where(x => x.Draft.Entry.Kind == QuestionKinds.Multiple).ToList();
        Assert.NotEmpty(multiples);
        foreach (var (file, draft) in multiples)
        {
            var q = draft.Entry;
            var speech = SeedResult().Digest.Speeches.Single(s => s.Speaker == file.Speech.Speaker);
            var members = speech.Lists.SelectMany(l => l.Items).Select(i => i.Lead).ToHashSet();
            Assert.InRange(Right(q).Count, 2, q.Options.Count - 1);
            for (var i = 0; i < q.Options.Count; i++) Assert.Equal(Right(q).Contains(i), members.Contains(q.Options[i]));
            Assert.EndsWith("（多选）", q.Question);
            // It shows the list's members: it shares a family with every other question on that list.
            Assert.Matches("^s[0-9]+-list[0-9]+$", q.Family);
            Assert.All(file.Questions.Where(o => o != draft && o.Entry.Options.Intersect(q.Options.Where((_, i) => Right(q).Contains(i))).Any()),
                o => Assert.Equal(q.Family, o.Entry.Family));
        }
    }

    [Fact]
    public void No_blank_is_a_set_phrase_or_a_very_common_word_and_every_distractor_is_of_the_answers_kind()
    {
        var stock = StockPhrases.Load(StockPhrases.DefaultFile);
        foreach (var result in new[] { SeedResult(), UnionResult(), PlainResult() })
        {
            foreach (var (_, draft) in All(result).Where(x => x.Draft.Entry.Kind == QuestionKinds.Cloze))
            {
                var q = draft.Entry;
                var answer = q.Options[Right(q).Single()];
                Assert.Null(stock.GivesAway(q.Quote, q.Quote.IndexOf(answer, StringComparison.Ordinal), answer));
                Assert.False(Distractors.IsGeneric(jieba.Nlp, answer), answer);
                Assert.All(q.Options.Where(o => o != answer), o => Assert.True(Distractors.SameKind(jieba.Nlp, answer, o)
                    || jieba.Nlp.Thesaurus.AreSiblings(answer, o), $"{o} is not of the kind of {answer}"));
            }
        }
    }

    [Fact]
    public void A_false_judgement_swaps_a_term_for_another_of_its_kind_from_the_digest()
    {
        var falses = All(SeedResult()).Concat(All(UnionResult())).Select(x => x.Draft)
            .Where(d => d.Entry.Kind == QuestionKinds.Judgement && Right(d.Entry).Single() == 1).ToList();
        Assert.NotEmpty(falses);
        foreach (var d in falses)
        {
            // "judgement (false): 职工队伍 swapped for 干部队伍, another speaker's term of the same kind"
            var m = System.Text.RegularExpressions.Regex.Match(d.Comments[0], "false\\): (?<a>\\S+) swapped for (?<b>[^,]+), (?<source>.+)$");
            Assert.True(m.Success, d.Comments[0]);
            Assert.True(Distractors.SameKind(jieba.Nlp, m.Groups["a"].Value, m.Groups["b"].Value, strict: true), d.Comments[0]);
            Assert.NotEqual(Distractor.ThesaurusSibling, m.Groups["source"].Value);
        }
    }

    [Fact]
    public void Drafts_quoting_one_passage_share_a_family_so_all_of_them_can_be_approved()
    {
        foreach (var file in SeedResult().Files.Skip(1).Concat(UnionResult().Files.Skip(1)))
        {
            foreach (var group in file.Questions.GroupBy(q => Similarity.Normalize(q.Entry.Quote)).Where(g => g.Count() > 1))
                Assert.Single(group.Select(q => q.Entry.Family).Distinct());
        }
        var posts = UnionResult().Files[1].Questions.Where(q => q.Entry.Kind == QuestionKinds.Posts).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal("s1-posts", posts[0].Entry.Family);
        Assert.Equal(posts[0].Entry.Family, posts[1].Entry.Family);
    }

    [Fact]
    public void Another_speakers_point_among_a_lists_members_has_the_shape_all_the_members_share()
    {
        foreach (var result in new[] { SeedResult(), UnionResult() })
        {
            foreach (var (file, draft) in All(result).Where(x => x.Draft.Entry.Kind is QuestionKinds.Multiple
                || (x.Draft.Entry.Kind == QuestionKinds.Enumeration && x.Draft.Entry.Question.EndsWith("不在其中？", StringComparison.Ordinal))))
            {
                var speech = result.Digest.Speeches.Single(s => s.Speaker == file.Speech.Speaker);
                var list = speech.Lists.First(l => l.Items.Any(i => draft.Entry.Options.Contains(i.Lead)));
                var members = list.Items.Select(i => i.Lead).ToList();
                var others = draft.Entry.Options.Where(o => !members.Contains(o)).ToList();
                Assert.NotEmpty(others);
                // Nor by its length: within half and twice the members' average.
                var average = members.Average(m => m.Length);
                Assert.All(others, o => Assert.InRange(o.Length, average / 2, average * 2));
                // Quotation marks in every member (要“早”, 要“准”) or one opening word (坚持…): the odd ones have them too.
                if (members.All(m => m.Contains('“'))) Assert.All(others, o => Assert.Contains("“", o));
                if (members.Select(m => m[..2]).Distinct().Count() == 1) Assert.All(others, o => Assert.StartsWith(members[0][..2], o));
            }
        }
    }

    [Fact]
    public void Speakers_are_not_compared_on_a_word_built_on_the_digests_own_subject()
    {
        // In a union digest every speech could say 工会组织 or 基层工会: sharing the word is no shared point.
        var stems = All(UnionResult()).Select(x => x.Draft.Entry)
            .Where(q => q.Kind is QuestionKinds.Comparison or QuestionKinds.Responsibility).Select(q => q.Question).ToList();
        Assert.NotEmpty(stems);
        Assert.DoesNotContain(stems, q => q.Contains("“工会", StringComparison.Ordinal) || q.Contains("工会”", StringComparison.Ordinal));
    }
}
