using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Session.HallServer.Storage;

/// <summary>For <c>dotnet ef migrations add</c> only: the registry without starting the hall.</summary>
public sealed class RegistryDesignTimeFactory : IDesignTimeDbContextFactory<RegistryDb>
{
    public RegistryDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RegistryDb>().UseSqlite("Data Source=design-time.db").Options);
}
