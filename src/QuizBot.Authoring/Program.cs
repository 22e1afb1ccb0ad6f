using QuizBot.Authoring.Digests;
using QuizBot.Authoring.Text;
var errata = Errata.Load("seeds/errata.yaml");
var d = DigestParser.Parse(File.ReadAllText(args[0]), errata, args[0]);
Console.WriteLine($"T: {d.Title}\nS: {d.Subtitle}");
foreach (var p in d.Intro) Console.WriteLine("I: " + p);
foreach (var s in d.Speeches)
{
    Console.WriteLine($"== {s.Number} {s.Speaker} | {s.Posts} | {s.Title} | paras {s.Paragraphs.Count}");
    foreach (var l in s.Lists)
    {
        Console.WriteLine($"  list {l.Style} n={l.Items.Count} stated={l.StatedCount} intro='{l.Intro}' label={l.Label}");
        foreach (var i in l.Items) Console.WriteLine($"     {i.Ordinal} [{i.Marker}] {i.Lead}");
    }
}
