using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Session.HallServer.Registry;
using Session.HallServer.Storage;

namespace Session.Fuzz.Targets;

/// <summary>
/// An uploaded deputies.csv, decoded as the import endpoint decodes it and run through <see cref="DeputyImport"/>
/// against a real SQLite registry (in memory, kept for the whole run; each input's changes are rolled back): once for a
/// council with a convocation, a head and a faction, once for a bare council. A <see cref="RegistryException"/> is the
/// import's typed refusal; every row it reports must carry its own line and, when refused, a bilingual reason.
/// </summary>
public sealed class DeputyCsv : IFuzzTarget, IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly DbContextOptions<RegistryDb> _options;

    public DeputyCsv()
    {
        _connection.Open();
        _options = new DbContextOptionsBuilder<RegistryDb>().UseSqlite(_connection).Options;
        using var ctx = new RegistryDb(_options);
        ctx.Database.EnsureCreated();
        ctx.Councils.Add(new CouncilEntity { Id = "full", Name = "Повна рада", Composition = 26 });
        ctx.Councils.Add(new CouncilEntity { Id = "bare", Name = "Порожня рада", Composition = 12 });
        ctx.Convocations.Add(new ConvocationEntity { CouncilId = "full", Number = 8, DateFrom = new(2020, 12, 1), DateUntil = new(2025, 11, 1) });
        ctx.Factions.Add(new FactionEntity { Id = "full-f1", CouncilId = "full", Name = "Перша" });
        ctx.Deputies.Add(new DeputyEntity { Id = "head", CouncilId = "full", FullName = "Голова Ради", IsHead = true, SortOrder = 1, MandateStart = new(2020, 12, 1) });
        ctx.Deputies.Add(new DeputyEntity { Id = "d-1", CouncilId = "full", FullName = "Іваненко Іван Іванович", FactionId = "full-f1", SortOrder = 2, MandateStart = new(2020, 12, 1) });
        ctx.SaveChanges();
    }

    public string Name => "csv";

    public void Run(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        List<(int Line, string[] Fields)> rows;
        try { rows = CsvReader.Read(text); }
        catch (RegistryException) { return; }
        foreach (var (line, fields) in rows)
            if (line < 1 || fields.Length == 0) throw new FuzzInvariantException($"a row at line {line} with {fields.Length} fields");

        foreach (var council in new[] { "full", "bare" }) Import(council, text, rows.Count);
    }

    private void Import(string council, string text, int rowCount)
    {
        using var tx = _connection.BeginTransaction();
        using var ctx = new RegistryDb(_options);
        ctx.Database.UseTransaction(tx);
        ImportReport report;
        try { report = DeputyImport.RunAsync(ctx, council, text, dryRun: true, Today).GetAwaiter().GetResult(); }
        catch (RegistryException e) when (e.Error.Uk.Length > 0 && e.Error.En.Length > 0) { return; }
        finally { tx.Rollback(); }
        if (report.Rows.Length != rowCount - 1) throw new FuzzInvariantException($"{rowCount - 1} data rows, {report.Rows.Length} reported");
        foreach (var row in report.Rows)
            if (row.Action == "error" && (row.Errors.Length == 0 || row.Errors.Any(e => e.Uk.Length == 0 || e.En.Length == 0)))
                throw new FuzzInvariantException($"line {row.Line} refused without a reason in both languages");
        if (report.Errors != report.Rows.Count(r => r.Action == "error")) throw new FuzzInvariantException("the error count does not match the rows");
    }

    public void Dispose() => _connection.Dispose();
}
