using System.Text;

namespace QuizBot.Core.Scores;

/// <summary>
/// RFC 4180 CSV for spreadsheets: UTF-8 with a byte order mark (without it Excel reads Chinese as the ANSI code page), CRLF
/// line ends, fields quoted when they hold a comma, quote or line break. A text field starting with = + - @ or a tab is
/// prefixed with an apostrophe, so a display name can never run as a spreadsheet formula (CSV injection).
/// </summary>
public static class Csv
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder();
        AppendLine(text, header);
        foreach (var row in rows) AppendLine(text, row);
        return [.. Utf8WithBom.GetPreamble(), .. Utf8WithBom.GetBytes(text.ToString())];
    }

    private static void AppendLine(StringBuilder text, IEnumerable<object?> fields)
    {
        text.AppendJoin(',', fields.Select(Field));
        text.Append("\r\n");
    }

    public static string Field(object? value)
    {
        switch (value)
        {
            case null:
                return "";
            case IFormattable number when value is not string:
                return number.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
        }
        var s = value.ToString() ?? "";
        if (s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r') s = "'" + s;
        return s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }
}
