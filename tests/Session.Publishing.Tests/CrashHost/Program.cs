using Session.Publishing;
using Session.Publishing.Signing;
using Session.Publishing.Tests.Fixtures;

// crashhost OUTDIR PFX: publishes two states of one sitting in turn, forever, until it is killed.
var outDir = args[0];
var (cert, _) = CertificateSource.LoadOrCreateDemo(args[1], null, "Їжівська сільська рада");
using var signer = new X509Signer(cert);
var a = SampleSittings.Rich("s-crash", close: false, stopAfterVotes: 1);
var b = SampleSittings.Rich("s-crash", close: false, stopAfterVotes: 2);
var options = new PublishOptions { OutputDir = outDir, Signer = signer, BaseUrl = "https://rada.example.gov.ua" };
Console.WriteLine("ready");
for (long i = 0; ; i++)
{
    var s = i % 2 == 0 ? a : b;
    await SittingPublisher.PublishAsync(s.Sitting, s.Journal, options, CancellationToken.None);
}
