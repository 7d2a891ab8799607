namespace Session.HallServer.Registry;

/// <summary>A refused registry change: a stable code, the Ukrainian and English messages, the field at fault.</summary>
public sealed record RegistryError(string Code, string Uk, string En, string? Field = null, int Status = StatusCodes.Status400BadRequest)
{
    public RegistryException Fail() => new(this);
}

/// <summary>
/// Carries a <see cref="RegistryError"/> out of a change, so the change's transaction is rolled back whole; the
/// endpoint filter turns it into problem details. Nothing else in the registry throws on bad input.
/// </summary>
public sealed class RegistryException(RegistryError error) : Exception(error.En)
{
    public RegistryError Error { get; } = error;
}

/// <summary>The registry's refusals, by code (docs/registry-api.md).</summary>
public static class Refuse
{
    public static RegistryException Required(string field, string uk, string en) =>
        new RegistryError("required", $"Поле «{uk}» обов'язкове", $"The field '{en}' is required", field).Fail();

    public static RegistryException Invalid(string field, string uk, string en) =>
        new RegistryError("invalid", uk, en, field).Fail();

    public static RegistryException NotFound(string what, string id) =>
        new RegistryError("not-found", $"Не знайдено: {what} «{id}»", $"Not found: {what} '{id}'", null, StatusCodes.Status404NotFound).Fail();

    public static RegistryException Conflict(string code, string uk, string en, string? field = null) =>
        new RegistryError(code, uk, en, field, StatusCodes.Status409Conflict).Fail();

    public static RegistryException Bad(string code, string uk, string en, string? field = null) =>
        new RegistryError(code, uk, en, field).Fail();
}
