using Session.Publishing.Signing;
using Session.Publishing.Tests.Fixtures;

namespace Session.Publishing.Tests.Support;

/// <summary>The rich sample sitting published once, final, with an ECDSA demo certificate; shared by read-only tests.</summary>
public sealed class Published : IDisposable
{
    private readonly TempDir _dir = new();

    public X509Signer Signer { get; }
    public string Folder { get; }
    public PublicationResult Result { get; }
    public PublishOptions Options { get; }

    public Published()
    {
        var (cert, _) = CertificateSource.LoadOrCreateDemo(System.IO.Path.Combine(_dir.Path, "council.pfx"), "demo", "Їжівська сільська рада");
        Signer = new X509Signer(cert);
        var s = SampleSittings.Rich();
        Options = new PublishOptions
        {
            OutputDir = System.IO.Path.Combine(_dir.Path, "opendata"),
            Signer = Signer,
            Final = true,
            BaseUrl = "https://rada.example.gov.ua",
            Profile = Profiles.For(s.Sitting.Roster),
        };
        Result = SittingPublisher.PublishAsync(s.Sitting, s.Journal, Options, CancellationToken.None).GetAwaiter().GetResult();
        Folder = Result.Folder;
    }

    public string File(string relative) => System.IO.Path.Combine(Folder, relative);

    public void Dispose()
    {
        Signer.Dispose();
        _dir.Dispose();
    }
}

public static class Profiles
{
    /// <summary>A complete annex-30 profile per deputy, as a council's configuration would give it.</summary>
    internal static OpenDataProfile For(Session.Core.Council.Roster roster) => new()
    {
        ConvocationFrom = new DateOnly(2020, 11, 20),
        // A running convocation: its end is not configured, the publisher writes the nominal one.
        ConvocationUntil = null,
        SessionFrom = new DateOnly(2025, 3, 14),
        SessionUntil = new DateOnly(2025, 3, 14),
        Deputies = roster.Deputies.Select((d, i) => (d, i)).ToDictionary(p => p.d.Id, p => new DeputyProfile(1 + p.i % 2, new DateOnly(1970 + p.i, 1 + p.i % 12, 1 + p.i % 28),
            new Dictionary<string, string>
            {
                ["image"] = "null",
                ["biography"] = "Освіта вища; працює в громаді",
                ["partyName"] = "Політична партія «Громада»",
                ["email"] = $"{p.d.Id}@rada.example.gov.ua",
                ["telephone"] = $"+3804412345{p.i:00}",
                ["addressPostCode"] = "07400",
                ["addressAdminUnitL2"] = "Київська область",
                ["addressPostName"] = "Їжівка",
                ["addressThoroughfare"] = "вул. Соборна",
                ["addressLocatorDesignator"] = "1",
                ["openingHours"] = "Пн-Пт 09:00-17:00",
                ["areaId"] = (p.i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            })),
    };
}
