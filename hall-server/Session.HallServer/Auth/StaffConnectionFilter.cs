using Microsoft.AspNetCore.SignalR;

namespace Session.HallServer.Auth;

/// <summary>Enters every hub connection opened with a staff token in <see cref="LiveConnections"/>, and takes it out when it closes.</summary>
public sealed class StaffConnectionFilter(LiveConnections live) : IHubFilter
{
    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var user = context.Context.User;
        if (user?.FindFirst(TokenAuthentication.TokenClaim)?.Value is { } hash && user.Identity?.Name is { } login)
            live.Opened(context.Context, hash, login);
        return next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        live.Closed(context.Context.ConnectionId);
        return next(context, exception);
    }
}
