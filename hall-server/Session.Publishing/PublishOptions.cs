using Session.Publishing.Signing;

namespace Session.Publishing;

/// <summary>How one publication runs. <see cref="OutputDir"/> is the folder served as <c>/opendata/</c> (under DATA_DIR).</summary>
public sealed record PublishOptions
{
    /// <summary>The root; files go to <c>{OutputDir}/{sittingId}/</c>.</summary>
    public required string OutputDir { get; init; }

    public required ISigner Signer { get; init; }

    /// <summary>After <c>SittingClosed</c>: the protocol PDF and <c>sitting.zip</c> are made too.</summary>
    public bool Final { get; init; }

    /// <summary>
    /// The council's public site, e.g. <c>https://rada.example.gov.ua</c> (absolute http or https). Every link in the data
    /// (<c>textUrl</c>, <c>sources</c>, Popolo <c>sources</c>) is <c>{BaseUrl}/opendata/{sittingId}/{file}</c>, since portals
    /// ingest the files apart from the site. Required: a relative link would point nowhere.
    /// </summary>
    public required string BaseUrl { get; init; }

    /// <summary>The zone the protocol shows times in (the journal keeps UTC).</summary>
    public string TimeZone { get; init; } = "Europe/Kyiv";

    /// <summary>Facts the journal does not hold (convocation dates, deputies' annex-30 details).</summary>
    public OpenDataProfile Profile { get; init; } = OpenDataProfile.Empty;

    /// <summary>
    /// The sitting's accepted recording, published in a final set as <c>recording.json</c> with a Popolo <c>sources</c>
    /// link per vote to <c>{BaseUrl}/recordings/{sittingId}/recording.mp4#t=OFFSET</c>; null: none (yet).
    /// </summary>
    public Model.PublishedRecording? Recording { get; init; }
}

/// <summary>
/// Council facts the annex-29/30 sets require and the sitting's journal does not carry; from the host's configuration.
/// Missing ones are written as the annex says for missing values («null»), except dates, which are left empty.
/// </summary>
public sealed record OpenDataProfile
{
    public static readonly OpenDataProfile Empty = new();

    public DateOnly? ConvocationFrom { get; init; }

    /// <summary>The convocation's actual last day; null while it runs (then <see cref="ConvocationEnd"/> is the nominal one).</summary>
    public DateOnly? ConvocationUntil { get; init; }

    /// <summary>
    /// What <c>convocations.csv</c> publishes as <c>dateUntil</c> (required by annex 29): the configured end, or for a running
    /// convocation its nominal end, five years after <see cref="ConvocationFrom"/> (Constitution art. 141: a council is
    /// elected for five years). Null only when the start is not configured either.
    /// </summary>
    public DateOnly? ConvocationEnd => ConvocationUntil ?? ConvocationFrom?.AddYears(NominalTermYears);

    /// <summary>Constitution of Ukraine, art. 141: the term of a local council.</summary>
    public const int NominalTermYears = 5;

    /// <summary>The session's first and last day; default: the sitting's date.</summary>
    public DateOnly? SessionFrom { get; init; }
    public DateOnly? SessionUntil { get; init; }

    /// <summary>By deputy id (the roster's id, which is also the annex's <c>votingIdentifier</c>).</summary>
    public IReadOnlyDictionary<string, DeputyProfile> Deputies { get; init; } = new Dictionary<string, DeputyProfile>();
}

/// <summary>
/// A deputy's annex-30 record. <see cref="Fields"/> holds any other column of deputies.csv by its schema name
/// (email, telephone, partyName, address…); names default to the roster's full name split as «Прізвище Ім'я По батькові».
/// </summary>
public sealed record DeputyProfile(int Gender, DateOnly? BirthDate, IReadOnlyDictionary<string, string>? Fields = null);
