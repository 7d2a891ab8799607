namespace Session.Fuzz.Tests;

internal static class Repo
{
    /// <summary>The checkout this test was built from: the folder above the build output that holds Session.sln.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Session.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Session.sln above {AppContext.BaseDirectory}");
    }

    public static string Corpus(string target) => Path.Combine(Root, "fuzz", "corpus", target);
}
