using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Session.Publishing.Signing;

/// <summary>Checks a detached CMS signature over content: the math and the message digest, not trust in the issuer.</summary>
public static class DetachedSignature
{
    public sealed record Result(bool Valid, string? Problem, X509Certificate2? Signer);

    public static Result Check(ReadOnlySpan<byte> content, byte[] signature)
    {
        try
        {
            var cms = new SignedCms(new ContentInfo(content.ToArray()), detached: true);
            cms.Decode(signature);
            if (cms.SignerInfos.Count != 1) return new Result(false, $"{cms.SignerInfos.Count} signers where one was expected", null);
            var info = cms.SignerInfos[0];
            info.CheckSignature(verifySignatureOnly: true);
            var cert = info.Certificate;
            if (cert is null) return new Result(false, "the signer's certificate is not included", null);
            // signing-certificate-v2 binds the certificate into the signed attributes; a swapped or altered certificate fails here.
            if (!SigningCertificateMatches(info, cert)) return new Result(false, "signing-certificate-v2 is missing or names another certificate", cert);
            return new Result(true, null, cert);
        }
        catch (CryptographicException ex)
        {
            return new Result(false, ex.Message, null);
        }
    }

    private static bool SigningCertificateMatches(SignerInfo info, X509Certificate2 cert)
    {
        foreach (var attr in info.SignedAttributes)
        {
            if (attr.Oid.Value != "1.2.840.113549.1.9.16.2.47") continue;
            foreach (var value in attr.Values)
            {
                try
                {
                    var r = new AsnReader(value.RawData, AsnEncodingRules.DER);
                    var certs = r.ReadSequence().ReadSequence();
                    var id = certs.ReadSequence();
                    var algorithm = "2.16.840.1.101.3.4.2.1";
                    if (id.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                        algorithm = id.ReadSequence().ReadObjectIdentifier();
                    var hash = id.ReadOctetString();
                    if (algorithm != "2.16.840.1.101.3.4.2.1") return false;
                    return hash.AsSpan().SequenceEqual(SHA256.HashData(cert.RawData));
                }
                catch (AsnContentException) { return false; }
            }
        }
        return false;
    }
}
