namespace Session.HallServer.Storage;

/// <summary>
/// A sitting's journal could not be read when its grain activated (PostgreSQL stopped or unreachable, a failing disk).
/// Thrown instead of the driver's own exception because it crosses nodes: Orleans has no codec for Npgsql's
/// exceptions, and a caller on another node would get <c>CodecNotFoundException</c> — an internal error — instead of a
/// <c>storage-failed</c> refusal (<see cref="StorageFault"/>). Carries the driver's message only (it holds no password).
/// </summary>
[GenerateSerializer]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException() { }

    public StorageUnavailableException(string message) : base(message) { }
}
