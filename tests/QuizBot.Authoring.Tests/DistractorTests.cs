using QuizBot.Authoring.Generation;
using QuizBot.Authoring.Nlp;
using QuizBot.Authoring.Text;

namespace QuizBot.Authoring.Tests;

[Collection("jieba")]
public sealed class DistractorTests(JiebaFixture jieba)
{
    // Lines in 同义词词林's format: "=" synonyms, "#" words of one kind, "@" a word alone.
    private static readonly Thesaurus Small = Thesaurus.Parse(
    [
        "Hc19A01= 监督 督察 督查",
        "Hc19A02= 监视 盯梢",
        "Hc19B01# 审计 审批 稽核",
        "Dj08C18# 学费 会费 党费 经费",
    ]);

    [Fact]
    public void Words_on_one_synonym_line_are_synonyms_and_never_siblings()
    {
        Assert.True(Small.AreSynonyms("监督", "督察"));
        Assert.False(Small.AreSiblings("监督", "督察"));
        Assert.DoesNotContain("督察", Small.Siblings("监督"));
    }

    [Fact]
    public void Words_of_one_level_four_class_are_close_not_siblings_but_a_related_line_makes_siblings()
    {
        // 监督 / 监视 share the class Hc19A: near-synonyms, often right in the same blank.
        Assert.True(Small.AreClose("监督", "监视"));
        Assert.False(Small.AreSiblings("监督", "监视"));
        // A # line lists words of one kind that are not interchangeable.
        Assert.True(Small.AreSiblings("经费", "会费"));
        Assert.Equal(["学费", "会费", "党费"], Small.Related("经费"));
        // One level-3 class (Hc19), different level-4 classes: of one kind.
        Assert.True(Small.AreSiblings("监督", "审计"));
    }

    [Fact]
    public void The_thesaurus_that_ships_with_jieba_is_loaded()
    {
        var t = jieba.Nlp.Thesaurus;
        Assert.True(t.Contains("监督"));
        Assert.True(t.AreSynonyms("监督", "督察"));
        Assert.Contains("会费", t.Related("经费"));
    }

    private (Corpus Corpus, SpeechInfo Info, Sentence Sentence, Token Term) Find(string speaker, string word)
    {
        var raw = Repo.TestDigest("union-digest.txt");
        var digest = Digests.DigestParser.Parse(raw, Errata.None, "union-digest.txt");
        var corpus = new Corpus(digest, SeedText.Normalize(raw, Errata.None), Errata.None, jieba.Nlp);
        var info = corpus.Speeches.Single(s => s.Speech!.Speaker == speaker);
        foreach (var sentence in info.Sentences)
        {
            var t = info.TokensIn(sentence.Paragraph, sentence.Span).FirstOrDefault(t => t.Word == word);
            if (t.Word is not null) return (corpus, info, sentence, t);
        }
        throw new InvalidOperationException($"{word} not found in {speaker}'s speech");
    }

    [Fact]
    public void A_blank_in_a_numbered_point_is_offered_the_same_kind_of_term_from_the_other_points_first()
    {
        // 一是强化政治监督…；二是加强日常监督…：日常监督 is the parallel member, said of another point.
        var (corpus, info, sentence, term) = Find("郑海涛", "政治监督");
        var wrong = new Distractors(corpus, jieba.Nlp).For(info, sentence, term, 3);
        Assert.Equal(new Distractor("日常监督", Distractor.ListMember), wrong[0]);
        Assert.All(wrong, d => Assert.EndsWith("监督", d.Word));
        Assert.All(wrong, d => Assert.False(jieba.Nlp.AreSynonyms(d.Word, term.Word)));
    }

    private const string TwoSpeakers = """
        做好监督工作 守护职工权益
        ——市总工会党组成员在务虚会上的发言摘编
        3月2日上午，市总工会党组召开务虚会，研究部署全年工作。

        强化监督执纪
        市纪委监委驻市总工会纪检监察组组长 郑 涛
        今年，我们要强化政治监督，紧盯重大决策部署落实情况，确保各项要求落地见效。

        管好工会经费
        市总工会党组成员、经审会主任 吴 红
        经审会要加强审计监督，坚持依法审计，推动审计整改落实到位。我们还将开展财务监督，做到应审尽审。
        """;

    [Fact]
    public void Other_speakers_terms_of_the_same_kind_come_first_then_the_speechs_own()
    {
        var digest = Digests.DigestParser.Parse(TwoSpeakers, Errata.None, "two.txt");
        var corpus = new Corpus(digest, SeedText.Normalize(TwoSpeakers, Errata.None), Errata.None, jieba.Nlp);
        var info = corpus.Speeches[0];
        var sentence = info.Sentences.First(s => s.Text.Contains("政治监督", StringComparison.Ordinal));
        var term = info.TokensIn(sentence.Paragraph, sentence.Span).Single(t => t.Word == "政治监督");
        var wrong = new Distractors(corpus, jieba.Nlp).For(info, sentence, term, 3);
        // 吴红's 审计监督 and 财务监督: other kinds of 监督, said by another speaker, so wrong in 郑涛's sentence.
        Assert.Equal(["审计监督", "财务监督"], wrong.Take(2).Select(d => d.Word).Order(StringComparer.Ordinal));
        Assert.All(wrong.Take(2), d => Assert.Equal(Distractor.OtherSpeaker, d.Source));
    }

    [Fact]
    public void A_numbered_points_parallel_member_comes_before_another_speakers_term()
    {
        // 刘国庆's second point says 激励机制, his third 长效机制.
        var (corpus, info, sentence, term) = Find("刘国庆", "激励机制");
        var wrong = new Distractors(corpus, jieba.Nlp).For(info, sentence, term, 3);
        Assert.Equal(new Distractor("长效机制", Distractor.ListMember), wrong[0]);
        Assert.DoesNotContain(wrong, d => d.Source == Distractor.ThesaurusSibling);
    }

    [Fact]
    public void Same_part_of_speech_and_length_is_not_enough_to_be_a_distractor()
    {
        var (corpus, _, _, _) = Find("郑海涛", "政治监督");
        var d = new Distractors(corpus, jieba.Nlp);
        // The old generator offered these: same length and part of speech, another kind of thing.
        Assert.False(d.SameKind("政治监督", "决策部署"));
        Assert.False(d.SameKind("合法权益", "工会干部"));
        Assert.True(d.SameKind("政治监督", "日常监督"));
        // A counted slogan is not a kind of the answer: 两个维护 is no 权益维护.
        Assert.False(d.SameKind("权益维护", "两个维护"));
    }

    [Fact]
    public void A_blank_inside_a_set_phrase_is_given_away_by_the_phrase()
    {
        var stock = new StockPhrases(["中华民族伟大复兴", "听党话、跟党走", "党的领导"]);
        var text = "团结动员职工听党话跟党走，为实现中华民族伟大复兴而奋斗，坚持党的领导，加强日常监督。";
        Assert.Equal("中华民族伟大复兴", stock.GivesAway(text, text.IndexOf("复兴", StringComparison.Ordinal), "复兴"));
        // Marks are ignored: 听党话、跟党走 matches 听党话跟党走.
        Assert.Equal("听党话跟党走", stock.GivesAway(text, text.IndexOf("跟党走", StringComparison.Ordinal), "跟党走"));
        Assert.Equal("党的领导", stock.GivesAway(text, text.IndexOf("领导", StringComparison.Ordinal), "领导"));
        Assert.Null(stock.GivesAway(text, text.IndexOf("日常监督", StringComparison.Ordinal), "日常监督"));
    }

    [Fact]
    public void The_bundled_set_phrases_are_loaded_beside_the_tool()
    {
        var stock = StockPhrases.Load(StockPhrases.DefaultFile);
        Assert.True(stock.Contains("伟大复兴"));
        Assert.True(stock.Contains("听党话跟党走"));
        Assert.False(stock.Contains("日常监督"));
    }
}
