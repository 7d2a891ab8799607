using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Session.Publishing.Signing;

/// <summary>
/// CMS SignedData (RFC 5652) with SHA-256, signed attributes content-type, message-digest and
/// signing-certificate-v2 (RFC 5035; required by PAdES/CAdES baseline B-B), for an RSA or ECDSA certificate with its key.
/// </summary>
public sealed class X509Signer : ISigner, IDisposable
{
    private static readonly Oid Sha256 = new("2.16.840.1.101.3.4.2.1");
    private static readonly Oid SigningCertificateV2Oid = new("1.2.840.113549.1.9.16.2.47");
    private readonly X509Certificate2 _certificate;
    private readonly AsnEncodedData _signingCertificateV2;
    private readonly TimeProvider _time;

    public X509Signer(X509Certificate2 certificate, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey) throw new ArgumentException($"the certificate '{certificate.Subject}' has no private key", nameof(certificate));
        _certificate = certificate;
        _time = time ?? TimeProvider.System;
        _signingCertificateV2 = new AsnEncodedData(SigningCertificateV2Oid, EncodeSigningCertificateV2(certificate));
        // Certificate + signature + attributes; generous, since an unused tail of the PDF's reserved space is zeros.
        MaxSignatureSize = certificate.RawData.Length + 2048;
    }

    public X509Certificate2 Certificate => _certificate;

    public string Name => _certificate.GetNameInfo(X509NameType.SimpleName, false) is { Length: > 0 } n ? n : _certificate.Subject;

    public int MaxSignatureSize { get; }

    public async Task<byte[]> SignDetachedAsync(Stream content, SignaturePurpose purpose, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Sign(buffer.ToArray(), purpose);
    }

    public byte[] Sign(byte[] content, SignaturePurpose purpose)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _certificate)
        {
            DigestAlgorithm = Sha256,
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(_signingCertificateV2);
        // PAdES B-B: no signing-time attribute in the PDF's CMS (the signature dictionary's /M carries the time).
        if (purpose == SignaturePurpose.DetachedFile)
            signer.SignedAttributes.Add(new Pkcs9SigningTime(_time.GetUtcNow().UtcDateTime));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    /// <summary>SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with SHA-256 (the default, so omitted) and IssuerSerial.</summary>
    internal static byte[] EncodeSigningCertificateV2(X509Certificate2 cert)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())                        // SigningCertificateV2
        using (w.PushSequence())                        // certs
        using (w.PushSequence())                        // ESSCertIDv2
        {
            w.WriteOctetString(SHA256.HashData(cert.RawData));
            using (w.PushSequence())                    // IssuerSerial
            {
                using (w.PushSequence())                // GeneralNames
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true))) // directoryName [4] EXPLICIT Name
                    w.WriteEncodedValue(cert.IssuerName.RawData);
                w.WriteInteger(cert.SerialNumberBytes.Span);
            }
        }
        return w.Encode();
    }

    public void Dispose() => _certificate.Dispose();
}
