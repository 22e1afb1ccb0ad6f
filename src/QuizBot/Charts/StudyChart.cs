using QuizBot.Core.Scores;
using ScottPlot;
using SkiaSharp;

namespace QuizBot.Charts;

/// <summary>
/// The /me chart: answers per day as bars (left axis) and accuracy as a line (right axis, days without answers left out),
/// rendered to PNG with ScottPlot. Text is drawn only with the embedded <see cref="ChartFont"/>, so Chinese labels look the
/// same on a server without any CJK font installed (docs/scores.md, "Chart fonts").
/// </summary>
internal static class StudyChart
{
    public const int Width = 800;
    public const int Height = 450;

    private static readonly Color Bars = Color.FromHex("#8EB8E5");
    private static readonly Color Line = Color.FromHex("#D1495B");

    /// <summary>
    /// Charts drawn at once: one per core. Drawing is all CPU, so more at a time only adds their bitmaps and encoders to
    /// memory (a burst of /me in many chats, docs/benchmarks.md "Memory"); the rest wait their turn.
    /// </summary>
    private static readonly SemaphoreSlim Drawing = new(Environment.ProcessorCount);

    public static async Task<byte[]> RenderPngAsync(IReadOnlyList<DayActivity> days, CancellationToken ct)
    {
        await Drawing.WaitAsync(ct);
        try
        {
            return RenderPng(days);
        }
        finally
        {
            Drawing.Release();
        }
    }

    public static byte[] RenderPng(IReadOnlyList<DayActivity> days)
    {
        ChartFont.Register();
        var plot = new Plot();
        var xs = Enumerable.Range(0, days.Count).Select(i => (double)i).ToArray();

        var bars = plot.Add.Bars(xs, days.Select(d => (double)d.Answered).ToArray());
        bars.Color = Bars;
        foreach (var bar in bars.Bars)
        {
            bar.LineWidth = 0;
            bar.Size = 0.7;
        }

        var answered = days.Select((d, i) => (d, i)).Where(x => x.d.Accuracy is not null).ToArray();
        var accuracy = plot.Add.Scatter(answered.Select(x => (double)x.i).ToArray(), answered.Select(x => 100 * x.d.Accuracy!.Value).ToArray());
        accuracy.Axes.YAxis = plot.Axes.Right;
        accuracy.Color = Line;
        accuracy.LineWidth = 2;
        accuracy.MarkerSize = 6;

        plot.Title(Texts.ChartTitle(days.Count));
        plot.Axes.Title.Label.FontSize = 20;
        plot.Axes.Bottom.Label.Text = Texts.ChartLegend;
        plot.Axes.Bottom.Label.FontSize = 14;
        // A date every fifth day, counted back from today so today always has its label.
        var ticks = xs.Where(i => (days.Count - 1 - (int)i) % 5 == 0).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks,
            ticks.Select(i => Texts.ChartDay(days[(int)i].Day)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Right.TickGenerator = new ScottPlot.TickGenerators.NumericManual([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"]);
        plot.Axes.SetLimitsX(-0.7, days.Count - 0.3);
        plot.Axes.SetLimitsY(0, Math.Max(5, days.Max(d => d.Answered) * 1.15), plot.Axes.Left);
        plot.Axes.SetLimitsY(0, 105, plot.Axes.Right);
        plot.Font.Set(ChartFont.Family); // after every label is made: Set applies to the labels that exist

        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}

/// <summary>
/// Charts/Fonts/QuizBotChartSans.otf: the characters of Charts/Fonts/glyphs.txt cut from Noto Sans CJK SC (SIL OFL 1.1),
/// about 60 KB, embedded in the assembly and handed to ScottPlot by name.
/// </summary>
internal static class ChartFont
{
    public const string Family = "QuizBot Chart Sans";
    private const string Resource = "QuizBot.Charts.QuizBotChartSans.otf";

    private static readonly Lazy<SKTypeface> Face = new(() =>
    {
        using var stream = typeof(ChartFont).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The chart font {Resource} is not embedded in the assembly");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"The chart font {Resource} is not a font");
    });

    private static readonly Lazy<bool> Registered = new(() =>
    {
        ScottPlot.Fonts.FontResolvers.Insert(0, new Resolver());
        return true;
    });

    public static SKTypeface Typeface => Face.Value;

    /// <summary>Once per process, before the first plot (ScottPlot keeps its resolvers in a static list).</summary>
    public static void Register() => _ = Registered.Value;

    /// <summary>True when every character of <paramref name="text"/> has a glyph in the embedded font.</summary>
    public static bool Covers(string text)
    {
        using var font = new SKFont(Typeface);
        return font.ContainsGlyphs(text);
    }

    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fontName == Family ? Typeface : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            fontName == Family ? Typeface : null;
    }
}
