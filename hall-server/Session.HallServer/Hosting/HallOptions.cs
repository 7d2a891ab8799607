namespace Session.HallServer.Hosting;

/// <summary>The hall server's settings (section "Hall" or the command line: --data-dir, --demo).</summary>
public sealed class HallOptions
{
    /// <summary>Where the journal, the registry, keys and published files live.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Seed the demo council and sittings on first start.</summary>
    public bool Demo { get; set; }

    /// <summary>Deputies in the demo council (26 plus the head by default; larger for load tests).</summary>
    public int DemoDeputies { get; set; } = 26;

    /// <summary>How often tallies and the chair's seat map are pushed at most during a burst.</summary>
    public TimeSpan FanoutInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Largest hub message accepted, in bytes; bigger ones close the connection.</summary>
    public long MaxMessageBytes { get; set; } = 32 * 1024;

    /// <summary>How long a secretary's login lasts.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(14);

    /// <summary>The council's signing certificate (PFX); empty: a demo self-signed one in DATA_DIR/council-demo.pfx.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>The public site's address, for absolute links in the open data; null: relative links.</summary>
    public string? PublicBaseUrl { get; set; }

    public string JournalPath => Path.Combine(DataDir, "journal.db");
    public string RegistryPath => Path.Combine(DataDir, "registry.db");
    public string OpenDataDir => Path.Combine(DataDir, "opendata");

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDir)) yield return "Hall:DataDir (--data-dir) must name a folder";
        if (FanoutInterval < TimeSpan.Zero || FanoutInterval > TimeSpan.FromSeconds(1)) yield return "Hall:FanoutInterval must be between 0 and 1 second";
        if (DemoDeputies is < 14 or > 2000) yield return "Hall:DemoDeputies (--demo-deputies) must be between 14 and 2000";
        if (MaxMessageBytes < 1024) yield return "Hall:MaxMessageBytes must be at least 1024";
    }
}
