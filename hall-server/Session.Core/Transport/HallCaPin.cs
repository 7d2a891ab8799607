using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Session.Core.Transport;

/// <summary>
/// How the seat gateway and the broadcast trust a hall whose certificate the hall itself issued: they are given the
/// SHA-256 fingerprint of the hall's CA (printed by the hall at start, shown beside every pairing code), fetch the CA's
/// certificate from the hall (<see cref="LoadAsync"/>: public, and checked against the fingerprint, so the channel it
/// comes over need not be trusted), and accept a certificate that chains to exactly that CA and names the host
/// connected to. (A TLS server does not send a self-signed root with its certificate, so the CA cannot come with the
/// handshake.) A certificate the system already trusts (the council's own) is accepted as it is.
/// </summary>
public sealed class HallCaPin
{
    public const string CaPath = "/hall-ca.crt";
    private readonly byte[] _sha256;
    private volatile X509Certificate2? _ca;

    private HallCaPin(byte[] sha256) => _sha256 = sha256;

    /// <summary>A pin of a CA already at hand (read from the hall's data dir).</summary>
    public static HallCaPin Of(X509Certificate2 ca) => new(SHA256.HashData(ca.RawData)) { _ca = ca };

    /// <summary>
    /// Fetches the hall's CA certificate from <c>/hall-ca.crt</c> once. The request does not verify the server: what
    /// comes back is accepted only if its fingerprint is the pinned one, and a forger cannot issue a certificate under it.
    /// </summary>
    public async Task LoadAsync(Uri hall, CancellationToken ct)
    {
        if (_ca is not null || hall.Scheme != Uri.UriSchemeHttps) return;
        using var handler = new System.Net.Http.SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true; // the content is checked below
        using var http = new System.Net.Http.HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
        var pem = await http.GetStringAsync(new Uri(new Uri(hall.GetLeftPart(UriPartial.Authority)), CaPath), ct);
        X509Certificate2 ca;
        try { ca = X509Certificate2.CreateFromPem(pem); }
        catch (CryptographicException) { throw new System.Security.Authentication.AuthenticationException($"{hall.Host}{CaPath} не сертифікат / is not a certificate"); }
        if (!Matches(ca))
            throw new System.Security.Authentication.AuthenticationException(
                $"CA залу має відбиток {FingerprintOf(ca)}, а не налаштований {Fingerprint} / the hall's CA has the fingerprint {FingerprintOf(ca)}, not the configured {Fingerprint}");
        _ca = ca;
    }

    public string Fingerprint => Format(_sha256);

    /// <summary>
    /// Parses <c>AB:CD:…</c> (as the hall and <c>openssl x509 -fingerprint -sha256</c> print it) or 64 hex digits;
    /// null or blank is "no pin". Anything else is refused with a message in Ukrainian and English.
    /// </summary>
    public static HallCaPin? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var hex = text.Trim().Replace(":", "", StringComparison.Ordinal);
        if (hex.StartsWith("sha256/", StringComparison.OrdinalIgnoreCase)) hex = hex["sha256/".Length..];
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            throw new FormatException("Відбиток CA залу — 64 шістнадцяткові цифри (SHA-256), як його друкує зал / " +
                                      "the hall CA's fingerprint is 64 hex digits (SHA-256), as the hall prints it");
        return new HallCaPin(Convert.FromHexString(hex));
    }

    public static string Format(byte[] sha256) => string.Join(':', sha256.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    public static string FingerprintOf(X509Certificate2 certificate) => Format(SHA256.HashData(certificate.RawData));

    public bool Matches(X509Certificate2 certificate) => CryptographicOperations.FixedTimeEquals(SHA256.HashData(certificate.RawData), _sha256);

    /// <summary>A <see cref="RemoteCertificateValidationCallback"/>: the system's verdict, or the pinned CA's.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        // A wrong name or no certificate at all is never excused by the pin.
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            return false;
        if (_ca is not { } ca) return false;
        using var pinned = new X509Chain();
        pinned.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        pinned.ChainPolicy.CustomTrustStore.Add(ca);
        pinned.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        pinned.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // server authentication
        using var leaf = new X509Certificate2(certificate);
        return pinned.Build(leaf);
    }
}
