using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Session.HallServer.Storage;

/// <summary>
/// The registry's SQLite connections are pooled, and a pooled connection keeps its open file. When the kernel turns the
/// data dir's file system read-only and the operator mounts it again in the same place (<c>umount -l</c>, <c>e2fsck</c>,
/// <c>mount</c>), a pooled connection still holds the old, read-only mount: its writes keep failing and its reads show
/// the old copy. So after a storage fault (<see cref="StorageFault"/>) every open empties the pool first — the path is
/// opened afresh, on whatever is mounted there now — until a transaction commits again; then the pool is emptied once
/// more (dropping connections opened on the old mount meanwhile; one in use is closed when it is given back) and pooling
/// goes on as before. The journal (<see cref="SqliteJournalStore"/>) reopens its own writer and does not pool.
/// </summary>
public sealed class SqliteReopen : IDbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    private volatile bool _faulted;

    // The registry is the process's only pooled SQLite database: emptying every pool empties its pool.
    private void Failed(Exception ex)
    {
        if (!StorageFault.Is(ex)) return;
        _faulted = true;
        SqliteConnection.ClearAllPools();
    }

    private void Opening()
    {
        if (_faulted) SqliteConnection.ClearAllPools();
    }

    private void Committed()
    {
        if (!_faulted) return;
        _faulted = false;
        SqliteConnection.ClearAllPools();
    }

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Opening();
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Opening();
        return ValueTask.FromResult(result);
    }

    public void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Failed(eventData.Exception);

    public Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Exception);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Failed(eventData.Exception);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Exception);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Failed(eventData.Exception);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Exception);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed();
        return Task.CompletedTask;
    }
}
