namespace Session.HallServer.Tls;

/// <summary>
/// The hall CA for the people who set up tablets, the seat gateway and the broadcast: its certificate to install
/// (<c>/hall-ca.crt</c>) and its fingerprint to compare or to configure (<c>/api/tls</c>). Public: neither is secret.
/// </summary>
public static class TlsApi
{
    public const string CaPath = Session.Core.Transport.HallCaPin.CaPath;

    public sealed record TlsView(string? CaFingerprint, IReadOnlyList<string> Names, string Protocols, bool OwnCertificate);

    public static WebApplication MapTlsApi(this WebApplication app)
    {
        app.MapGet(CaPath, (HallTls tls) => tls.CaPem is { } pem
                ? Results.Text(pem, "application/x-x509-ca-cert")
                : Results.NotFound())
            .WithName("HallCa");
        app.MapGet("/api/tls", (HallTls tls) => TypedResults.Ok(new TlsView(tls.CaFingerprint, tls.Names, HallTls.Protocols, tls.Ca is null)))
            .WithName("Tls");
        return app;
    }
}
