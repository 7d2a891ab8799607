using System.Net;
using Session.Testing;
using Xunit;

namespace Session.HallServer.Tests.Registry;

/// <summary>How a council moves to a regional host or is restored: its registry exported as one JSON document and imported onto an empty server.</summary>
public sealed class ExportImportTests
{
    private const string C = "zorya";

    [Fact]
    public async Task A_registry_exported_and_imported_onto_an_empty_server_reproduces_every_registry_page_byte_for_byte()
    {
        await using var source = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        var admin = await RegistryClient.SetUpAsync(source);
        var (sitting, _) = await admin.CreateCouncilAsync(C);
        var deputies = await admin.GetAsync($"/api/councils/{C}/deputies");
        var members = deputies.EnumerateArray().Skip(1).Take(3).Select(d => new { deputyId = d.GetProperty("id").GetString(), role = "member" }).ToArray();
        await admin.OkAsync(HttpMethod.Post, $"/api/councils/{C}/bodies", new { name = "Комісія з питань регламенту", members });
        await admin.OkAsync(HttpMethod.Post, $"/api/councils/{C}/cards", new { uid = "04C0FFEE", deputyId = deputies[0].GetProperty("id").GetString() });
        var item = (await admin.GetAsync($"/api/councils/{C}/sittings/{sitting}/agenda"))[0].GetProperty("id").GetString();
        var doc = await admin.OkAsync(HttpMethod.Post, $"/api/councils/{C}/sittings/{sitting}/agenda/{item}/documents?name=budget.pdf", RegistryClient.Pdf(RegistryClient.SmallPdf("Бюджет")));
        var export = await admin.GetAsync($"/api/councils/{C}/export");
        Assert.DoesNotContain("pinHash\":\"", export.GetRawText());

        await using var target = await HallServerProcess.StartAsync(new HallServerStartOptions { Demo = false });
        var targetAdmin = await RegistryClient.SetUpAsync(target);
        using (var imported = await targetAdmin.SendAsync(HttpMethod.Post, "/api/councils/import", System.Net.Http.Json.JsonContent.Create(export)))
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);

        string[] pages = ["", "/convocations", "/factions", "/deputies", "/bodies", "/halls", "/sessions", "/sittings", $"/sittings/{sitting}", $"/sittings/{sitting}/agenda"];
        foreach (var page in pages)
            Assert.Equal(await source.Http.GetStringAsync($"/api/councils/{C}{page}"), await target.Http.GetStringAsync($"/api/councils/{C}{page}"));
        Assert.Equal(await source.Http.GetByteArrayAsync(doc.GetProperty("url").GetString()), await target.Http.GetByteArrayAsync(doc.GetProperty("url").GetString()));
        Assert.Equal(export.GetRawText(), (await targetAdmin.GetAsync($"/api/councils/{C}/export")).GetRawText());

        // A second import of the same council is refused and changes nothing.
        var before = await targetAdmin.SnapshotAsync(C);
        var again = await targetAdmin.RefusedAsync(HttpMethod.Post, "/api/councils/import", System.Net.Http.Json.JsonContent.Create(export), HttpStatusCode.Conflict);
        Assert.Equal("council-exists", again.GetProperty("code").GetString());
        Assert.Equal(before, await targetAdmin.SnapshotAsync(C));
    }
}
