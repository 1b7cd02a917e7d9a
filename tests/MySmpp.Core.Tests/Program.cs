using System;
using System.Threading.Tasks;
using MySmpp.Core.Tests.Live;

namespace MySmpp.Core.Tests;

/// <summary>
/// The test assembly's entry point. The test host never calls it; <see cref="SecretMemoryTests"/> runs
/// <c>dotnet MySmpp.Core.Tests.dll secret-memory-probe</c> so that the heap snapshot is taken of a child process.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 1 && args[0] == SecretMemoryProbe.Command) return await SecretMemoryProbe.RunAsync();
        Console.Error.WriteLine("Run the tests with 'dotnet test'; the only command is " + SecretMemoryProbe.Command + ".");
        return 2;
    }
}
