using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Session.Fuzz.Targets;

/// <summary>
/// What the server's own binder knows of one hub: every public method the hub declares, by name, with its parameter
/// types, found by reflection so a method added to a hub is fuzzed without touching this file. Unknown names fail to
/// bind, as they do on the server.
/// </summary>
public sealed class HubBinder(Type hub) : IInvocationBinder
{
    public Type Hub { get; } = hub;

    public IReadOnlyDictionary<string, Type[]> Methods { get; } = hub
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Where(m => !m.IsSpecialName && m.Name is not (nameof(Microsoft.AspNetCore.SignalR.Hub.OnConnectedAsync) or nameof(Microsoft.AspNetCore.SignalR.Hub.OnDisconnectedAsync)))
        .ToDictionary(m => m.Name, m => m.GetParameters().Select(p => p.ParameterType).ToArray(), StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
        Methods.TryGetValue(methodName, out var types) ? types : throw new HubException($"Method '{methodName}' does not exist.");

    // The hubs call no client methods with results and take no client streams.
    public Type GetReturnType(string invocationId) => typeof(object);

    public Type GetStreamItemType(string streamId) => throw new HubException($"No stream '{streamId}'.");
}
