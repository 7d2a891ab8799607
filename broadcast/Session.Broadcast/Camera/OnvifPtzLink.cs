using System.Security.Cryptography;
using System.Security;
using System.Text;

namespace Session.Broadcast.Camera;

/// <summary>
/// ONVIF PTZ <c>GotoPreset</c> (ONVIF PTZ Service Specification, SOAP 1.2) authenticated with a WS-Security
/// UsernameToken: PasswordDigest = Base64(SHA-1(nonce + created + password)) (OASIS UsernameToken Profile 1.0 §3.1).
/// </summary>
public sealed class OnvifPtzLink(CameraTarget.Onvif target, TimeSpan answerTimeout) : ICameraLink
{
    private const string Action = "http://www.onvif.org/ver20/ptz/wsdl/GotoPreset";
    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public async Task RecallAsync(string preset, CancellationToken ct)
    {
        var body = Envelope(target.User, target.Password?.Reveal() ?? "", target.Profile, preset, RandomNumberGenerator.GetBytes(16), DateTimeOffset.UtcNow);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"application/soap+xml; charset=utf-8; action=\"{Action}\"");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(answerTimeout);
        HttpResponseMessage response;
        try { response = await http.PostAsync(target.Service, content, deadline.Token); }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        { throw new CameraException($"камера ONVIF {target.Service.Authority} не відповідає", $"ONVIF camera {target.Service.Authority} does not answer"); }
        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            var text = await response.Content.ReadAsStringAsync(ct);
            var reason = Fault(text) ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new CameraException($"камера ONVIF відмовила: {reason}", $"ONVIF camera refused GotoPreset: {reason}");
        }
    }

    /// <summary>The SOAP request, public for the test that checks its digest.</summary>
    public static string Envelope(string user, string password, string profile, string preset, byte[] nonce, DateTimeOffset created)
    {
        var createdText = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var digest = Convert.ToBase64String(SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(createdText), .. Encoding.UTF8.GetBytes(password)]));
        static string X(string s) => SecurityElement.Escape(s);
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl"><s:Header><wsse:Security s:mustUnderstand="1" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><wsse:UsernameToken><wsse:Username>{X(user)}</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">{digest}</wsse:Password><wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">{Convert.ToBase64String(nonce)}</wsse:Nonce><wsu:Created>{createdText}</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header><s:Body><tptz:GotoPreset><tptz:ProfileToken>{X(profile)}</tptz:ProfileToken><tptz:PresetToken>{X(preset)}</tptz:PresetToken></tptz:GotoPreset></s:Body></s:Envelope>
            """;
    }

    private static string? Fault(string xml)
    {
        // <s:Reason><s:Text>…</s:Text></s:Reason>: enough for the operator; bounded so a big page cannot flood the log.
        int i = xml.IndexOf(":Text", StringComparison.Ordinal);
        if (i < 0) return null;
        int start = xml.IndexOf('>', i) + 1, end = xml.IndexOf('<', start);
        return start > 0 && end > start ? xml[start..Math.Min(end, start + 200)].Trim() : null;
    }

    public void Dispose() => http.Dispose();
}
