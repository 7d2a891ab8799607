using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Session.Publishing.Files;

namespace Session.Publishing.Signing;

/// <summary>Where the council's certificate comes from: a PFX file (made as a demo on first start if asked) or the OS store.</summary>
public static class CertificateSource
{
    public static X509Certificate2 FromPfx(string path, string? password)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"the signing certificate file '{path}' does not exist", path);
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"the signing certificate '{path}' cannot be read (wrong password or not a PFX): {ex.Message}", ex);
        }
    }

    public static X509Certificate2 FromStore(string thumbprint, StoreLocation location = StoreLocation.CurrentUser)
    {
        using var store = new X509Store(StoreName.My, location);
        store.Open(OpenFlags.ReadOnly);
        var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
        return found.Count > 0 ? found[0] : throw new InvalidOperationException($"no certificate with thumbprint {thumbprint} in the {location} store");
    }

    /// <summary>
    /// Loads the PFX at <paramref name="path"/>, or when it does not exist makes a self-signed demo certificate there
    /// (ECDSA P-256 by default, or RSA 3072). <c>Created</c> tells the caller to say so: a demo certificate proves integrity,
    /// not the council's identity.
    /// </summary>
    public static (X509Certificate2 Certificate, bool Created) LoadOrCreateDemo(string path, string? password, string councilName, bool rsa = false)
    {
        if (File.Exists(path)) return (FromPfx(path, password), false);
        using var cert = CreateSelfSigned($"CN=Демонстраційний підпис: {councilName}, O={councilName}, C=UA", rsa);
        var pfx = cert.Export(X509ContentType.Pkcs12, password);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, pfx);
        // The private key: readable by the hall's own user only.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (FromPfx(path, password), true);
    }

    public static X509Certificate2 CreateSelfSigned(string subject, bool rsa)
    {
        var name = new X500DistinguishedName(subject);
        CertificateRequest req;
        if (rsa)
        {
            using var key = RSA.Create(3072);
            req = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return Finish(req);
        }
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        req = new CertificateRequest(name, ec, HashAlgorithmName.SHA256);
        return Finish(req);
    }

    private static X509Certificate2 Finish(CertificateRequest req)
    {
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return req.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
    }
}
