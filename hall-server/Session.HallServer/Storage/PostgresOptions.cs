namespace Session.HallServer.Storage;

/// <summary>Section <c>Hall:Postgres</c>; <c>ConnectionStrings:Session</c> is read first.</summary>
public sealed class PostgresOptions
{
    /// <summary>An Npgsql connection string. Give it by environment or a file, not on the command line (it may hold the password).</summary>
    public string? ConnectionString { get; set; }
}
