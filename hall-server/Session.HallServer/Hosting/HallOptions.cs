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

    /// <summary>
    /// Demo councils to seed (1 or 2): the hall appliance's demo is one village council; a regional host's demo
    /// (<c>scripts/cluster.sh</c>) adds a second, smaller one, so one cluster visibly serves two hromadas.
    /// </summary>
    public int DemoCouncils { get; set; } = 1;

    /// <summary>How often tallies and the chair's seat map are pushed at most during a burst.</summary>
    public TimeSpan FanoutInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Largest hub message accepted, in bytes; bigger ones close the connection.</summary>
    public long MaxMessageBytes { get; set; } = 32 * 1024;

    /// <summary>How long a staff login lasts at most, however busy (absolute expiry).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(14);

    /// <summary>A staff login unused this long ends (idle expiry); a live console connection counts as use.</summary>
    public TimeSpan TokenIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Origins (<c>https://rada.example.gov.ua</c>) whose pages may open the hubs besides the server's own origin;
    /// a hub request from any other Origin is refused with 403. Native clients send no Origin and are not affected.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// The reverse proxies (nginx of a regional host) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are
    /// believed: a request from one of these addresses is the client's, as the proxy saw it (its last hop only), for the
    /// per-address limits, the audit and the HTTPS rule. Empty (the default, the hall appliance): no header is believed.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>Passkeys for remote sittings (docs/security.md "Remote sittings"): the DNS name they are bound to.</summary>
    public Auth.PasskeyOptions Passkeys { get; set; } = new();

    /// <summary>Rate limits on logins, registry writes and hub methods (docs/security.md).</summary>
    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>The council's signing certificate (PFX); empty: a demo self-signed one in DATA_DIR/council-demo.pfx.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>HTTPS: the council's certificate or the hall CA, and whether plain HTTP is answered off loopback (Hall:Tls:*).</summary>
    public Tls.TlsOptions Tls { get; set; } = new();

    /// <summary>The embedded Orleans silo's ports; null (the default): any free port, chosen at start.</summary>
    public int? SiloPort { get; set; }
    public int? GatewayPort { get; set; }

    /// <summary>Largest document (PDF) or import file accepted, in bytes.</summary>
    public long MaxDocumentBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>The public site's address, for absolute links in the open data; null: relative links.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The sittings' recordings uploaded by the broadcast (Hall:Recordings:MaxBytes); docs/api.md "Recordings".</summary>
    public Recordings.RecordingOptions Recordings { get; set; } = new();

    /// <summary>The backup schedule (Hall:Backup:Dir, Daily, OnSittingClose, Keep); docs/operations.md.</summary>
    public Backup.BackupOptions Backup { get; set; } = new();

    /// <summary>The public relay the hall starts for the audience (Hall:PublicRelay:*); docs/hall-server.md.</summary>
    public Relay.PublicRelayOptions PublicRelay { get; set; } = new();

    /// <summary>Where the journal and the registry live: <c>sqlite</c> (the default) or <c>postgres</c>; docs/deploy.md.</summary>
    public string Storage { get; set; } = Session.HallServer.Storage.StorageSetup.Sqlite;

    /// <summary>PostgreSQL's connection string when <see cref="Storage"/> is <c>postgres</c> (or ConnectionStrings:Session).</summary>
    public Session.HallServer.Storage.PostgresOptions Postgres { get; set; } = new();

    /// <summary>The regional host: Orleans and SignalR on Redis (Hall:Cluster:*); docs/deploy.md.</summary>
    public Cluster.ClusterOptions Cluster { get; set; } = new();

    public string JournalPath => Path.Combine(DataDir, "journal.db");
    public string RegistryPath => Path.Combine(DataDir, "registry.db");
    public string OpenDataDir => Path.Combine(DataDir, "opendata");

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDir)) yield return "Hall:DataDir (--data-dir) must name a folder";
        if (FanoutInterval < TimeSpan.Zero || FanoutInterval > TimeSpan.FromSeconds(1)) yield return "Hall:FanoutInterval must be between 0 and 1 second";
        if (DemoDeputies is < 14 or > 2000) yield return "Hall:DemoDeputies (--demo-deputies) must be between 14 and 2000";
        if (DemoCouncils is < 1 or > 2) yield return "Hall:DemoCouncils (--demo-councils) must be 1 or 2";
        if (MaxMessageBytes < 1024) yield return "Hall:MaxMessageBytes must be at least 1024";
        if (MaxDocumentBytes < 1024) yield return "Hall:MaxDocumentBytes must be at least 1024";
        if (SiloPort is < 1 or > 65535) yield return "Hall:SiloPort must be a TCP port (1–65535)";
        if (GatewayPort is < 1 or > 65535) yield return "Hall:GatewayPort must be a TCP port (1–65535)";
        if (!string.IsNullOrWhiteSpace(DataDir))
            foreach (var problem in Backup.Validate(DataDir)) yield return problem;
        if (TokenLifetime <= TimeSpan.Zero) yield return "Hall:TokenLifetime must be positive";
        if (TokenIdleTimeout <= TimeSpan.Zero) yield return "Hall:TokenIdleTimeout must be positive";
        foreach (var o in AllowedOrigins)
            if (!Uri.TryCreate(o, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") || u.AbsolutePath != "/")
                yield return $"Hall:AllowedOrigins: «{o}» is not an origin like https://rada.example.gov.ua";
        foreach (var p in TrustedProxies)
            if (!System.Net.IPAddress.TryParse(p, out _))
                yield return $"Hall:TrustedProxies: «{p}» не IP-адреса проксі / is not a proxy's IP address like 10.0.0.5";
        foreach (var p in RateLimits.Validate()) yield return p;
        foreach (var p in Recordings.Validate()) yield return p;
        foreach (var p in PublicRelay.Validate()) yield return p;
        foreach (var p in Cluster.Validate()) yield return p;
        foreach (var p in Tls.Validate()) yield return p;
    }
}
