using Session.Core.Sittings;

namespace Session.HallServer.Hubs;

/// <summary>Refusals that come from the hub edge, before the rules: the caller, not the sitting, is at fault.</summary>
public static class HubErrors
{
    public static readonly Rejection BadRequest = new("bad-request", "Неправильний запит: бракує обов'язкових полів", "Malformed request: required fields are missing");
    public static readonly Rejection BadLease = new("bad-lease",
        $"Строк дії звіту шлюзу про місця має бути від {Session.Core.Wire.SeatHealthReport.MinLeaseSeconds} до {Session.Core.Wire.SeatHealthReport.MaxLeaseSeconds} секунд",
        $"A gateway's seat report lease must be {Session.Core.Wire.SeatHealthReport.MinLeaseSeconds} to {Session.Core.Wire.SeatHealthReport.MaxLeaseSeconds} seconds");
    public static readonly Rejection NotPaired = new("not-paired", "Термінал не під'єднано: спершу Hello з ключем термінала", "The terminal is not paired: call Hello with a terminal key first");
    public static readonly Rejection BadKey = new("bad-terminal-key", "Невідомий або відкликаний ключ термінала", "Unknown or revoked terminal key");
    public static readonly Rejection NoSitting = new("no-sitting", "Немає поточного засідання", "No sitting is current");
    public static readonly Rejection TooManyAttempts = new("too-many-attempts", "Забагато невдалих спроб PIN з цього термінала; зачекайте", "Too many wrong PINs from this terminal; wait");
    public static readonly Rejection PinHeld = new("pin-held",
        "Забагато невдалих спроб PIN цього депутата: вхід за PIN призупинено, секретаря повідомлено; зачекайте або скористайтеся карткою",
        "Too many wrong PINs for this deputy: identification by PIN is held and the secretary has been told; wait, or use the card");
    public static readonly Rejection PinUncounted = new("pin-unavailable",
        "PIN зараз не перевірити: спільний лічильник невдалих спроб (Redis) не відповідає; скористайтеся карткою або повторіть за хвилину",
        "The PIN cannot be checked right now: the shared counter of failed attempts (Redis) does not answer; use the card, or try again in a minute");
    public static readonly Rejection HoldNotLifted = new("pin-hold-not-lifted",
        "Блокування PIN зараз не зняти: спільний лічильник невдалих спроб (Redis) не відповідає; повторіть за хвилину",
        "The PIN hold cannot be lifted right now: the shared counter of failed attempts (Redis) does not answer; try again in a minute");
    public static readonly Rejection Interrupted = new("command-interrupted",
        "Сервер засідання саме змінювався, і відповіді не отримано: перевірте стан засідання на екрані, перш ніж повторювати",
        "The sitting's server was changing and no answer came: check the sitting on the screen before repeating");
    public static readonly Rejection WrongPin = new("wrong-pin", "PIN не підходить до обраного депутата", "The PIN does not match the chosen deputy");
    public static readonly Rejection PinNeedsDeputy = new("pin-needs-deputy",
        "PIN без депутата більше не приймається: оновіть термінал (на планшеті оберіть своє прізвище й введіть PIN; на пульті вставте картку)",
        "A PIN alone no longer identifies: update the terminal (on a tablet pick your name, then type the PIN; at a keypad seat insert the card)");
    public static readonly Rejection TooManyRequests = new("too-many-requests", "Забагато запитів з цього з'єднання; зачекайте секунду", "Too many requests from this connection; wait a second");
    public static readonly Rejection NoSuchHold = new("no-such-hold", "Такого блокування PIN немає: воно вже скінчилося або його зняли", "No such PIN hold: it has ended or was lifted already");
    public static readonly Rejection BadKind = new("bad-kind", "Невідомий тип", "Unknown kind");

    public const int MaxIdLength = 100;

    public static bool BadId(string? id) => string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength;
}
