using QuizBot.Charts;
using QuizBot.Core.Scores;
using SkiaSharp;

namespace QuizBot.Tests;

public sealed class ChartTests
{
    [Fact]
    public void The_embedded_chart_font_has_every_character_the_chart_draws()
    {
        var days = Enumerable.Range(0, 366).Select(i => Texts.ChartDay(new DateOnly(2028, 1, 1).AddDays(i)));
        foreach (var text in new[] { Texts.ChartTitle(30), Texts.ChartLegend, "0%25%50%75%100%0123456789" }.Concat(days))
            Assert.True(ChartFont.Covers(text), $"Charts/Fonts/QuizBotChartSans.otf lacks a glyph of \"{text}\": add it to glyphs.txt and run make-font.sh");
    }

    [Fact]
    public void The_embedded_font_does_not_cover_arbitrary_chinese_so_the_check_above_means_something() =>
        Assert.False(ChartFont.Covers("鑫"));

    [Fact]
    public void The_chart_is_a_png_of_the_documented_size()
    {
        var today = new DateOnly(2026, 3, 30);
        var days = Enumerable.Range(0, 30).Select(i => new DayActivity(today.AddDays(i - 29), i % 4 == 0 ? 0 : i, i % 4 == 0 ? 0 : i / 2)).ToList();
        var png = StudyChart.RenderPng(days);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((StudyChart.Width, StudyChart.Height), (bitmap.Width, bitmap.Height));
    }
}
