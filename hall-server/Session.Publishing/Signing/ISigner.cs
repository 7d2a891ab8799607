namespace Session.Publishing.Signing;

/// <summary>What is being signed: the profile differs slightly (PAdES forbids a signing-time attribute; /M carries it).</summary>
public enum SignaturePurpose
{
    /// <summary>A detached <c>.p7s</c> over an open-data file (CAdES-style, with signing time).</summary>
    DetachedFile = 1,
    /// <summary>The byte range of the protocol PDF (PAdES baseline B-B).</summary>
    Pdf = 2,
}

/// <summary>
/// The council's signer: one interface for every signature Session makes, so a Ukrainian qualified signature
/// (КЕП, DSTU 4145 through UAPKI or IIT EUSign) can replace the X.509/RSA/ECDSA one without touching the publisher.
/// Implementations return a DER-encoded CMS SignedData, detached (no encapsulated content), over the whole stream.
/// </summary>
public interface ISigner
{
    /// <summary>Who signs, for the protocol and the PDF's signature appearance (e.g. the certificate's subject).</summary>
    string Name { get; }

    /// <summary>An upper bound of the DER length of one signature; the PDF reserves this many bytes.</summary>
    int MaxSignatureSize { get; }

    Task<byte[]> SignDetachedAsync(Stream content, SignaturePurpose purpose, CancellationToken cancellationToken);
}
