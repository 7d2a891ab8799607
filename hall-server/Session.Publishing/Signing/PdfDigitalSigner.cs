using PdfSharp.Pdf.Signatures;

namespace Session.Publishing.Signing;

/// <summary>PDFsharp's signer hook, fed by our <see cref="ISigner"/> so the PDF and the .p7s files share one signer.</summary>
internal sealed class PdfDigitalSigner(ISigner signer, CancellationToken cancellationToken) : IDigitalSigner
{
    public string CertificateName => signer.Name;

    public Task<int> GetSignatureSizeAsync() => Task.FromResult(signer.MaxSignatureSize);

    public Task<byte[]> GetSignatureAsync(Stream stream) => signer.SignDetachedAsync(stream, SignaturePurpose.Pdf, cancellationToken);
}
