namespace Session.HallServer.Hosting;

/// <summary>
/// The command line of ARCHITECTURE.md: <c>--urls URL --data-dir DIR [--demo]</c>. Flags without a value are turned into
/// <c>--flag=true</c> for the configuration system; <c>--data-dir</c> and <c>--demo</c> map onto <see cref="HallOptions"/>.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Flags = ["--demo"];

    public static string[] Normalize(string[] args) =>
        args.Select(a => Flags.Contains(a) ? a + "=true" : a).ToArray();

    public static Dictionary<string, string> SwitchMappings => new()
    {
        ["--data-dir"] = "Hall:DataDir",
        ["--demo"] = "Hall:Demo",
        ["--demo-deputies"] = "Hall:DemoDeputies",
    };
}
