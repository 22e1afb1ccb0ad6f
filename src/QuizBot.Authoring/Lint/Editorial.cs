using QuizBot.Authoring.Text;
using QuizBot.Core.Questions;

namespace QuizBot.Authoring.Lint;

/// <summary>
/// The editorial rules on top of the structural BankRules (docs/question-bank.md): shared by lint and by the generator's
/// gates, so a generated draft can never fail lint for a reason the generator could have seen.
/// </summary>
internal static class Editorial
{
    public static IEnumerable<string> Check(QuestionFile.QuestionEntry q, SeedCorpus seeds)
    {
        if (q.Status == QuestionStatus.Rejected) yield break;

        foreach (var (field, text) in Texts(q))
        {
            foreach (var typo in seeds.Errata.TyposIn(text))
                yield return $"{field} shows the source typo '{typo.Wrong}'; write '{typo.Right}' (seeds/errata.yaml)";
        }

        var quote = q.Quote.Trim();
        if (quote.Length > 0)
        {
            if (seeds.Find(quote).Count == 0)
                yield return "quote not found in seeds/ (after whitespace and errata normalisation)";
            else if (seeds.OnlyInAvoided(quote))
                yield return "quote lies in a passage seeds/errata.yaml marks avoid: its right reading is unknown";
        }

        if (q.Kind == QuestionKinds.Cloze && QuestionFile.ReadAnswer(q.Answer) is { } answer)
        {
            var normalizedQuote = seeds.Errata.Normalize(quote);
            foreach (var i in answer.Where(i => i >= 0 && i < q.Options.Count))
            {
                var option = seeds.Errata.Normalize(q.Options[i]);
                if (!normalizedQuote.Contains(option, StringComparison.Ordinal))
                    yield return $"cloze answer '{q.Options[i].Trim()}' is not in its quote";
            }
        }
    }

    private static IEnumerable<(string Field, string Text)> Texts(QuestionFile.QuestionEntry q)
    {
        yield return ("question", q.Question);
        for (var i = 0; i < q.Options.Count; i++) yield return ($"option {i}", q.Options[i] ?? "");
        yield return ("explanation", q.Explanation);
        yield return ("quote", q.Quote);
    }
}
