using QuizBot.Authoring.Nlp;
using QuizBot.Authoring.Text;

namespace QuizBot.Authoring.Tests;

/// <summary>Paths of the repository the tests run in: the seed, its errata and the test digests.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Seeds => Path.Combine(Root, "seeds");
    public static string SeedFile => Path.Combine(Seeds, "000_b2f9a729e3f4e4a3.txt");
    public static string SeedText => File.ReadAllText(SeedFile);
    public static Errata Errata => Errata.Load(Path.Combine(Seeds, "errata.yaml"));
    public static string PlainDigest => TestDigest("plain-digest.txt");

    /// <summary>A digest written for the tests, in <c>Data/</c>.</summary>
    public static string TestDigest(string name) => File.ReadAllText(TestDigestPath(name));

    public static string TestDigestPath(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "QuizBot.sln"))) return d.FullName;
        }
        throw new InvalidOperationException("QuizBot.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>jieba takes half a second and 100 MB to load, and its dictionaries are process-wide: load it once per run.</summary>
public sealed class JiebaFixture
{
    internal Jieba Nlp { get; } = Jieba.Load([Jieba.DefaultUserDictionary]);
}

[CollectionDefinition("jieba")]
public sealed class JiebaCollection : ICollectionFixture<JiebaFixture>;

/// <summary>A scratch folder laid out like the repository (questions/, questions/drafts/, seeds/), deleted afterwards.</summary>
public sealed class TempRepo : IDisposable
{
    public TempRepo()
    {
        Root = Path.Combine(Path.GetTempPath(), "quizbot-authoring-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Drafts);
        Directory.CreateDirectory(Seeds);
    }

    public string Root { get; }
    public string Questions => Path.Combine(Root, "questions");
    public string Drafts => Path.Combine(Questions, "drafts");
    public string Seeds => Path.Combine(Root, "seeds");

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void CopySeed()
    {
        File.Copy(Repo.SeedFile, Path.Combine(Seeds, Path.GetFileName(Repo.SeedFile)));
        File.Copy(Path.Combine(Repo.Seeds, "errata.yaml"), Path.Combine(Seeds, "errata.yaml"));
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { } // a scratch folder left behind in /tmp harms nothing
    }
}
