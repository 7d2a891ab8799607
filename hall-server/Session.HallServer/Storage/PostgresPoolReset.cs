using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Session.HallServer.Storage;

/// <summary>
/// The registry's PostgreSQL connections are pooled; when PostgreSQL stops and comes back, every pooled connection is
/// dead, and each fails one request before the pool drops it — so after PostgreSQL returned, a node kept answering
/// 503 <c>storage-failed</c> to one request per dead connection (a secretary's console failed to connect through nginx
/// 0.3 s after a press was accepted again, RegionalHostTests). On a connection-level fault (the connection failed, broke
/// or timed out: an <see cref="NpgsqlException"/> that is not the server's answer) the pools are emptied at once, so the
/// next request opens a fresh connection. The journal drops its own dead connections (<see cref="PostgresJournalStore"/>).
/// </summary>
public sealed class PostgresPoolReset : DbCommandInterceptor, IDbConnectionInterceptor
{
    private static void Failed(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is NpgsqlException and not PostgresException)
            {
                NpgsqlConnection.ClearAllPools();
                return;
            }
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Failed(eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Exception);
        return Task.CompletedTask;
    }

    public void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Failed(eventData.Exception);

    public Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Exception);
        return Task.CompletedTask;
    }
}
