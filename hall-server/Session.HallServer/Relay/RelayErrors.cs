using Session.Core.Sittings;

namespace Session.HallServer.Relay;

/// <summary>What a viewer the public side cannot take is told, in Ukrainian and English.</summary>
public static class RelayErrors
{
    public static readonly Rejection TooManyViewers = new("too-many-viewers",
        "Забагато глядачів онлайн. Дивіться трансляцію засідання або спробуйте пізніше",
        "Too many viewers online. Watch the sitting's stream or try again later");

    public static readonly Rejection HallScreensOnly = new("hall-screens-only",
        "Цей сервер обслуговує лише екрани залу; публічна сторінка — на публічній адресі",
        "This server serves the hall's screens only; the public page is at the public address");

    public static readonly Rejection TooManyCouncils = new("too-many-councils",
        "Забагато різних рад у запитах до цього сервера",
        "Too many different councils asked of this server");

    public static readonly Rejection HallUnreachable = new("hall-unreachable",
        "Сервер залу зараз недоступний; сторінка під'єднається сама",
        "The hall server cannot be reached now; the page will reconnect by itself");

    /// <summary>A HubException's text reaches the client when the server closes a connection (SignalR sends it in the close message).</summary>
    public static string HubText(Rejection r) => $"{r.Code}: {r.Uk} / {r.En}";

    /// <summary>The plain page an HTTP visitor over capacity gets (503), in both languages, with nothing to load.</summary>
    public static string Page(Rejection r) =>
        $"<!doctype html><html lang=\"uk\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">" +
        $"<title>{r.Uk}</title></head><body><h1>{r.Uk}</h1><p lang=\"en\">{r.En}</p></body></html>";
}
