using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Session.Core.Sittings;
using Session.Core.Wire;
using Session.HallServer.Auth;
using Session.HallServer.Captions;
using Session.HallServer.Storage;

namespace Session.HallServer.Hubs;

/// <summary>
/// /hubs/captions: the caption console (issue 14). Any account of the council connects; only a captioner or whoever runs
/// the sitting (secretary, chair, admin) may read or send lines — anyone else is told so, in Ukrainian and English.
/// Lines are bounded (<see cref="CaptionLimits.MaxLength"/>, no control characters) and rate-limited per connection
/// (<see cref="HubRateLimit"/>); a refused line is not numbered, and nothing acknowledged before it is touched.
/// </summary>
[Authorize(AuthenticationSchemes = TokenAuthentication.SchemeName)]
public sealed class CaptionsHub(CaptionBoard board, HallDirectory directory) : Hub
{
    private const string CouncilItem = "council";

    public static readonly Rejection NotCaptioner = new("unauthorized",
        "Вводити субтитри може лише субтитрувальник, секретар, головуючий або адміністратор ради",
        "Only a captioner, the secretary, the chair or the council's admin may type captions");
    public static readonly Rejection TooLong = new("caption-too-long",
        $"Рядок субтитрів задовгий: не більше {CaptionLimits.MaxLength} символів; розбийте його на два",
        $"The caption line is too long: at most {CaptionLimits.MaxLength} characters; split it in two");
    public static readonly Rejection BadText = new("caption-bad-text",
        "Рядок субтитрів порожній або містить керівні символи",
        "The caption line is empty or contains control characters");

    public override async Task OnConnectedAsync()
    {
        if (await directory.CouncilOfConnectionAsync(Context) is not { } council)
        {
            Context.Abort();
            return;
        }
        Context.Items[CouncilItem] = council;
        await base.OnConnectedAsync();
    }

    /// <summary>The council's last final lines, oldest first: what the console shows after it (re)connects.</summary>
    public CaptionLine[] Recent() => board.Recent(Council());

    /// <summary>One line; the ack's <c>journalSeq</c> is the line's caption number (captions are not journal events).</summary>
    public async Task<CommandAck> Send(CaptionRequest? r)
    {
        var council = Council();
        if (r?.Text is null) return CommandAck.Refused(null, BadText);
        var text = r.Text.Trim();
        if (text.Length > CaptionLimits.MaxLength) return CommandAck.Refused(null, TooLong);
        if ((text.Length == 0 && !r.Partial) || text.Any(char.IsControl)) return CommandAck.Refused(null, BadText);
        var line = await board.PublishAsync(council, text, r.Partial);
        return CommandAck.Ok(null, line.Seq);
    }

    /// <summary>The caller's council, once its role is one that may caption; otherwise the refusal, as a hub error.</summary>
    private string Council()
    {
        var user = Context.User;
        if (user is null || !Roles.Caption.Split(',').Any(user.IsInRole))
            throw new HubException($"{NotCaptioner.Code}: {NotCaptioner.Uk} / {NotCaptioner.En}");
        return (string)Context.Items[CouncilItem]!;
    }
}
