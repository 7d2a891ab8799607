#pragma warning disable EF1001 // MigrationsAssembly is EF's own implementation; we only narrow what it finds.
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace Session.HallServer.Storage;

/// <summary>
/// The registry's migrations for the provider in use: SQLite's in <c>Storage/Migrations</c> (as they always were, so
/// existing data dirs upgrade), PostgreSQL's in <c>Storage/PostgresMigrations</c>. Both sets live in this assembly
/// for the one <see cref="RegistryDb"/>; each provider sees only its own folder's namespace.
/// </summary>
public sealed class RegistryMigrations(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    public const string SqliteNamespace = "Session.HallServer.Storage.Migrations";
    public const string PostgresNamespace = "Session.HallServer.Storage.PostgresMigrations";

    private readonly string _namespace = RegistryProviders.IsPostgres(options) ? PostgresNamespace : SqliteNamespace;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??=
        base.Migrations.Where(m => m.Value.Namespace == _namespace).ToDictionary(m => m.Key, m => m.Value);
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;

    public override ModelSnapshot? ModelSnapshot => _snapshot ??= Assembly.DefinedTypes
        .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ModelSnapshot)) && t.Namespace == _namespace
            && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(RegistryDb))
        .Select(t => (ModelSnapshot)Activator.CreateInstance(t.AsType())!)
        .FirstOrDefault();
    private ModelSnapshot? _snapshot;
}
