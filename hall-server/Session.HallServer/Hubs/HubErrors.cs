using Session.Core.Sittings;

namespace Session.HallServer.Hubs;

/// <summary>Refusals that come from the hub edge, before the rules: the caller, not the sitting, is at fault.</summary>
public static class HubErrors
{
    public static readonly Rejection BadRequest = new("bad-request", "Неправильний запит: бракує обов'язкових полів", "Malformed request: required fields are missing");
    public static readonly Rejection NotPaired = new("not-paired", "Термінал не під'єднано: спершу Hello з ключем термінала", "The terminal is not paired: call Hello with a terminal key first");
    public static readonly Rejection BadKey = new("bad-terminal-key", "Невідомий або відкликаний ключ термінала", "Unknown or revoked terminal key");
    public static readonly Rejection NoSitting = new("no-sitting", "Немає поточного засідання", "No sitting is current");
    public static readonly Rejection TooManyAttempts = new("too-many-attempts", "Забагато невдалих спроб PIN; зачекайте хвилину", "Too many wrong PINs; wait a minute");
    public static readonly Rejection BadKind = new("bad-kind", "Невідомий тип", "Unknown kind");

    public const int MaxIdLength = 100;

    public static bool BadId(string? id) => string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength;
}
