namespace Session.HallServer.Hosting;

/// <summary>
/// The command line of ARCHITECTURE.md: <c>--urls URL --data-dir DIR [--demo]</c>. Flags without a value are turned into
/// <c>--flag=true</c> for the configuration system; <c>--data-dir</c> and <c>--demo</c> map onto <see cref="HallOptions"/>.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Flags = ["--demo"];

    /// <summary>The tools that run and exit instead of starting the server, by their first positional word.</summary>
    public static readonly string[] Tools = ["backup", "restore", "relay", "version"];

    /// <summary>
    /// The tool asked for, or null to start the server: a first argument that is a bare word (not an option, not a
    /// <c>key=value</c> setting). An unknown word is returned too, so the tool's parser can say it is unknown.
    /// </summary>
    public static string? Tool(string[] args) =>
        args is [var first, ..] && first.Length > 0 && first.All(char.IsAsciiLetterLower) ? first : null;

    public static string[] Normalize(string[] args) =>
        args.Select(a => Flags.Contains(a) ? a + "=true" : a).ToArray();

    public static Dictionary<string, string> SwitchMappings => new()
    {
        ["--data-dir"] = "Hall:DataDir",
        ["--demo"] = "Hall:Demo",
        ["--demo-deputies"] = "Hall:DemoDeputies",
        ["--demo-councils"] = "Hall:DemoCouncils",
    };
}
