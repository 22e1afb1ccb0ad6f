using QuizBot.Authoring.Nlp;

namespace QuizBot.Authoring.Tests;

[Collection("jieba")]
public sealed class TypoScanTests(JiebaFixture jieba)
{
    [Theory]
    [InlineData("要坚持坚持党的领导")]
    [InlineData("体现到干事创业、履职尽责的实际行动中中来")]
    [InlineData("将学习贯彻党的二十大精神and履职尽责贯通起来")]
    [InlineData("使我们党有底气、勇气和勇气进行自我革命")]
    public void The_seeds_typos_would_be_suspected_even_without_errata(string text) =>
        Assert.NotNull(TypoScan.Suspicion(text, jieba.Nlp.Tag(text)));

    [Theory]
    [InlineData("更加奋发有为为推动新时代首都发展")]
    [InlineData("扎扎实实为职工群众做好事、办实事、解难事")]
    [InlineData("坚持“一以贯之、久久为功”的定力")]
    [InlineData("大力弘扬劳模精神、劳动精神、工匠精神")]
    public void Ordinary_text_is_not_suspected(string text) =>
        Assert.Null(TypoScan.Suspicion(text, jieba.Nlp.Tag(text)));
}
