using System.Text;
using QuizBot.Core.Scores;

namespace QuizBot.Core.Tests;

public sealed class StudyRecordsTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static long LocalMs(int day, int hour) =>
        new DateTimeOffset(2026, 3, day, hour, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

    [Fact]
    public void Daily_activity_counts_answers_per_local_day_and_keeps_empty_days()
    {
        AnswerFact[] answers =
        [
            new(1, LocalMs(9, 23), true, 10),
            new(1, LocalMs(10, 0), false, 0), // just after midnight: the 10th
            new(1, LocalMs(10, 8), true, 10),
            new(1, LocalMs(1, 8), true, 10),  // before the window
        ];
        var days = StudyRecords.Daily(answers, Shanghai, new DateOnly(2026, 3, 10), 3);
        Assert.Equal([new(new DateOnly(2026, 3, 8), 0, 0), new(new DateOnly(2026, 3, 9), 1, 1), new DayActivity(new DateOnly(2026, 3, 10), 2, 1)], days);
        Assert.Null(days[0].Accuracy);
        Assert.Equal(0.5, days[2].Accuracy);
    }

    [Fact]
    public void Member_records_count_days_answers_points_and_the_longest_run_best_first()
    {
        AnswerFact[] answers =
        [
            new(1, LocalMs(2, 9), true, 10), new(1, LocalMs(3, 9), true, 10), new(1, LocalMs(3, 20), false, 0), new(1, LocalMs(9, 9), true, 10),
            new(2, LocalMs(5, 9), true, 20), new(2, LocalMs(5, 10), true, 20),
        ];
        var members = StudyRecords.Members(answers, Shanghai);
        Assert.Equal([new MemberMonth(2, 1, 2, 2, 40, 1), new MemberMonth(1, 3, 4, 3, 30, 2)], members);
    }

    [Fact]
    public void Csv_starts_with_a_utf8_byte_order_mark_and_uses_crlf()
    {
        var bytes = Csv.Write(["姓名", "积分"], [["张三", 10L]]);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal("姓名,积分\r\n张三,10\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("普通名字", "普通名字")]
    public void Csv_fields_are_quoted_and_formulas_defused(string value, string expected) => Assert.Equal(expected, Csv.Field(value));

    [Fact]
    public void Csv_numbers_are_written_invariantly_and_negative_numbers_stay_numbers()
    {
        Assert.Equal("0.5", Csv.Field(0.5));
        Assert.Equal("-1001234", Csv.Field(-1001234L));
        Assert.Equal("", Csv.Field(null));
    }
}
