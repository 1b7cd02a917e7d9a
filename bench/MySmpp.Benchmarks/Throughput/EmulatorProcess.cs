using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.Benchmarks.Throughput;

/// <summary>
/// The emulator in its own process (<c>dotnet MySmpp.Emulator.dll --urls http://127.0.0.1:PORT</c>), so
/// that neither its CPU bookkeeping nor its allocations nor its memory count against the measured side.
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private EmulatorProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static EmulatorProcess Start(string emulatorDll, int latencyMs, params string[] extraArguments)
    {
        if (!File.Exists(emulatorDll))
        {
            throw new FileNotFoundException($"The emulator is not built at '{emulatorDll}'; build the solution with -c Release or pass --emulator.", emulatorDll);
        }

        int port = FreeLoopbackPort();
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(emulatorDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.ArgumentList.Add("--no-id-tracking");
        start.ArgumentList.Add("--time-scale");
        start.ArgumentList.Add("0");
        if (latencyMs > 0)
        {
            start.ArgumentList.Add("--latency-ms");
            start.ArgumentList.Add(latencyMs.ToString(CultureInfo.InvariantCulture));
        }

        foreach (string extra in extraArguments) start.ArgumentList.Add(extra);

        Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator.");
        var emulator = new EmulatorProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => emulator.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            emulator.WaitUntilReady(TimeSpan.FromSeconds(60));
        }
        catch
        {
            emulator.Dispose();
            throw;
        }

        return emulator;
    }

    /// <summary>The dotnet host running this program (so the emulator runs on the same runtime).</summary>
    internal static string DotnetHost()
    {
        string? self = Environment.ProcessPath;
        if (self != null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;

        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        string runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        string? root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtime)));
        string candidate = root == null ? string.Empty : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    /// <summary>CPU the emulator has used so far.</summary>
    public TimeSpan Cpu()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line == null) return;
        _output.Enqueue(line);
        while (_output.Count > 50 && _output.TryDequeue(out _))
        {
        }
    }

    private void WaitUntilReady(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var endpoint = new Uri(BaseAddress, "json/state.php");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The emulator exited with code {_process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}");
            }

            try
            {
                // An empty array carries no credentials and asks for nothing: the emulator answers [].
                using var content = new StringContent("[]", Encoding.UTF8, "text/json");
                using HttpResponseMessage response = http.PostAsync(endpoint, content).GetAwaiter().GetResult();
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start.
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"The emulator did not answer within {limit.TotalSeconds:0} s:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
