// Each test starts its own hall-server and Chromium. On two cores they run in two lanes side by side (Lane), each
// lane one test at a time, balanced by their durations in a suite run; the read-only pages share one stage of their own.
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 2)]

namespace Session.EndToEnd.Tests;

/// <summary>The two collections the end-to-end tests run in: never more than two browsers and halls at once.</summary>
public static class Lane
{
    public const string A = "end-to-end lane A";
    public const string B = "end-to-end lane B";
}
