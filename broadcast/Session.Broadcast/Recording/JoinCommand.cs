using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Session.Broadcast.Hall;
using Session.Broadcast.Options;
using Session.Broadcast.Secrets;
using Session.Core.Transport;
using Session.Core.Wire;

namespace Session.Broadcast.Recording;

/// <summary>
/// <c>Session.Broadcast join --archive DIR --sitting ID --hall URL [--hall-key-file F] [--hall-ca FP] [--recordings DIR]
/// [--retention-years 5] [--from-journal] [--upload]</c>: rebuilds a closed sitting's recording from the archive — after
/// the broadcast crashed before joining, or to send it again. The marks the broadcast kept (<c>marks-{id}.json</c>) give
/// the very recording it joined; without them, or with <c>--from-journal</c> (a broadcast restarted mid-sitting saw only
/// the part after its restart), they are rebuilt from the hall's published journal and the sitting's view.
/// </summary>
public static class JoinCommand
{
    public const string Usage = "Session.Broadcast join --archive DIR --sitting ID --hall URL [--hall-key-file PATH] [--hall-ca SHA256] [--recordings DIR] [--retention-years 5] [--from-journal] [--upload]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, ILoggerFactory logs, SecretMasker masker, Func<string, string?> environment, CancellationToken ct)
    {
        var log = logs.CreateLogger("Session.Broadcast.Join");
        var values = new Dictionary<string, string>();
        bool upload = false, fromJournal = false;
        if (args is ["--help"] or ["-h"]) { Console.Out.WriteLine(Usage); return 0; }
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--upload") { upload = true; continue; }
            if (args[i] == "--from-journal") { fromJournal = true; continue; }
            if (args[i] is "--archive" or "--sitting" or "--hall" or "--hall-key-file" or "--hall-ca" or "--recordings" or "--retention-years" && i + 1 < args.Count)
            { values[args[i]] = args[++i]; continue; }
            return Bad(log, $"{args[i]}: невідомий параметр або без значення / unknown option or missing value");
        }
        if (!values.TryGetValue("--archive", out var archive) || !values.TryGetValue("--sitting", out var sittingId) || !values.TryGetValue("--hall", out var hallText))
            return Bad(log, "потрібні --archive, --sitting і --hall / --archive, --sitting and --hall are required");
        if (!Uri.TryCreate(hallText, UriKind.Absolute, out var hall) || hall.Scheme is not ("http" or "https"))
            return Bad(log, $"--hall «{hallText}» не є адресою http(s) / is not an http(s) URL");
        int years = RecordingJoiner.DefaultRetentionYears;
        if (values.TryGetValue("--retention-years", out var y) && (!int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out years) || years < RecordingJoiner.DefaultRetentionYears))
            return Bad(log, $"--retention-years: не менше {RecordingJoiner.DefaultRetentionYears} років / at least {RecordingJoiner.DefaultRetentionYears} years");
        HallCaPin? hallCa;
        try { hallCa = HallCaPin.Parse(values.GetValueOrDefault("--hall-ca")); }
        catch (FormatException e) { return Bad(log, e.Message); }
        var keyErrors = new List<CommandLineError>();
        var key = CommandLine.ReadSecret(values, "--hall-key-file", CommandLine.HallKeyVariable, environment, File.ReadAllText, keyErrors, partOfUrl: false);
        if (keyErrors.Count > 0) return Bad(log, string.Join("; ", keyErrors.Select(e => $"{e.Option}: {e.Message}")));
        masker.Add(key);
        if (upload && key is null)
            return Bad(log, $"--upload потребує ключа термінала трансляції ({CommandLine.HallKeyVariable} або --hall-key-file) / --upload needs the broadcast terminal key ({CommandLine.HallKeyVariable} or --hall-key-file)");

        archive = Path.GetFullPath(archive);
        var runs = ArchiveRun.Find(archive);
        if (runs.Count == 0) return Failed(log, RecordingFailed.NoArchive(archive), 3);
        var recordings = Path.GetFullPath(values.GetValueOrDefault("--recordings") ?? Path.Combine(archive, "recordings"));

        SittingMarks marks;
        try
        {
            using var http = HallHttp(hallCa);
            if (hallCa is not null) await hallCa.LoadAsync(hall, ct);
            var view = await FetchViewAsync(http, hall, sittingId, ct);
            if (view is null) return Failed(log, JoinRefused.UnknownSitting(sittingId), 3);
            if (view.Status != "closed") return Failed(log, JoinRefused.NotClosed(sittingId, view.Status), 3);
            if (!fromJournal && SittingMarks.Load(archive, sittingId) is { } kept)
            {
                marks = kept;
                log.LogInformation("Marks of sitting {Sitting} as the broadcast recorded them ({Path})", sittingId, SittingMarks.FilePath(archive, sittingId));
            }
            else
            {
                var journal = await FetchJournalAsync(http, hall, sittingId, ct);
                if (journal is null) return Failed(log, JoinRefused.NoJournal(sittingId), 3);
                marks = FromJournal(view, journal);
                log.LogInformation("Marks of sitting {Sitting} rebuilt from the hall's journal ({Items} items, {Votes} votes)", sittingId, marks.Items.Count, marks.Votes.Count);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or System.Security.Authentication.AuthenticationException or JsonException or FormatException)
        {
            return Failed(log, JoinRefused.HallUnreachable(hall, HubTransport.Why(e)), 4);
        }
        if (marks.OpenedAt is null || marks.ClosedAt is null) return Failed(log, JoinRefused.NoJournal(sittingId), 3);

        RecordingDescriptor recording;
        try
        {
            var selected = await new SegmentWindow().SelectAsync(runs, marks.OpenedAt.Value, marks.ClosedAt.Value + SittingRecorder.LookAhead, ct);
            if (selected.Count == 0) return Failed(log, JoinRefused.NothingRecorded(sittingId, archive), 3);
            recording = await RecordingJoiner.JoinAsync(selected, marks, archive, recordings, years, ct);
        }
        catch (RecordingFailed e) { return Failed(log, e, 4); }
        log.LogInformation("Recording of sitting {Sitting} joined: {Path} ({Seconds:0} s, {Chapters} chapters, {Votes} vote links, sha256 {Sha})",
            sittingId, Path.Combine(recordings, sittingId, recording.File), recording.DurationSeconds, recording.Chapters.Count,
            recording.Votes.Count(v => v.OffsetSeconds is not null), recording.Sha256);
        if (!upload) return 0;
        using var uploader = new RecordingUploader(hall, key!, hallCa, logs.CreateLogger<RecordingUploader>(), TimeProvider.System);
        var outcome = await uploader.UploadAsync(Path.Combine(recordings, sittingId), ct);
        return outcome is UploadOutcome.Uploaded or UploadOutcome.AlreadyThere ? 0 : 5;
    }

    /// <summary>Item starts, the opening and the close at the hall's own journal times; titles and votes from the view.</summary>
    public static SittingMarks FromJournal(SittingView view, IReadOnlyList<(DateTimeOffset At, string Type, JsonElement Data)> journal)
    {
        DateTimeOffset? opened = null, closed = null;
        var items = new List<ItemMark>();
        foreach (var (at, type, data) in journal)
        {
            switch (type)
            {
                case "SittingOpened": opened ??= at; break;
                case "SittingClosed": closed = at; break;
                case "AgendaItemStarted" when data.TryGetProperty("itemId", out var id) && view.Agenda.FirstOrDefault(a => a.Id == id.GetString()) is { } item:
                    if (items.Count == 0 || items[^1].ItemId != item.Id) items.Add(new ItemMark(item.Id, $"{item.Number}. {item.Title}", at));
                    break;
            }
        }
        var votes = view.Votes.Where(v => !v.Test).Select(v => new VoteMark(v.VoteId, v.Number, v.ItemId, v.Motion, v.OpenedAt));
        return SittingMarks.Of(view.SittingId, opened, closed ?? DateTimeOffset.MinValue, items, votes);
    }

    private static HttpClient HallHttp(HallCaPin? hallCa)
    {
        var handler = new SocketsHttpHandler();
        if (hallCa is not null) handler.SslOptions.RemoteCertificateValidationCallback = hallCa.Validate;
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static async Task<SittingView?> FetchViewAsync(HttpClient http, Uri hall, string id, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(hall, $"/api/sittings/{Uri.EscapeDataString(id)}"), ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SittingView>(Web, ct);
    }

    private static async Task<List<(DateTimeOffset, string, JsonElement)>?> FetchJournalAsync(HttpClient http, Uri hall, string id, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(hall, $"/opendata/{Uri.EscapeDataString(id)}/journal.jsonl"), ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        var lines = new List<(DateTimeOffset, string, JsonElement)>();
        foreach (var line in (await response.Content.ReadAsStringAsync(ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            lines.Add((DateTimeOffset.Parse(r.GetProperty("at").GetString()!, CultureInfo.InvariantCulture), r.GetProperty("type").GetString()!,
                r.TryGetProperty("data", out var d) ? d.Clone() : default));
        }
        return lines;
    }

    private static int Bad(ILogger log, string message)
    {
        log.LogError("{Message}", message);
        Console.Error.WriteLine(Usage);
        return 2;
    }

    private static int Failed(ILogger log, RecordingFailed e, int code)
    {
        log.LogError("Запис не зведено / recording not joined [{Code}]: {Uk} / {En}", e.Code, e.Uk, e.En);
        return code;
    }
}

/// <summary>Why <c>join</c> cannot rebuild a sitting's recording (besides the joiner's own <see cref="RecordingFailed"/>).</summary>
public static class JoinRefused
{
    public static RecordingFailed UnknownSitting(string id) =>
        new("sitting-unknown", $"зала не знає засідання «{id}»", $"the hall has no sitting '{id}'");

    public static RecordingFailed NotClosed(string id, string status) =>
        new("sitting-not-closed", $"засідання «{id}» ще не закрите (стан: {status}); запис зводять після закриття", $"sitting '{id}' is not closed yet (status: {status}); its recording is joined after the close");

    public static RecordingFailed NoJournal(string id) =>
        new("journal-missing", $"журнал засідання «{id}» ще не оприлюднено, а позначок трансляції в архіві немає", $"the journal of sitting '{id}' is not published yet and the archive holds no broadcast marks for it");

    public static RecordingFailed NothingRecorded(string id, string archive) =>
        new("not-recorded", $"в архіві «{archive}» немає сегментів із часу засідання «{id}»", $"the archive '{archive}' holds no segments from the time of sitting '{id}'");

    public static RecordingFailed HallUnreachable(Uri hall, string why) =>
        new("hall-unreachable", $"зала {hall} не відповіла: {why}", $"the hall {hall} did not answer: {why}");
}
