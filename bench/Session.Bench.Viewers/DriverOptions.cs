namespace Session.Bench.Viewers;

/// <summary>The driver's command line, checked before any socket opens; errors in Ukrainian and English.</summary>
public sealed record DriverOptions(Uri Url, int Viewers, string Council, string Target, int ConnectParallel, ViewerProtocol Protocol, string? Error)
{
    public static DriverOptions Parse(string[] args)
    {
        string? Text(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var url = Text("--url");
        var council = Text("--council") ?? "vyshneva";
        var target = Text("--target") ?? "WatchCouncil";
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "ws" && uri.Scheme != "wss"))
            return Fail("--url має бути адресою ws:// або wss:// / --url must be a ws:// or wss:// address");
        if (!int.TryParse(Text("--viewers") ?? "1000", out var viewers) || viewers < 1)
            return Fail("--viewers має бути додатним цілим числом / --viewers must be a positive whole number");
        if (!int.TryParse(Text("--connect-parallel") ?? "200", out var parallel) || parallel < 1)
            return Fail("--connect-parallel має бути додатним цілим числом / --connect-parallel must be a positive whole number");
        if (council.Any(c => c is '"' or '\\') || target.Any(c => !char.IsAsciiLetterOrDigit(c)))
            return Fail("--council і --target не можуть містити лапок чи зворотних скісних / --council and --target may not hold quotes or backslashes");
        if (ViewerProtocol.Named(Text("--protocol") ?? "json") is not { } protocol)
            return Fail("--protocol має бути json або messagepack / --protocol must be json or messagepack");
        return new DriverOptions(uri, viewers, council, target, parallel, protocol, null);

        DriverOptions Fail(string error) => new(new Uri("ws://invalid"), 0, council, target, 0, ViewerProtocol.Json, error);
    }
}
