using System.Diagnostics;
using Session.Publishing.Tests.Support;
using Session.Publishing.Verification;

namespace Session.Publishing.Tests;

public sealed class SmokeTests(Published published) : IClassFixture<Published>
{
    [Fact]
    public void Final_publication_verifies()
    {
        var report = FolderVerifier.Verify(published.Folder);
        Assert.True(report.Ok, report.ToString());
    }
}
