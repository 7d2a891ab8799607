using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Session.Core.Journal;
using Session.Core.Wire;
using Session.Publishing.Verification;
using Session.Testing;

namespace Session.HallServer.Tests.Crash;

/// <summary>
/// The crash campaign (issue 12, item 1): one hall on one data dir, killed with SIGKILL again and again at random
/// points of a sitting (<see cref="CrashScenario"/>), restarted each time on the same data, and checked after every
/// restart: every acknowledged command is in the journal at its sequence number and a re-send of its command id gets
/// the same answer, no command id is journaled twice, the hash chain holds, the published files are whole (and the
/// folder verifies once the restart's publication is done), and a vote's or speech's timer still fires.
/// </summary>
public sealed class CrashCampaign
{
    private const int Seats = 27;
    private const int Gateways = 6;
    private static readonly string[] Choices = ["yes", "no", "abstain"];

    private readonly HallServerProcess _hall;
    private readonly Random _random;
    private readonly Action<string> _log;
    private readonly CrashLedger _ledger = new();
    private readonly HashSet<AcknowledgedCommand> _lost = new();
    private readonly CrashCampaignReport _report = new();
    private HubConnection _chair = null!;
    private List<HubConnection> _gateways = new();

    private CrashCampaign(HallServerProcess hall, Random random, Action<string> log) => (_hall, _random, _log) = (hall, random, log);

    public static async Task<CrashCampaignReport> RunAsync(int trials, int seed, Action<string> log)
    {
        await using var hall = await HallServerProcess.StartAsync();
        var campaign = new CrashCampaign(hall, new Random(seed), log);
        log($"crash campaign: {trials} trials, seed {seed}, data dir {hall.DataDir}");
        await campaign.ConnectAsync();
        for (int t = 0; t < trials; t++)
        {
            var scenario = (CrashScenario)(t % Enum.GetValues<CrashScenario>().Length);
            var problems = campaign._report.Problems.Count;
            var clock = Stopwatch.StartNew();
            await campaign.TrialAsync(scenario);
            campaign._report.Trials++;
            campaign._report.ByScenario[scenario] = campaign._report.ByScenario.GetValueOrDefault(scenario) + 1;
            var r = campaign._report;
            log($"trial {t + 1}/{trials} {scenario}: {clock.ElapsedMilliseconds} ms, acknowledged so far {campaign._ledger.Count}, " +
                $"re-sent {r.Resent}, lost {r.Lost}, duplicated {r.Duplicated}, timers checked {r.TimersChecked}, signature lags {r.SignatureLags}, " +
                $"listening after {campaign._report.ListeningMs[^1]:F0} ms, serving after {campaign._report.ServingMs[^1]:F0} ms ({string.Join(", ", campaign._phases)})" +
                (campaign._report.Problems.Count > problems ? ", PROBLEMS: " + string.Join("; ", campaign._report.Problems.Skip(problems)) : ""));
        }
        campaign._report.Acknowledged = campaign._ledger.Count;
        return campaign._report;
    }

    private async Task ConnectAsync()
    {
        _chair = await _hall.ConnectChairAsync();
        _gateways = new List<HubConnection>();
        for (int i = 0; i < Gateways; i++) _gateways.Add(await SittingDriver.GatewayAsync(_hall, messagePack: i % 2 == 0));
    }

    private async Task TrialAsync(CrashScenario scenario)
    {
        var phases = Stopwatch.StartNew();
        _phases.Clear();
        void Phase(string name) { _phases.Add($"{name} {phases.ElapsedMilliseconds}"); phases.Restart(); }
        var sitting = await PrepareAsync();
        Phase("prepare");
        var trialAcks = new List<AcknowledgedCommand>();
        string? timedVote = null;
        Task burst = Task.CompletedTask;
        switch (scenario)
        {
            case CrashScenario.VoteBurst or CrashScenario.SecretBallot:
            {
                var mode = scenario == CrashScenario.SecretBallot ? "secret" : "named";
                timedVote = await OpenVoteAsync(sitting, 5 + _random.Next(5), mode);
                var presses = Enumerable.Range(0, Seats * 3).Select(i => (Seat: 1 + i % Seats, Choice: Choices[_random.Next(3)])).ToArray();
                burst = BurstAsync(presses.Select(p => (Func<HubConnection, Task<AcknowledgedCommand?>>)(g =>
                    CastAsync(g, sitting.SittingId, timedVote, p.Seat, p.Choice, mode))).ToArray(), trialAcks);
                await KillAfterAsync(() => Count(trialAcks) >= 1 + _random.Next(presses.Length), burst);
                break;
            }
            case CrashScenario.Publication:
            {
                var voteId = await OpenVoteAsync(sitting, 600, "named");
                for (int seat = 1; seat <= 5; seat++)
                    if (await CastAsync(_gateways[seat % Gateways], sitting.SittingId, voteId, seat, Choices[_random.Next(3)], "named") is { } a) Add(trialAcks, a);
                await ChairAsync(sitting.SittingId, "CloseVote", new VoteRequest(voteId), "VoteClosed");
                // The close is journaled and acknowledged; its open data is being written now.
                await Task.Delay(_random.Next(0, 700));
                break;
            }
            case CrashScenario.Registration:
            {
                await ChairAsync(sitting.SittingId, "OpenRegistration", null, "RegistrationOpened");
                var seats = Enumerable.Range(1, Seats).OrderBy(_ => _random.Next()).ToArray();
                burst = BurstAsync(seats.Select(s => (Func<HubConnection, Task<AcknowledgedCommand?>>)(g => IdentifyAsync(g, sitting.SittingId, s))).ToArray(), trialAcks);
                await KillAfterAsync(() => Count(trialAcks) >= 1 + _random.Next(seats.Length), burst);
                break;
            }
            case CrashScenario.Recess:
                await ChairAsync(sitting.SittingId, "StartRecess", new RecessRequest("consultation", "перерва для консультацій"), "RecessStarted");
                await Task.Delay(_random.Next(0, 1500));
                break;
            case CrashScenario.Speech:
            {
                var speaker = sitting.Deputies.Where(d => d.Registered).OrderBy(_ => _random.Next()).First();
                await ChairAsync(sitting.SittingId, "GrantFloor", new GrantFloorRequest(speaker.Id, "debate", 10 + _random.Next(4)), "FloorGranted");
                await Task.Delay(_random.Next(0, 2500));
                break;
            }
        }
        if (!KilledYet) _hall.Kill();
        _killed = false;
        Phase("run to kill");

        var (fileProblems, lags) = PublishedFilesCheck.AfterKill(Path.Combine(_hall.DataDir, "opendata"));
        _report.Problems.AddRange(fileProblems.Select(p => $"{scenario}: half a published file after the kill: {p}"));
        _report.SignatureLags += lags;
        try { await burst.WaitAsync(TimeSpan.FromSeconds(60)); } catch (Exception) { /* in flight when the server died */ }
        foreach (var a in trialAcks) _ledger.Add(a);

        Phase("files checked, burst ended");
        await _hall.RestartAsync();
        _report.ListeningMs.Add(_hall.SpawnToReady.TotalMilliseconds);
        Phase("restart");
        await ResendAsync(trialAcks, scenario);
        Phase("re-send");
        CheckJournal(scenario);
        Phase("journal");
        await CheckTimersAsync(scenario, timedVote);
        Phase("timers");
        await CheckPublishedAsync(scenario, sitting.SittingId);
        Phase("published");
    }

    // Where a trial's time goes, for the log line (ms per phase).
    private readonly List<string> _phases = new();

    private bool _killed;
    private bool KilledYet => _killed;

    /// <summary>Waits until the condition holds (or the burst ends), then kills the server in the middle of what is in flight.</summary>
    private async Task KillAfterAsync(Func<bool> condition, Task burst)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && !burst.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(2);
        _hall.Kill();
        _killed = true;
    }

    private static int Count(List<AcknowledgedCommand> acks) { lock (acks) return acks.Count; }

    private static void Add(List<AcknowledgedCommand> acks, AcknowledgedCommand a) { lock (acks) acks.Add(a); }

    private Task BurstAsync(Func<HubConnection, Task<AcknowledgedCommand?>>[] commands, List<AcknowledgedCommand> acks) =>
        Task.WhenAll(commands.Select(async (command, i) =>
        {
            try
            {
                if (await command(_gateways[i % _gateways.Count]) is { } a) Add(acks, a);
            }
            catch (Exception) { /* in flight when the server died: never acknowledged */ }
        }));

    private static async Task<AcknowledgedCommand?> CastAsync(HubConnection g, string sittingId, string voteId, int seat, string choice, string mode)
    {
        var request = new CastRequest(SittingDriver.NewCommandId(), seat, voteId, choice);
        var ack = await g.InvokeAsync<CommandAck>("Cast", request);
        return ack.Accepted ? new AcknowledgedCommand(sittingId, request.CommandId, "Cast", request, ack.JournalSeq!.Value, mode == "secret" ? "SecretBallotCast" : "VoteCast") : null;
    }

    private static async Task<AcknowledgedCommand?> IdentifyAsync(HubConnection g, string sittingId, int seat)
    {
        var request = new IdentifyRequest(SittingDriver.NewCommandId(), seat, Card: SittingDriver.DemoCard(seat));
        var ack = await g.InvokeAsync<CommandAck>("Identify", request);
        return ack.Accepted ? new AcknowledgedCommand(sittingId, request.CommandId, "Identify", request, ack.JournalSeq!.Value, "DeputyIdentified") : null;
    }

    /// <summary>A chair command that must be accepted; recorded by the type of event it journals (chair commands carry no id).</summary>
    private async Task<CommandAck> ChairAsync(string sittingId, string method, object? request, string eventType)
    {
        var ack = request is null ? await _chair.InvokeAsync<CommandAck>(method).Must() : await _chair.InvokeAsync<CommandAck>(method, request).Must();
        _ledger.Add(new AcknowledgedCommand(sittingId, null, method, request, ack.JournalSeq!.Value, eventType));
        return ack;
    }

    private async Task<string> OpenVoteAsync(SittingView sitting, int seconds, string mode)
    {
        var ack = await ChairAsync(sitting.SittingId, "OpenVote", new OpenVoteRequest("Про тестове рішення в цілому", "as-a-whole", "majority-of-composition", mode, seconds), "VoteOpened");
        return ack.Id!;
    }

    /// <summary>Brings the sitting to a calm state from wherever the last kill left it: no recess, registration closed with a quorum, an item started, no vote open, nobody speaking.</summary>
    private async Task<SittingView> PrepareAsync()
    {
        var s = await _hall.CurrentSittingAsync();
        if (s.Recess is not null) await ChairAsync(s.SittingId, "Resume", null, "SittingResumed");
        if (s.Speaker is not null) await ChairAsync(s.SittingId, "EndFloor", null, "FloorEnded");
        if (s.Vote is { Status: "open" } open) await ChairAsync(s.SittingId, "CloseVote", new VoteRequest(open.VoteId), "VoteClosed");
        s = await _hall.CurrentSittingAsync();
        if (!s.HasQuorum || s.Registered < Seats - 1)
        {
            if (!s.RegistrationOpen) await ChairAsync(s.SittingId, "OpenRegistration", null, "RegistrationOpened");
            for (int seat = 1; seat <= Seats; seat++)
                if (await IdentifyAsync(_gateways[seat % Gateways], s.SittingId, seat) is { } a) _ledger.Add(a);
        }
        s = await _hall.CurrentSittingAsync();
        if (s.RegistrationOpen) await ChairAsync(s.SittingId, "CloseRegistration", null, "RegistrationClosed");
        if (s.CurrentItemId is null) await ChairAsync(s.SittingId, "StartAgendaItem", new ItemRequest(s.Agenda[0].Id), "AgendaItemStarted");
        return await _hall.CurrentSittingAsync();
    }

    /// <summary>
    /// Re-sends the trial's acknowledged terminal commands with their command ids: each must get its first answer
    /// (accepted, same seq). The first answer also marks when the restarted hall serves commands again.
    /// </summary>
    private async Task ResendAsync(List<AcknowledgedCommand> trialAcks, CrashScenario scenario)
    {
        var resend = trialAcks.Where(a => a.CommandId is not null).ToList();
        // Every trial measures serving the same way: one gateway connects at once and re-sends the latest acknowledged
        // terminal command of the campaign; the other connections are made after.
        if (_ledger.All.LastOrDefault(a => a.CommandId is not null) is { } probe && !resend.Contains(probe)) resend.Insert(0, probe);
        var firstGateway = await SittingDriver.GatewayAsync(_hall, messagePack: true);
        bool first = true;
        foreach (var (a, i) in resend.Select((a, i) => (a, i)))
        {
            if (i == 1) await ConnectAsync();
            var g = i == 0 ? firstGateway : _gateways[i % _gateways.Count];
            CommandAck ack;
            while (true)
            {
                ack = a.Method == "Cast"
                    ? await g.InvokeAsync<CommandAck>("Cast", (CastRequest)a.Request!)
                    : await g.InvokeAsync<CommandAck>("Identify", (IdentifyRequest)a.Request!);
                if (ack.Reason != "too-many-requests") break;
                await Task.Delay(250);
            }
            if (first) { _report.ServingMs.Add(Stopwatch.GetElapsedTime(_hall.SpawnedAt).TotalMilliseconds); first = false; }
            _report.Resent++;
            if (!ack.Accepted || ack.JournalSeq != a.Seq)
            {
                _lost.Add(a);
                _report.Problems.Add($"{scenario}: {a.Method} {a.CommandId} acknowledged at seq {a.Seq}, re-sent after the restart: " +
                    (ack.Accepted ? $"seq {ack.JournalSeq}" : $"refused {ack.Reason}"));
            }
        }
        if (resend.Count <= 1) await ConnectAsync();
        _report.Lost = _lost.Count;
    }

    /// <summary>Reads the journal beside the running server: the chain holds, every acknowledged command is there, none twice.</summary>
    private void CheckJournal(CrashScenario scenario)
    {
        var byCommand = new Dictionary<(string, string), List<long>>();
        var typeAt = new Dictionary<(string, long), string>();
        using (var db = new SqliteConnection($"Data Source={Path.Combine(_hall.DataDir, "journal.db")};Mode=ReadOnly;Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT sitting_id, seq, canonical, hash FROM journal ORDER BY sitting_id, seq;";
            using var reader = cmd.ExecuteReader();
            string? sitting = null, prev = null;
            long expected = 0;
            while (reader.Read())
            {
                var (sid, seq, canonical, hash) = (reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3));
                if (sid != sitting) (sitting, prev, expected) = (sid, HashChain.Genesis(sid), 1);
                try { HashChain.Read(canonical, hash, prev!, expected); }
                catch (JournalCorruptException ex) { _report.Problems.Add($"{scenario}: the chain of {sid} breaks at {seq}: {ex.Problem}"); }
                (prev, expected) = (hash, seq + 1);
                using var json = JsonDocument.Parse(canonical);
                typeAt[(sid, seq)] = json.RootElement.GetProperty("type").GetString()!;
                if (json.RootElement.GetProperty("data").TryGetProperty("commandId", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    if (!byCommand.TryGetValue((sid, id.GetString()!), out var seqs)) byCommand[(sid, id.GetString()!)] = seqs = new();
                    seqs.Add(seq);
                }
            }
        }
        var duplicated = byCommand.Where(p => p.Value.Count > 1).ToList();
        if (duplicated.Count > _report.Duplicated)
            _report.Problems.AddRange(duplicated.Select(d => $"{scenario}: command {d.Key.Item2} journaled {d.Value.Count} times (seqs {string.Join(", ", d.Value)})"));
        _report.Duplicated = Math.Max(_report.Duplicated, duplicated.Count);
        foreach (var a in _ledger.All)
        {
            // A chair command may journal several events in one batch and is acknowledged with the last one's seq
            // (OpenRegistration registers everyone already identified at a seat): look back over those.
            var at = a.Seq;
            if (a.CommandId is null)
                while (typeAt.TryGetValue((a.SittingId, at), out var t) && !TypeMatches(t, a.EventType) && TypeMatches(t, "DeputyRegistered")) at--;
            bool present = typeAt.TryGetValue((a.SittingId, at), out var type) && TypeMatches(type, a.EventType)
                && (a.CommandId is null || byCommand.TryGetValue((a.SittingId, a.CommandId), out var seqs) && seqs.Contains(a.Seq));
            if (!present && _lost.Add(a))
                _report.Problems.Add($"{scenario}: {a.Method} acknowledged at seq {a.Seq} of {a.SittingId} is not in the journal (found {type ?? "nothing"})");
        }
        _report.Lost = _lost.Count;
    }

    private static bool TypeMatches(string journaled, string expected) =>
        string.Equals(journaled.Replace("-", "").Replace("_", ""), expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>A vote or speech whose time had not run out at the kill still ends by its own timer after the restart.</summary>
    private async Task CheckTimersAsync(CrashScenario scenario, string? timedVote)
    {
        try
        {
            if (timedVote is not null)
            {
                // A secret ballot still open at the kill is cancelled at the restart, by design: who has voted is never
                // journaled, so it must be held again (docs/hall-server.md). A named vote ends by its own timer.
                static bool Ended(VoteView v) => v.Status == "closed" || string.Equals(v.Status, "cancelled", StringComparison.OrdinalIgnoreCase);
                await Eventually.True(async () => Ended((await _hall.Http.GetFromJsonAsync<VoteView>($"/api/votes/{timedVote}"))!),
                    "the vote ends after the restart (its timer, or the secret ballot's cancel)", TimeSpan.FromSeconds(40));
                var vote = await _hall.Http.GetFromJsonAsync<VoteView>($"/api/votes/{timedVote}");
                bool cancelledSecret = scenario == CrashScenario.SecretBallot && vote!.Status != "closed";
                if (!cancelledSecret && vote!.ClosedBy != "timer") _report.Problems.Add($"{scenario}: vote {timedVote} ended {vote.Status} by {vote.ClosedBy}, not by its timer");
                _report.TimersChecked++;
            }
            if (scenario == CrashScenario.Speech)
            {
                await Eventually.True(async () => (await _hall.CurrentSittingAsync()).Speaker is null,
                    "the speech ends by its timer after the restart", TimeSpan.FromSeconds(40));
                _report.TimersChecked++;
            }
            if (scenario == CrashScenario.Recess && (await _hall.CurrentSittingAsync()).Recess is null)
                _report.Problems.Add($"{scenario}: the acknowledged recess is gone after the restart");
        }
        catch (TimeoutException ex)
        {
            _report.Problems.Add($"{scenario}: {ex.Message}");
        }
    }

    /// <summary>Once the restart's publication is done, the sitting's folder verifies as a whole (the verify command's own check).</summary>
    private async Task CheckPublishedAsync(CrashScenario scenario, string sittingId)
    {
        var folder = Path.Combine(_hall.DataDir, "opendata", sittingId);
        if (!Directory.Exists(folder)) return;
        VerifyReport? last = null;
        try
        {
            await Eventually.True(async () =>
            {
                await Task.Yield();
                try { last = FolderVerifier.Verify(folder); }
                catch (IOException) { return false; }
                return last.Ok;
            }, "the published folder verifies after the restart", TimeSpan.FromSeconds(40));
        }
        catch (TimeoutException)
        {
            _report.Problems.Add($"{scenario}: {folder} does not verify: {string.Join("; ", last?.Problems.Take(5) ?? [])}");
        }
    }
}
