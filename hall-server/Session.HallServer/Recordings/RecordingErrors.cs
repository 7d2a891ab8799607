using Session.HallServer.Registry;

namespace Session.HallServer.Recordings;

/// <summary>The refusals of the recording upload (docs/api.md "Recordings"), each with its code and both languages.</summary>
public static class RecordingErrors
{
    public static readonly RegistryError KeyRequired = new("terminal-key-required",
        "Потрібен ключ термінала трансляції: Authorization: Bearer {ключ}", "A broadcast terminal key is required: Authorization: Bearer {key}",
        null, StatusCodes.Status401Unauthorized);

    public static readonly RegistryError KeyUnknown = new("terminal-key-unknown",
        "Ключ термінала невідомий або відкликаний", "The terminal key is unknown or revoked", null, StatusCodes.Status401Unauthorized);

    public static readonly RegistryError NotBroadcast = new("terminal-not-broadcast",
        "Завантажувати запис може лише термінал трансляції", "Only a broadcast terminal may upload a recording", null, StatusCodes.Status403Forbidden);

    public static readonly RegistryError OtherCouncil = new("terminal-other-council",
        "Термінал трансляції належить іншій раді, ніж засідання", "The broadcast terminal belongs to another council than the sitting", null, StatusCodes.Status403Forbidden);

    public static RegistryError NoSitting(string id) => new("not-found",
        $"Не знайдено: засідання «{id}»", $"Not found: sitting '{id}'", null, StatusCodes.Status404NotFound);

    public static readonly RegistryError SittingNotClosed = new("sitting-not-closed",
        "Засідання ще не закрите: запис приймається лише після закриття", "The sitting is not closed yet: a recording is accepted only after it closes",
        null, StatusCodes.Status409Conflict);

    public static readonly RegistryError DescriptorTooLarge = new("recording-descriptor-too-large",
        $"Опис запису більший за {RecordingDescriptor.MaxJsonBytes} байтів", $"The recording's descriptor is larger than {RecordingDescriptor.MaxJsonBytes} bytes",
        null, StatusCodes.Status413PayloadTooLarge);

    public static RegistryError DescriptorUnreadable(string problem) => new("recording-descriptor-invalid",
        "Опис запису не є JSON потрібної форми: " + problem, "The recording's descriptor is not JSON of the expected shape: " + problem,
        null, StatusCodes.Status400BadRequest);

    public static readonly RegistryError DescriptorMissing = new("recording-descriptor-missing",
        "Спершу надішліть опис запису (PUT …/recording.json)", "Send the recording's descriptor first (PUT …/recording.json)", null, StatusCodes.Status409Conflict);

    public static readonly RegistryError Exists = new("recording-exists",
        "Запис цього засідання вже прийнято й підписано; інший запис не приймається", "This sitting's recording is already accepted and signed; another one is not accepted",
        null, StatusCodes.Status409Conflict);

    public static readonly RegistryError Busy = new("recording-upload-busy",
        "Запис цього засідання саме завантажується; повторіть, коли завантаження закінчиться", "This sitting's recording is being uploaded now; try again when that upload ends",
        null, StatusCodes.Status409Conflict);

    public static readonly RegistryError LengthRequired = new("length-required",
        "Потрібен заголовок Content-Length", "The Content-Length header is required", null, StatusCodes.Status411LengthRequired);

    public static RegistryError LengthMismatch(long sent, long described) => new("recording-length-mismatch",
        $"Довжина тіла {sent} байтів не збігається з описом запису ({described} байтів); нічого не змінено",
        $"The body's length {sent} bytes does not match the descriptor ({described} bytes); nothing changed", "bytes", StatusCodes.Status422UnprocessableEntity);

    public static readonly RegistryError HashMismatch = new("recording-hash-mismatch",
        "Отриманий файл не збігається з описом запису (SHA-256 або довжина); його не збережено, нічого не змінено",
        "The file received does not match the descriptor (SHA-256 or length); it was not kept, nothing changed", "sha256", StatusCodes.Status422UnprocessableEntity);

    public static readonly RegistryError Incomplete = new("recording-incomplete",
        "Передавання файла обірвалося; його не збережено — надішліть знову", "The file's transfer broke off; it was not kept — send it again",
        null, StatusCodes.Status400BadRequest);
}
