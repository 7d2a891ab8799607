using Xunit.Abstractions;
using Xunit.Sdk;

namespace Session.HallServer.Tests.Storage;

/// <summary>Runs a class's facts in the ordinal order of their names: for facts sharing one server whose last fact ends its sitting.</summary>
public sealed class ByNameOrderer : ITestCaseOrderer
{
    public const string Name = "Session.HallServer.Tests.Storage.ByNameOrderer";
    public const string Assembly = "Session.HallServer.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}
