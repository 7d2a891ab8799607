using System.Text;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Session.Core.Sittings;
using Session.Core.Voting;
using Session.Core.Wire;
using Session.Fuzz.Targets;
using Session.Hardware.SeatBus;

namespace Session.Fuzz;

/// <summary>
/// Writes the seed corpus (fuzz/corpus/TARGET/) from the product's own encoders, so every seed is an input the product
/// really accepts: Seat Bus frames from <see cref="Frame.Encode()"/>, hub calls from SignalR's protocols, journal lines
/// from the rules and the hash chain. Run again when a wire format changes: <c>Session.Fuzz --write-corpus fuzz/corpus</c>.
/// </summary>
public static class Corpus
{
    public static int Write(string root)
    {
        SeatBus(Dir(root, "seatbus"));
        Hid(Dir(root, "hid"));
        Hubs(Dir(root, "hub-json"), "json");
        Hubs(Dir(root, "hub-msgpack"), "messagepack");
        Csv(Dir(root, "csv"));
        Journal(Dir(root, "journal"));
        Console.WriteLine($"corpus written under {root}");
        return 0;
    }

    private static string Dir(string root, string target) => Directory.CreateDirectory(Path.Combine(root, target)).FullName;

    private static void SeatBus(string dir)
    {
        var poll = new PollRequest(Lamps.VoteOpen | Lamps.Registered, 3).ToFrame(7, 1).Encode();
        var idle = StatusReply.Idle.ToFrame(7, 1).Encode();
        var yes = new StatusReply(4, SeatKeys.Yes, []).ToFrame(12, 9).Encode();
        var card = new StatusReply(5, SeatKeys.None, Convert.FromHexString("04A22B01")).ToFrame(3, 200).Encode();
        var card10 = new StatusReply(6, SeatKeys.FloorRequest, Convert.FromHexString("04A22B0102030405060A")).ToFrame(250, 0).Encode();
        var text = TextRequest.ToFrame(7, 2, TextRequest.Fit("Голосування відкрито")).Encode();
        File.WriteAllBytes(Path.Combine(dir, "poll"), poll);
        File.WriteAllBytes(Path.Combine(dir, "status-idle"), idle);
        File.WriteAllBytes(Path.Combine(dir, "status-yes"), yes);
        File.WriteAllBytes(Path.Combine(dir, "status-card"), card);
        File.WriteAllBytes(Path.Combine(dir, "status-card10"), card10);
        File.WriteAllBytes(Path.Combine(dir, "text"), text);
        // A poll and its reply with line noise between and a 0x7E inside a payload.
        File.WriteAllBytes(Path.Combine(dir, "exchange-with-noise"), [.. poll, 0x00, 0x7E, 0xFF, .. yes, .. new StatusReply(0x7E, SeatKeys.No, []).ToFrame(0x7E, 0x7E).Encode()]);
    }

    private static void Hid(string dir)
    {
        static byte[] Report(params byte[] keys) { var r = new byte[8]; keys.CopyTo(r, 2); return r; }
        byte[] release = Report();
        File.WriteAllBytes(Path.Combine(dir, "keypad-yes-no-abstain"), [.. Report(0x59), .. release, .. Report(0x5A), .. release, .. Report(0x5B), .. Report(0x5B), .. release, .. Report(0x58), .. release]);
        var typed = new List<byte>();
        foreach (var usage in new byte[] { 0x27, 0x21, 0x04, 0x1F, 0x1F, 0x05, 0x27, 0x1E, 0x28 }) { typed.AddRange(Report(usage)); typed.AddRange(release); }
        File.WriteAllBytes(Path.Combine(dir, "card-04A22B01"), typed.ToArray());
        File.WriteAllBytes(Path.Combine(dir, "rollover"), [.. Report(0x59, 0x5A), .. Report(1, 1, 1, 1, 1, 1), .. release]);
    }

    private static void Hubs(string dir, string protocolName)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSignalR().AddJsonProtocol().AddMessagePackProtocol();
        var protocol = services.BuildServiceProvider().GetServices<IHubProtocol>().Single(p => p.Name == protocolName);
        var calls = new (string File, string Method, object? Arg)[]
        {
            ("hello", "Hello", new HelloRequest("tk-0123456789abcdef", "tablet 1.0")),
            ("identify-card", "Identify", new IdentifyRequest("c-1", 15, Card: "04A22B01")),
            ("identify-pin", "Identify", new IdentifyRequest("c-2", 15, Pin: "4711")),
            ("cast", "Cast", new CastRequest("c-3", 1, SittingFixture.VoteId, "yes")),
            ("request-floor", "RequestFloor", new SeatRequest("c-4", 2)),
            ("withdraw-floor", "WithdrawFloor", new SeatRequest("c-5", 2)),
            ("leave", "Leave", new SeatRequest("c-6", 3)),
            ("declare-conflict", "DeclareConflict", new ConflictRequest("c-7", 4, SittingFixture.ItemId, "Конфлікт інтересів")),
            ("report-seats", "ReportSeats", new SeatHealthReport([1, 2, 3], [4])),
            ("report-stream-health", "ReportStreamHealth", new Dictionary<string, object?> { ["state"] = "live", ["bitrateKbps"] = 2500L, ["outputs"] = new Dictionary<string, object?> { ["youtube"] = "ok" } }),
            ("add-agenda-item", "AddAgendaItem", new AgendaItemRequest("Про бюджет", "Текст", "123", true, "терміново")),
            ("reorder-agenda", "ReorderAgenda", new ReorderRequest([SittingFixture.ItemId])),
            ("start-agenda-item", "StartAgendaItem", new ItemRequest(SittingFixture.ItemId)),
            ("open-vote", "OpenVote", new OpenVoteRequest("Рішення", "as-a-whole", "majority-of-composition", "named", 60, SittingFixture.ItemId)),
            ("close-vote", "CloseVote", new VoteRequest(SittingFixture.VoteId)),
            ("cancel-vote", "CancelVote", new CancelVoteRequest(SittingFixture.VoteId, "помилка")),
            ("enter-proxy-vote", "EnterProxyVote", new ProxyVoteRequest(SittingFixture.VoteId, "d20", "no", "технічний збій")),
            ("chair-declare-conflict", "DeclareConflict", new ChairConflictRequest("d5", SittingFixture.ItemId, "заява")),
            ("grant-floor", "GrantFloor", new GrantFloorRequest("d6", Views.Kebab(Session.Core.Journal.SpeechType.Report), 180)),
            ("start-recess", "StartRecess", new RecessRequest("break", "перерва")),
            ("issue-terminal-key", "IssueTerminalKey", new IssueTerminalRequest("tablet", [5], "Місце 5")),
            ("revoke-terminal-key", "RevokeTerminalKey", new TerminalRequest("t-1")),
            ("watch-council", "WatchCouncil", "vyshneva"),
            ("ping", "Ping", 42L),
        };
        foreach (var (file, method, arg) in calls)
            File.WriteAllBytes(Path.Combine(dir, file), protocol.GetMessageBytes(new InvocationMessage("1", method, [arg])).ToArray());
        foreach (var method in new[] { "OpenRegistration", "CloseRegistration", "EndFloor", "Resume", "CloseSitting", "Seats", "Watch" })
            File.WriteAllBytes(Path.Combine(dir, method.ToLowerInvariant()), protocol.GetMessageBytes(new InvocationMessage("2", method, [])).ToArray());
        // A burst on one connection: casts from several seats, then the chair closes the vote.
        var burst = new List<byte>();
        foreach (var seat in new[] { 1, 2, 3 })
            burst.AddRange(protocol.GetMessageBytes(new InvocationMessage(seat.ToString(), "Cast", [new CastRequest($"b-{seat}", seat, SittingFixture.VoteId, seat == 2 ? "no" : "yes")])).ToArray());
        burst.AddRange(protocol.GetMessageBytes(new InvocationMessage("4", "CloseVote", [new VoteRequest(SittingFixture.VoteId)])).ToArray());
        burst.AddRange(protocol.GetMessageBytes(PingMessage.Instance).ToArray());
        File.WriteAllBytes(Path.Combine(dir, "burst-then-close"), burst.ToArray());
    }

    private static void Csv(string dir)
    {
        var utf8 = new UTF8Encoding(true);
        File.WriteAllText(Path.Combine(dir, "template.csv"),
            "fullName,faction,mandateStart,mandateEnd,gender,birthDate,isHead\n" +
            "Петренко Петро Петрович,Перша,2020-12-01,,1,1970-01-02,0\n" +
            "\"Коваль, Олена\",Друга,01.12.2020,2024-05-01,ж,,ні\n" +
            "Голова Ради,,2020-12-01,,чоловіча,,1\n", utf8);
        File.WriteAllText(Path.Combine(dir, "template-semicolons.csv"),
            "fullName;faction;mandateStart\r\nШевченко Тарас;\"Нова \"\"Фракція\"\"\";2021-01-15\r\n\"Багато\nрядків\";;\r\n", new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(dir, "annex-30.csv"),
            "id,familyName,name,additionalName,gender,birthDate,factionName,votingIdentifier\n" +
            "1,Іваненко,Іван,Іванович,1,1980-03-04,Перша,d-1\n" +
            "2,Сидоренко,Марія,,2,null,null,\n", new UTF8Encoding(false));
    }

    private static void Journal(string dir)
    {
        var s = new SittingFixture();
        s.Run(new Cast(1, SittingFixture.VoteId, Choice.Yes) { CommandId = "j-1" });
        s.Run(new Cast(2, SittingFixture.VoteId, Choice.No) { CommandId = "j-2" });
        s.Run(new EnterProxyVote(SittingFixture.VoteId, "d3", Choice.Abstain, "збій"));
        s.Run(new CloseVote(SittingFixture.VoteId, "chair"));
        s.Run(new RequestFloor(4) { CommandId = "j-3" });
        s.Run(new GrantFloor("d4", Session.Core.Journal.SpeechType.Debate, 60));
        s.Run(new EndFloor("done"));
        s.Run(new StartRecess("break", "перерва"));
        s.Run(new Resume());
        s.Run(new OpenVote("v-2", "Таємне", VoteKind.AsAWhole, "majority-of-composition", VoteMode.Secret, 60, SittingFixture.ItemId));
        s.Run(new Cast(5, "v-2", Choice.Yes) { CommandId = "j-4" });
        s.Run(new CancelVote("v-2", "помилка"));
        s.Run(new CloseSitting());
        File.WriteAllText(Path.Combine(dir, "sitting.jsonl"), string.Concat(s.Journal.Select(e => e.Canonical + "\n")), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(dir, "opening.jsonl"), s.Journal[0].Canonical + "\n", new UTF8Encoding(false));
        // As published: with each line's hash, so the verifier's own splitting is fuzzed too.
        File.WriteAllText(Path.Combine(dir, "published.jsonl"), string.Concat(s.Journal.Take(20).Select(e => e.PublishedLine + "\n")), new UTF8Encoding(false));
    }
}
