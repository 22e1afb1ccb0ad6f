using System.Text;

namespace QuizBot.Core.Text;

/// <summary>
/// Text as people type it. Chinese input methods give full-width forms: digits (０７), letters (ｍｏｎｔｈ), punctuation
/// (：－／．) and the ideographic space (U+3000). Every argument is read after NFKC normalisation, which maps them to
/// their ASCII twins, so "/daily ０７：３０" means 07:30. Digits of other scripts (Arabic-Indic ٠٧, Devanagari ०७) have no
/// such twin and stay as they are; parsers match ASCII digits only ([0-9], never \d), so those get the usage reply.
/// </summary>
public static class TypedText
{
    /// <summary>NFKC, trimmed; "" for null. Text that is not valid Unicode (a lone surrogate) is only trimmed.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        try
        {
            return text.Normalize(NormalizationForm.FormKC).Trim();
        }
        catch (ArgumentException)
        {
            return text.Trim(); // Normalize refuses ill-formed UTF-16; no parser accepts such text anyway
        }
    }
}
