using Session.Broadcast.Secrets;

namespace Session.Broadcast.Camera;

/// <summary>The PTZ camera named by <c>--camera</c>.</summary>
public abstract record CameraTarget
{
    /// <summary>VISCA over IP (Sony): UDP, each VISCA packet behind an 8-byte header; port 52381 by default.</summary>
    public sealed record ViscaUdp(string Host, int Port) : CameraTarget
    {
        public override string ToString() => $"visca-udp://{Host}:{Port}";
    }

    /// <summary>Bare VISCA packets over a TCP connection, for cameras that take VISCA without Sony's header.</summary>
    public sealed record ViscaTcp(string Host, int Port) : CameraTarget
    {
        public override string ToString() => $"visca-tcp://{Host}:{Port}";
    }

    /// <summary>ONVIF PTZ service (<c>GotoPreset</c>) with a WS-Security UsernameToken digest; the password is a secret.</summary>
    public sealed record Onvif(Uri Service, string User, string Profile, Secret? Password) : CameraTarget
    {
        public override string ToString() => $"onvif://{User}@{Service.Authority}{Service.AbsolutePath}?profile={Profile}";
    }

    public const int ViscaUdpDefaultPort = 52381;

    /// <summary>
    /// <c>visca-udp://HOST[:PORT]</c>, <c>visca-tcp://HOST:PORT</c>,
    /// <c>onvif://USER@HOST[:PORT][/PATH]?profile=TOKEN</c> (path default <c>/onvif/ptz_service</c>).
    /// </summary>
    public static CameraTarget? Parse(string text, Secret? password, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            error = $"'{text}' — не адреса камери / is not a camera address: visca-udp://HOST:PORT, visca-tcp://HOST:PORT or onvif://USER@HOST/PATH?profile=TOKEN";
            return null;
        }
        switch (uri.Scheme)
        {
            case "visca-udp":
                return new ViscaUdp(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? ViscaUdpDefaultPort : uri.Port);
            case "visca-tcp":
                if (uri.IsDefaultPort || uri.Port <= 0) { error = "visca-tcp:// потрібен порт / needs a port, e.g. visca-tcp://10.0.0.5:5678"; return null; }
                return new ViscaTcp(uri.Host, uri.Port);
            case "onvif":
                {
                    var user = Uri.UnescapeDataString(uri.UserInfo);
                    if (user.Contains(':'))
                    {
                        // The password never goes on a command line: ps shows it to every local user.
                        error = "пароль не пишіть в адресі, задайте SESSION_CAMERA_PASSWORD або --camera-password-file / do not put the password in the URL; set SESSION_CAMERA_PASSWORD or --camera-password-file";
                        return null;
                    }
                    var profile = System.Web.HttpUtility.ParseQueryString(uri.Query)["profile"];
                    if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(profile) || profile.Length > 64)
                    {
                        error = "onvif:// потрібні користувач і profile / needs a user and ?profile=TOKEN, e.g. onvif://operator@10.0.0.6/onvif/ptz_service?profile=Profile_1";
                        return null;
                    }
                    var path = uri.AbsolutePath is "" or "/" ? "/onvif/ptz_service" : uri.AbsolutePath;
                    var service = new UriBuilder("http", uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 80 : uri.Port, path).Uri;
                    return new Onvif(service, user, profile, password);
                }
            default:
                error = $"'{uri.Scheme}://' — невідомий протокол камери / unknown camera protocol: visca-udp, visca-tcp or onvif";
                return null;
        }
    }
}
