using PdfSharp.Pdf.Signatures;

namespace Session.Publishing.Signing;

/// <summary>PDFsharp's signer hook, fed by our <see cref="ISigner"/> so the PDF and the .p7s files share one signer.</summary>
internal sealed class PdfDigitalSigner(ISigner signer, CancellationToken cancellationToken) : IDigitalSigner
{
    public string CertificateName => signer.Name;

    public Task<int> GetSignatureSizeAsync() => Task.FromResult(signer.MaxSignatureSize);

    public async Task<byte[]> GetSignatureAsync(Stream stream)
    {
        // PDFsharp's byte-range stream cannot seek (nor answer CanSeek) and reads all its ranges only when asked for its
        // whole length in one call, from wherever the underlying stream stands.
        var bytes = new byte[stream.Length];
        int read = stream.Read(bytes, 0, bytes.Length);
        if (read != bytes.Length) throw new IOException($"read {read} of the {bytes.Length} bytes to sign");
        return await signer.SignDetachedAsync(new MemoryStream(bytes, writable: false), SignaturePurpose.Pdf, cancellationToken).ConfigureAwait(false);
    }
}
