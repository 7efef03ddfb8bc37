using System.Runtime.CompilerServices;
using PkiRevocation.TestSupport;

namespace PkiRevocation.Cli.Tests;

/// <summary>Runs before the first test of this assembly.</summary>
internal static class TestAssembly
{
    [ModuleInitializer]
    internal static void Start() => ThreadPoolFloor.Raise();
}
