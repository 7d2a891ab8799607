namespace Session.HallServer.Hosting;

/// <summary>The rate limits (section <c>Hall:RateLimits</c>); every refusal is 429 with Retry-After, or a typed hub refusal.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Wrong passwords for one login (from any address) within <see cref="LoginWindow"/> before the login is held for <see cref="LoginWindow"/>.</summary>
    public int LoginFailuresPerAccount { get; set; } = 5;

    /// <summary>The window of <see cref="LoginFailuresPerAccount"/>.</summary>
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Login attempts (right or wrong, any login) from one client address per minute.</summary>
    public int LoginAttemptsPerAddressPerMinute { get; set; } = 30;

    /// <summary>Remote devices' enrolment and sign-in requests (options and answers) per client address and minute.</summary>
    public int RemoteAttemptsPerAddressPerMinute { get; set; } = 30;

    /// <summary>Registry and other REST writes (POST, PUT, DELETE under /api) from one client address per minute.</summary>
    public int WritesPerAddressPerMinute { get; set; } = 600;

    /// <summary>Hub method invocations per connection per second (bursts up to twice as many).</summary>
    public int HubInvocationsPerSecond { get; set; } = 20;

    /// <summary>A seat gateway speaks for a whole hall: its connection gets this many times the hub limit.</summary>
    public int GatewayMultiplier { get; set; } = 100;

    /// <summary>Wrong PINs for one deputy, from any terminal, within <see cref="PinDeputyWindow"/> before that deputy's PIN identification is held.</summary>
    public int PinFailuresPerDeputy { get; set; } = 5;

    public TimeSpan PinDeputyWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a deputy's PIN identification is held once tripped (a card still identifies).</summary>
    public TimeSpan PinDeputyHold { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong PINs from one terminal, for any deputies, within <see cref="PinTerminalWindow"/> before the terminal's PIN entry is held.</summary>
    public int PinFailuresPerTerminal { get; set; } = 5;

    public TimeSpan PinTerminalWindow { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan PinTerminalHold { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<string> Validate()
    {
        if (PinFailuresPerDeputy is < 1 or > 100) yield return "Hall:RateLimits:PinFailuresPerDeputy must be between 1 and 100";
        if (PinFailuresPerTerminal is < 1 or > 100) yield return "Hall:RateLimits:PinFailuresPerTerminal must be between 1 and 100";
        if (PinDeputyWindow <= TimeSpan.Zero) yield return "Hall:RateLimits:PinDeputyWindow must be positive";
        if (PinTerminalWindow <= TimeSpan.Zero) yield return "Hall:RateLimits:PinTerminalWindow must be positive";
        if (PinDeputyHold <= TimeSpan.Zero || PinDeputyHold > TimeSpan.FromDays(1)) yield return "Hall:RateLimits:PinDeputyHold must be positive and at most a day";
        if (PinTerminalHold <= TimeSpan.Zero || PinTerminalHold > TimeSpan.FromDays(1)) yield return "Hall:RateLimits:PinTerminalHold must be positive and at most a day";
        if (LoginFailuresPerAccount is < 1 or > 100) yield return "Hall:RateLimits:LoginFailuresPerAccount must be between 1 and 100";
        if (LoginWindow <= TimeSpan.Zero) yield return "Hall:RateLimits:LoginWindow must be positive";
        if (LoginAttemptsPerAddressPerMinute < 1) yield return "Hall:RateLimits:LoginAttemptsPerAddressPerMinute must be at least 1";
        if (RemoteAttemptsPerAddressPerMinute < 1) yield return "Hall:RateLimits:RemoteAttemptsPerAddressPerMinute must be at least 1";
        if (WritesPerAddressPerMinute < 1) yield return "Hall:RateLimits:WritesPerAddressPerMinute must be at least 1";
        if (HubInvocationsPerSecond < 1) yield return "Hall:RateLimits:HubInvocationsPerSecond must be at least 1";
        if (GatewayMultiplier < 1) yield return "Hall:RateLimits:GatewayMultiplier must be at least 1";
    }
}
