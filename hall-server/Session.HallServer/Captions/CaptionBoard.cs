using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Session.Core.Wire;
using Session.HallServer.Hubs;
using Session.HallServer.Sittings;

namespace Session.HallServer.Captions;

/// <summary>
/// Live captions per council: numbers each line, pushes it to the council's public viewers (the public page through
/// the relay, the broadcast process) and keeps the last final lines for a caption console that (re)connects.
/// Captions are a service to viewers, not the record: they live in memory; the stream keeps them as WebVTT.
/// </summary>
public sealed class CaptionBoard(IHubContext<PublicHub> publicHub, TimeProvider clock, ILogger<CaptionBoard> log)
{
    private readonly ConcurrentDictionary<string, Council> _councils = new();

    private sealed class Council
    {
        public readonly Lock Gate = new();
        public long Seq;
        public readonly Queue<CaptionLine> Recent = new();
    }

    /// <summary>The last final lines, oldest first.</summary>
    public CaptionLine[] Recent(string council)
    {
        var c = _councils.GetOrAdd(council, _ => new Council());
        lock (c.Gate) return c.Recent.ToArray();
    }

    /// <summary>Numbers the line and pushes it; the number is the acknowledgement the console shows.</summary>
    public async Task<CaptionLine> PublishAsync(string council, string text, bool partial)
    {
        var c = _councils.GetOrAdd(council, _ => new Council());
        CaptionLine line;
        lock (c.Gate)
        {
            line = new CaptionLine(++c.Seq, text, partial, clock.GetUtcNow());
            if (!partial)
            {
                c.Recent.Enqueue(line);
                while (c.Recent.Count > CaptionLimits.Recent) c.Recent.Dequeue();
            }
        }
        try
        {
            await publicHub.Clients.Group(SittingFanout.PublicGroup(council)).SendAsync(HubNames.Caption, line);
        }
        catch (Exception e)
        {
            // A viewer's failed send is that viewer's problem; the line is numbered and kept.
            log.LogWarning(e, "A caption push failed");
        }
        return line;
    }
}
