namespace Session.Publishing.Tests.Support;

/// <summary>
/// The schemas in shared/opendata, read in place. Found, in order: <c>SESSION_SHARED_DIR</c> (the folder holding
/// <c>opendata/</c>), then <c>shared/</c> beside the repository root or beside any folder above it — so a clone with
/// shared/ beside it (CI, /work/main) and a git worktree elsewhere (/work/wt-pub) both find it.
/// </summary>
public static class SharedSchemas
{
    public const string EnvironmentVariable = "SESSION_SHARED_DIR";

    public static string OpenDataDir { get; } = Find();

    public static string Ua835(string file) => Path.Combine(OpenDataDir, "ua-835", file);

    public static string PopoloDir => Path.Combine(OpenDataDir, "popolo");

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            var dir = Path.Combine(configured, "opendata");
            return Directory.Exists(dir)
                ? Path.GetFullPath(dir)
                : throw new DirectoryNotFoundException($"{EnvironmentVariable}={configured} has no opendata/ folder");
        }
        var projectDir = typeof(SharedSchemas).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "ProjectDir")?.Value;
        foreach (var start in new[] { projectDir, AppContext.BaseDirectory }.OfType<string>())
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                // The repository root's sibling first (the documented layout), then any ancestor's.
                var candidate = Path.Combine(dir.FullName, "..", "shared", "opendata");
                if (Directory.Exists(Path.Combine(candidate, "ua-835"))) return Path.GetFullPath(candidate);
            }
        throw new DirectoryNotFoundException(
            $"shared/opendata was not found beside the repository or any folder above it; set {EnvironmentVariable} to the folder holding opendata/");
    }
}
