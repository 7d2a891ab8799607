namespace Session.Publishing.Tests.Support;

/// <summary>The schemas in ../shared/opendata beside the repository (CI clones the repo with shared/ beside it), read in place.</summary>
public static class SharedSchemas
{
    public static string OpenDataDir { get; } = Find();

    public static string Ua835(string file) => Path.Combine(OpenDataDir, "ua-835", file);

    public static string PopoloDir => Path.Combine(OpenDataDir, "popolo");

    private static string Find()
    {
        var projectDir = typeof(SharedSchemas).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "ProjectDir")?.Value;
        foreach (var start in new[] { projectDir, AppContext.BaseDirectory }.OfType<string>())
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Directory.Build.props"))) continue;
            var candidate = Path.Combine(dir.FullName, "..", "shared", "opendata");
            if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException("../shared/opendata was not found beside the repository root (the directory holding Directory.Build.props)");
    }
}
