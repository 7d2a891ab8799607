using System.Net;
using System.Net.Sockets;

namespace Session.HallServer.Hosting;

/// <summary>A loopback port that is free now: the system picks it (port 0), we release it and hand it on.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
