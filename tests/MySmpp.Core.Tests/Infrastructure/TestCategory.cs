namespace MySmpp.Core.Tests;

/// <summary>
/// xunit traits for <c>dotnet test --filter</c>. The tests marked <see cref="Slow"/> (a headless browser, the soak, the
/// fuzzers, the heap snapshot, every echo encoding, a million-entry journal) take most of the run's time, so the inner
/// loop leaves them out with <c>--filter "Category!=Slow"</c> (CONTRIBUTING.md); the README's test command runs all.
/// </summary>
internal static class TestCategory
{
    /// <summary>The trait's name.</summary>
    public const string Name = "Category";

    /// <summary>Seconds rather than milliseconds per test.</summary>
    public const string Slow = "Slow";
}
