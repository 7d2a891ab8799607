using System.Reflection;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Session.HallServer.Storage;
using Session.HallServer.Storage.CompiledModel;
using Xunit;

namespace Session.HallServer.Tests.Storage;

/// <summary>
/// The SQLite registry runs on the compiled model in Storage/CompiledModel (a restart no longer builds it, issue 12).
/// A change to <see cref="RegistryDb"/> or its entities without running the generator again would make the server use
/// the old shape: this test compares the two models table by table and says how to regenerate.
/// </summary>
public sealed class CompiledModelTests
{
    private const string Regenerate = "the compiled registry model is stale: run `dotnet ef dbcontext optimize --project hall-server/Session.HallServer " +
        "--output-dir Storage/CompiledModel --namespace Session.HallServer.Storage.CompiledModel --context RegistryDb`, then delete " +
        "Storage/CompiledModel/RegistryDbAssemblyAttributes.cs (docs/deploy.md)";

    [Fact]
    public void The_compiled_registry_model_is_the_one_OnModelCreating_builds_and_only_SQLite_uses_it()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        using var built = new RegistryDb(new DbContextOptionsBuilder<RegistryDb>().UseSqlite(connection).Options);
        using var compiled = new RegistryDb(new DbContextOptionsBuilder<RegistryDb>().UseSqlite(connection).UseModel(RegistryDbModel.Instance).Options);

        var fromCode = Shape(built.Model);
        Assert.Contains("entity AccountEntity table Accounts", fromCode); // the comparison sees the model at all
        Assert.True(fromCode == Shape(compiled.Model), Regenerate + "\n" + FirstDifference(fromCode, Shape(compiled.Model)));
        Assert.True((string?)RegistryDbModel.Instance["ProductVersion"] == ProductVersion(),
            $"{Regenerate}: it was made by EF Core {RegistryDbModel.Instance["ProductVersion"]}, the server runs {ProductVersion()}");
        // Found by the attribute, EF would use SQLite's model for PostgreSQL too (whose text columns carry collation "C").
        Assert.True(!typeof(RegistryDb).Assembly.GetCustomAttributes<DbContextModelAttribute>().Any(),
            "Storage/CompiledModel/RegistryDbAssemblyAttributes.cs is back: delete it (StorageSetup names the model for SQLite only)");
    }

    /// <summary>
    /// What of a model the running server reads (tables, columns, types, keys, indexes, relations), one line each, in a
    /// fixed order. Migrations-only settings (collation, defaults, filters) are not kept in a compiled model at all.
    /// </summary>
    private static string Shape(IModel model)
    {
        var text = new StringBuilder();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            text.AppendLine($"entity {entity.ClrType.Name} table {entity.GetTableName()}");
            foreach (var p in entity.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
                text.AppendLine($"  property {p.Name} {p.ClrType} null={p.IsNullable} column={p.GetColumnName()} type={p.GetColumnType()} " +
                    $"max={p.GetMaxLength()} generated={p.ValueGenerated} concurrency={p.IsConcurrencyToken} " +
                    $"converter={p.GetValueConverter()?.GetType().Name} mapping={p.GetRelationalTypeMapping().StoreType}");
            foreach (var k in entity.GetKeys().Select(k => $"  key {Names(k.Properties)} primary={k.IsPrimaryKey()}").Order(StringComparer.Ordinal))
                text.AppendLine(k);
            foreach (var i in entity.GetIndexes().Select(i => $"  index {Names(i.Properties)} unique={i.IsUnique} name={i.GetDatabaseName()}").Order(StringComparer.Ordinal))
                text.AppendLine(i);
            foreach (var f in entity.GetForeignKeys().Select(f => $"  foreign key {Names(f.Properties)} -> {f.PrincipalEntityType.ClrType.Name}({Names(f.PrincipalKey.Properties)}) " +
                    $"required={f.IsRequired} delete={f.DeleteBehavior}").Order(StringComparer.Ordinal))
                text.AppendLine(f);
            foreach (var n in entity.GetNavigations().Select(n => $"  navigation {n.Name} -> {n.TargetEntityType.ClrType.Name}").Order(StringComparer.Ordinal))
                text.AppendLine(n);
        }
        return text.ToString();
    }

    private static string Names(IEnumerable<IReadOnlyProperty> properties) => string.Join(",", properties.Select(p => p.Name));

    private static string FirstDifference(string a, string b)
    {
        var (left, right) = (a.Split('\n'), b.Split('\n'));
        for (int i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var (l, r) = (i < left.Length ? left[i] : "(end)", i < right.Length ? right[i] : "(end)");
            if (l != r) return $"OnModelCreating: {l}\ncompiled:        {r}";
        }
        return "";
    }

    private static string? ProductVersion() =>
        typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
}
