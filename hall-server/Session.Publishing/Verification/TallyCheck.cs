using System.Globalization;
using System.Text.Json;
using Session.Publishing.Model;
using Session.Publishing.OpenData;
using static Session.Publishing.SittingPublisher;

namespace Session.Publishing.Verification;

/// <summary>
/// Recounts every vote from its published roll call and compares with the published counts and results, and both
/// with what the journal's fold says (so a consistent forgery of a CSV and its counts still fails).
/// </summary>
internal static class TallyCheck
{
    public static void Run(Dictionary<string, byte[]> files, SittingRecord expected, VerifyReport report)
    {
        var byUid = expected.Votes.ToDictionary(v => v.Uid);
        Normalized(files, byUid, report);
        Legacy(files, byUid, report);
        Popolo(files, byUid, report);
        foreach (var v in expected.Votes.Where(v => v.Outcome != VoteOutcome.Cancelled && v.Threshold is not null))
        {
            // The rule recomputed: passed exactly when «за» reaches the threshold fixed when the vote opened/closed.
            bool passes = v.Counts.For >= v.Threshold;
            if (passes != (v.Outcome == VoteOutcome.Passed))
                report.Fail(JournalFile, $"vote {v.VoteId}: {v.Counts.For} «за» against a threshold of {v.Threshold}, yet the journal says {v.Outcome}");
        }
        report.Note($"tallies: {expected.Votes.Count} vote events recounted");
    }

    internal static List<Dictionary<string, string>>? Table(Dictionary<string, byte[]> files, string path, TableDef def, VerifyReport report)
    {
        if (!files.TryGetValue(path, out var raw)) return null;
        List<string[]> rows;
        try { rows = CsvReader.Parse(raw); }
        catch (FormatException ex) { report.Fail(path, "not CSV: " + ex.Message); return null; }
        if (rows.Count == 0 || !rows[0].SequenceEqual(def.Header)) { report.Fail(path, "the header is not " + string.Join(",", def.Header)); return null; }
        var result = new List<Dictionary<string, string>>();
        for (int i = 1; i < rows.Count; i++)
        {
            if (rows[i].Length != def.Header.Count) { report.Fail(path, $"row {i + 1} has {rows[i].Length} fields, not {def.Header.Count}"); continue; }
            result.Add(def.Header.Select((h, k) => (h, rows[i][k])).ToDictionary(p => p.h, p => p.Item2));
        }
        return result;
    }

    private static LegalCounts? Counts(Dictionary<string, string> row, string path, string against, VerifyReport report)
    {
        int[] n = new int[5];
        string[] names = ["votingFor", against, "votingAbstain", "notVoting", "absent"];
        for (int i = 0; i < 5; i++)
            if (!int.TryParse(row[names[i]], NumberStyles.None, CultureInfo.InvariantCulture, out n[i]))
            {
                report.Fail(path, $"{row.First().Value}: {names[i]} '{row[names[i]]}' is not a whole number");
                return null;
            }
        return new LegalCounts(n[0], n[1], n[2], n[3], n[4]);
    }

    private static void Compare(string path, string uid, LegalCounts published, string result, PublishedVote? truth, IEnumerable<string>? rollCall, VerifyReport report)
    {
        if (truth is null) { report.Fail(path, $"vote event {uid} is not in the journal"); return; }
        if (rollCall is not null && !truth.IsSecret)
        {
            LegalCounts recount;
            try { recount = LegalCounts.Of(rollCall); }
            catch (ArgumentException ex) { report.Fail(path, $"{uid}: {ex.Message}"); return; }
            if (recount != published) report.Fail(path, $"{uid}: published counts {published} but its roll call counts {recount}");
        }
        if (published != truth.Counts) report.Fail(path, $"{uid}: published counts {published} but the journal gives {truth.Counts}");
        if (result != truth.LegalResultText) report.Fail(path, $"{uid}: published result «{result}» but the journal gives «{truth.LegalResultText}»");
    }

    private static void RollCallMatches(string path, string uid, IReadOnlyList<(string Voter, string Result)> rows, PublishedVote truth, VerifyReport report)
    {
        if (truth.IsSecret) { if (rows.Count > 0) report.Fail(path, $"{uid}: a secret ballot must publish no per-deputy rows"); return; }
        var want = truth.RollCall!.Select(l => (l.Deputy.Id, l.Legal)).ToArray();
        if (!rows.SequenceEqual(want))
        {
            var diff = rows.Except(want).Concat(want.Except(rows)).FirstOrDefault();
            report.Fail(path, $"{uid}: the roll call differs from the journal (first difference: {diff.Item1} {diff.Item2}; rows {rows.Count}, journal {want.Length})");
        }
    }

    /// <summary>
    /// secretBallots.csv of one folder: each listed uid must be a vote event of that folder that the journal holds as a
    /// secret ballot, with its turnout, and every secret ballot must be listed. Returns the listed uids (null: unreadable),
    /// which alone excuse a vote event from having per-deputy rows.
    /// </summary>
    private static HashSet<string>? SecretBallots(Dictionary<string, byte[]> files, string dir, string eventsFile,
        IReadOnlyCollection<string> publishedUids, Dictionary<string, PublishedVote> truth, VerifyReport report)
    {
        var path = $"{dir}/{Ua835Tables.SecretBallots.Url}";
        var rows = Table(files, path, Ua835Tables.SecretBallots, report);
        if (rows is null) return null;
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var uid = row["uid"];
            if (!listed.Add(uid)) { report.Fail(path, $"{uid} is listed twice"); continue; }
            if (!publishedUids.Contains(uid)) report.Fail(path, $"{uid} is not a vote event of {eventsFile}");
            if (!truth.TryGetValue(uid, out var t)) { report.Fail(path, $"{uid} is not in the journal"); continue; }
            if (!t.IsSecret) { report.Fail(path, $"{uid} is listed as a secret ballot, but the journal has it as a named vote"); continue; }
            if (row["turnout"] != t.Counts.Cast.ToString(CultureInfo.InvariantCulture))
                report.Fail(path, $"{uid}: turnout '{row["turnout"]}' but the journal gives {t.Counts.Cast}");
            if (string.IsNullOrWhiteSpace(row["note"])) report.Fail(path, $"{uid}: the note is empty");
        }
        foreach (var t in truth.Values.Where(t => t.IsSecret && !listed.Contains(t.Uid)))
            report.Fail(path, $"secret ballot {t.Uid} is not listed (a reader would take its missing roll call for lost data)");
        return listed;
    }

    /// <summary>A vote event with no roll-call rows is complete only when secretBallots.csv lists it.</summary>
    private static void RowsOrListed(string rollCallPath, string uid, bool hasRows, HashSet<string> secret, string secretPath, VerifyReport report)
    {
        if (!hasRows && !secret.Contains(uid))
            report.Fail(rollCallPath, $"{uid}: no per-deputy rows, and {secretPath} does not list it as a secret ballot");
    }

    private static void Normalized(Dictionary<string, byte[]> files, Dictionary<string, PublishedVote> truth, VerifyReport report)
    {
        var eventsPath = $"{NormalizedDir}/{Ua835Tables.VoteEvents.Url}";
        var votePath = $"{NormalizedDir}/{Ua835Tables.Vote.Url}";
        var events = Table(files, eventsPath, Ua835Tables.VoteEvents, report);
        var votes = Table(files, votePath, Ua835Tables.Vote, report);
        if (events is null || votes is null) return;
        var secret = SecretBallots(files, NormalizedDir, eventsPath, events.Select(e => e["uid"]).ToHashSet(), truth, report);
        if (secret is null) return;
        var rollCalls = votes.GroupBy(r => r["uid"]).ToDictionary(g => g.Key, g => g.Select(r => (r["voterUid"], r["result"])).ToList());
        foreach (var uid in rollCalls.Keys.Where(u => events.All(e => e["uid"] != u)))
            report.Fail(votePath, $"rows for vote event {uid}, which voteEvents.csv does not list");
        foreach (var e in events)
        {
            var uid = e["uid"];
            truth.TryGetValue(uid, out var t);
            var counts = Counts(e, eventsPath, "votingAgainst", report);
            if (counts is null) continue;
            rollCalls.TryGetValue(uid, out var rc);
            // Only a listed secret ballot is recounted from nothing but the journal; any other event from its rows.
            Compare(eventsPath, uid, counts, e["result"], t, secret.Contains(uid) ? null : (rc ?? []).Select(r => r.Item2), report);
            RowsOrListed(votePath, uid, rc is not null, secret, $"{NormalizedDir}/{Ua835Tables.SecretBallots.Url}", report);
            if (t is not null) RollCallMatches(votePath, uid, rc ?? [], t, report);
        }
        foreach (var missing in truth.Keys.Where(u => events.All(e => e["uid"] != u)))
            report.Fail(eventsPath, $"vote event {missing} is in the journal but not published");
    }

    private static void Legacy(Dictionary<string, byte[]> files, Dictionary<string, PublishedVote> truth, VerifyReport report)
    {
        var motionsPath = $"{LegacyDir}/{Ua835Tables.LegacyMotions.Url}";
        var votingsPath = $"{LegacyDir}/{Ua835Tables.LegacyVotings.Url}";
        var motions = Table(files, motionsPath, Ua835Tables.LegacyMotions, report);
        var votings = Table(files, votingsPath, Ua835Tables.LegacyVotings, report);
        if (motions is null || votings is null) return;
        var secret = SecretBallots(files, LegacyDir, motionsPath, motions.Select(m => m["uid"]).ToHashSet(), truth, report);
        if (secret is null) return;
        var rollCalls = votings.GroupBy(r => r["motionUid"]).ToDictionary(g => g.Key, g => g.Select(r => (r["voterId"], r["result"])).ToList());
        foreach (var m in motions)
        {
            var uid = m["uid"];
            truth.TryGetValue(uid, out var t);
            var counts = Counts(m, motionsPath, "votingAgainst", report);
            if (counts is null) continue;
            rollCalls.TryGetValue(uid, out var rc);
            Compare(motionsPath, uid, counts, m["votingResult"], t, secret.Contains(uid) ? null : (rc ?? []).Select(r => r.Item2), report);
            RowsOrListed(votingsPath, uid, rc is not null, secret, $"{LegacyDir}/{Ua835Tables.SecretBallots.Url}", report);
            if (t is not null) RollCallMatches(votingsPath, uid, rc ?? [], t, report);
        }
        if (motions.Count != truth.Count) report.Fail(motionsPath, $"{motions.Count} votes published, the journal has {truth.Count}");
    }

    private static void Popolo(Dictionary<string, byte[]> files, Dictionary<string, PublishedVote> truth, VerifyReport report)
    {
        if (!files.TryGetValue(PopoloFile, out var raw)) return;
        try
        {
            using var doc = JsonDocument.Parse(raw);
            var events = doc.RootElement.GetProperty("vote_events").EnumerateArray().ToArray();
            if (events.Length != truth.Count) report.Fail(PopoloFile, $"{events.Length} vote events, the journal has {truth.Count}");
            foreach (var e in events)
            {
                var uid = e.GetProperty("id").GetString() ?? "";
                if (!truth.TryGetValue(uid, out var t)) { report.Fail(PopoloFile, $"vote event {uid} is not in the journal"); continue; }
                var counts = e.GetProperty("counts").EnumerateArray().ToDictionary(c => c.GetProperty("option").GetString()!, c => c.GetProperty("value").GetInt32());
                var published = new LegalCounts(counts.GetValueOrDefault("yes"), counts.GetValueOrDefault("no"), counts.GetValueOrDefault("abstain"),
                    counts.GetValueOrDefault("not voting"), counts.GetValueOrDefault("absent"));
                var result = e.GetProperty("result").ValueKind == JsonValueKind.Null ? null : e.GetProperty("result").GetString();
                if (published != t.Counts) report.Fail(PopoloFile, $"{uid}: counts {published} but the journal gives {t.Counts}");
                if (result != t.PopoloResult) report.Fail(PopoloFile, $"{uid}: result {result ?? "null"} but the journal gives {t.PopoloResult ?? "null"}");
                if (t.IsSecret)
                {
                    if (e.TryGetProperty("votes", out _)) report.Fail(PopoloFile, $"{uid}: a secret ballot must publish no votes");
                    if (!e.TryGetProperty("secret", out var flag) || flag.ValueKind != JsonValueKind.True) report.Fail(PopoloFile, $"{uid}: a secret ballot without \"secret\": true");
                    continue;
                }
                var options = e.GetProperty("votes").EnumerateArray().Select(v => (v.GetProperty("voter_id").GetString()!, v.GetProperty("option").GetString()!)).ToArray();
                var recount = new LegalCounts(options.Count(o => o.Item2 == "yes"), options.Count(o => o.Item2 == "no"), options.Count(o => o.Item2 == "abstain"),
                    options.Count(o => o.Item2 == "not voting"), options.Count(o => o.Item2 == "absent"));
                if (recount != published) report.Fail(PopoloFile, $"{uid}: counts {published} but its votes count {recount}");
                var want = t.RollCall!.Select(l => (l.Deputy.Id, LegalResult.Popolo(l.Result))).ToArray();
                if (!options.SequenceEqual(want)) report.Fail(PopoloFile, $"{uid}: the votes differ from the journal's roll call");
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            report.Fail(PopoloFile, "unreadable: " + ex.Message);
        }
    }
}
