namespace Session.HallServer.Hosting;

/// <summary>
/// Where the browser consoles are: <c>--web-root DIR</c>, else <c>wwwroot</c> beside the server (a deployment copies
/// deputy-console/dist there), else the repository's <c>deputy-console/dist</c> (a build from source, tests).
/// </summary>
public static class WebRoot
{
    public static string Find(string[] args)
    {
        var i = Array.IndexOf(args, "--web-root");
        if (i >= 0 && i + 1 < args.Length) return Path.GetFullPath(args[i + 1]);
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        // A wwwroot without the consoles (an empty folder left by an earlier run) is no deployment: look further.
        if (File.Exists(Path.Combine(beside, "index.html"))) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dist = Path.Combine(dir.FullName, "deputy-console", "dist");
            if (File.Exists(Path.Combine(dist, "index.html"))) return dist;
        }
        return beside;
    }
}
