using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using Session.Core.Transport;
using Session.HallServer.Hosting;
using Session.Publishing.Files;

namespace Session.HallServer.Tls;

/// <summary>Hall:Tls:* (docs/security.md "HTTPS").</summary>
public sealed class TlsOptions
{
    /// <summary>The council's own certificate for the hall's name (PFX with its key); empty: the hall CA issues one.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>More names or addresses the hall's certificate must carry (a DNS name the tablets use, a NAT address).</summary>
    public string[] Names { get; set; } = [];

    /// <summary>
    /// Answer plain HTTP from other machines too. Off by default: off loopback, plain HTTP is redirected to HTTPS or
    /// refused. Only behind a proxy on another machine that terminates TLS itself (docs/deploy.md).
    /// </summary>
    public bool AllowPlainHttp { get; set; }

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrEmpty(CertificatePath) && !File.Exists(CertificatePath))
            yield return $"Hall:Tls:CertificatePath: no file {CertificatePath} / файлу {CertificatePath} немає";
        foreach (var n in Names)
            if (string.IsNullOrWhiteSpace(n) || n.Length > 253 || n.Any(c => char.IsWhiteSpace(c) || c is '/' or ':' && !IPAddress.TryParse(n, out _)))
                yield return $"Hall:Tls:Names: «{n}» is not a host name or an IP address / не ім'я хоста й не IP-адреса";
    }
}

/// <summary>
/// The hall's TLS certificate. With Hall:Tls:CertificatePath, the council's own. Otherwise a hall CA made on first
/// start (DATA_DIR/tls/hall-ca.pfx, its certificate also as hall-ca.crt) issues, at every start, a certificate for
/// every name and address of this machine. A client given the CA's fingerprint (<see cref="HallCaPin"/>) fetches the CA
/// from <c>/hall-ca.crt</c>, checks it against the fingerprint and verifies the hall without any certificate store.
/// TLS 1.2 and 1.3 only.
/// </summary>
public sealed class HallTls
{
    public const string CaFileName = "hall-ca.crt";
    public const string Protocols = "TLS 1.2, TLS 1.3";

    public HallTls(IOptions<HallOptions> options, IConfiguration configuration, ILogger<HallTls> log)
    {
        var hall = options.Value;
        var tls = hall.Tls;
        if (!string.IsNullOrEmpty(tls.CertificatePath))
        {
            ServerCertificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.CertificatePassword);
            log.LogInformation("HTTPS with the council's certificate {Subject} (expires {Expires:yyyy-MM-dd})", ServerCertificate.Subject, ServerCertificate.NotAfter);
            return;
        }
        var dir = Path.Combine(hall.DataDir, "tls");
        Directory.CreateDirectory(dir);
        Ca = LoadOrCreateCa(Path.Combine(dir, "hall-ca.pfx"), out var created);
        CaPem = Ca.ExportCertificatePem();
        AtomicFile.Write(Path.Combine(dir, CaFileName), System.Text.Encoding.ASCII.GetBytes(CaPem));
        CaFingerprint = HallCaPin.FingerprintOf(Ca);
        Names = MachineNames(tls.Names, (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        ServerCertificate = Issue(Ca, Names);
        if (created) log.LogInformation("Made the hall CA {Path}", Path.Combine(dir, "hall-ca.pfx"));
    }

    public X509Certificate2 ServerCertificate { get; }
    /// <summary>The hall CA (with its key), or null with the council's own certificate.</summary>
    public X509Certificate2? Ca { get; }
    public string? CaPem { get; }
    public string? CaFingerprint { get; }
    public IReadOnlyList<string> Names { get; } = [];

    /// <summary>Kestrel's defaults for every https:// address: this certificate, TLS 1.2+.</summary>
    public void Apply(HttpsConnectionAdapterOptions https)
    {
        https.ServerCertificate = ServerCertificate;
        https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
    }

    private static X509Certificate2 LoadOrCreateCa(string path, out bool created)
    {
        created = false;
        if (File.Exists(path)) return X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.Exportable);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN=Session hall CA {Environment.MachineName} {DateTime.UtcNow:yyyy-MM-dd}, O=Session", key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        using var ca = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(20));
        AtomicFile.Write(path, ca.Export(X509ContentType.Pkcs12));
        Auth.Secrets.MakePrivate(path);
        created = true;
        return X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>A server certificate for these names, signed by the CA, valid a year (a new one at every start).</summary>
    public static X509Certificate2 Issue(X509Certificate2 ca, IReadOnlyList<string> names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={names[0]}, O=Session", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var n in names)
            if (IPAddress.TryParse(n, out var ip)) san.AddIpAddress(ip);
            else san.AddDnsName(n);
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var notAfter = DateTimeOffset.UtcNow.AddYears(1);
        if (notAfter > ca.NotAfter) notAfter = ca.NotAfter;
        using var issued = req.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12 so that the key is one SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>localhost, this machine's name and addresses, the hosts of --urls and Hall:Tls:Names.</summary>
    public static IReadOnlyList<string> MachineNames(IEnumerable<string> extra, IEnumerable<string> urls)
    {
        var names = new List<string> { "localhost" };
        void Add(string n) { if (!string.IsNullOrWhiteSpace(n) && !names.Contains(n, StringComparer.OrdinalIgnoreCase)) names.Add(n); }
        foreach (var n in extra) Add(n.Trim());
        foreach (var u in urls)
            if (Uri.TryCreate(u.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                && uri.Host is not ("0.0.0.0" or "[::]" or "::"))
                Add(uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns ? "localhost" : uri.Host.Trim('[', ']'));
        Add(Dns.GetHostName());
        Add(IPAddress.Loopback.ToString());
        Add(IPAddress.IPv6Loopback.ToString());
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus != OperationalStatus.Down))
                foreach (var a in nic.GetIPProperties().UnicastAddresses)
                    if (a.Address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 && !a.Address.IsIPv6LinkLocal)
                        Add(a.Address.ToString());
        }
        catch (NetworkInformationException) { }
        return names;
    }
}
