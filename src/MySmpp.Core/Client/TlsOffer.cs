using System;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security.Authentication;

namespace MySmpp.Client;

/// <summary>
/// Which TLS versions a session's own handler offers. On .NET (PowerShell 7) the handler leaves the choice to the
/// operating system, which offers TLS 1.2 and, where it has it, 1.3. On .NET Framework (Windows PowerShell 5.1) the
/// handler offers what <see cref="ServicePointManager.SecurityProtocol"/> says, and <c>powershell.exe</c> on Windows
/// Server 2016, 2012 R2 and older Windows 10 without the strong-crypto registry values says <c>Ssl3, Tls</c>: no
/// TLS 1.2, so every <c>https://</c> request to a gateway that wants it fails. There, and only there, the handler is
/// told to offer TLS 1.2 (and 1.3 where Windows has it) besides the TLS versions the process allowed. The setting is
/// the handler's own: nothing process-wide (<see cref="ServicePointManager"/>) is changed.
/// </summary>
internal static class TlsOffer
{
    /// <summary><c>SslProtocols.Tls13</c>, which netstandard2.0 does not name.</summary>
    internal const SslProtocols Tls13 = (SslProtocols)12288;

    /// <summary>The first Windows build with TLS 1.3 on by default for clients (Windows Server 2022; Windows 11 is later).</summary>
    private static readonly Version FirstWindowsWithTls13 = new Version(10, 0, 20348);

    /// <summary>True on .NET Framework (Windows PowerShell 5.1); false on .NET (PowerShell 7).</summary>
    internal static bool IsNetFramework =>
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    /// <summary>The offer for a handler made in this process (see <see cref="Choose"/>).</summary>
    internal static SslProtocols? ForThisProcess()
    {
        if (!IsNetFramework) return null; // read nothing .NET Framework-specific on .NET
        OperatingSystem os = Environment.OSVersion;
        bool osHasTls13 = os.Platform == PlatformID.Win32NT && os.Version >= FirstWindowsWithTls13;
        return Choose(isNetFramework: true, ServicePointManager.SecurityProtocol, osHasTls13);
    }

    /// <summary>
    /// What to set on a new handler's <see cref="HttpClientHandler.SslProtocols"/>, or null to leave the runtime's
    /// choice: null on .NET, and on .NET Framework when the process already offers TLS 1.2 or lets Windows decide
    /// (<c>SystemDefault</c>); otherwise the lowest TLS version the process allowed (1.0 or 1.1; SSL 3 the handler
    /// refuses) up to TLS 1.2, plus 1.3 when <paramref name="osHasTls13"/>.
    /// </summary>
    internal static SslProtocols? Choose(bool isNetFramework, SecurityProtocolType processDefault, bool osHasTls13)
    {
        if (!isNetFramework) return null;
        if (processDefault == 0) return null; // SecurityProtocolType.SystemDefault: Windows offers what it has
        if ((processDefault & SecurityProtocolType.Tls12) != 0) return null;

        // From the lowest TLS version the process allowed up to 1.2, without a hole: OpenSSL, for one, drops every
        // version above a hole, so Tls | Tls12 would offer TLS 1.0 alone there.
        SslProtocols offer = SslProtocols.Tls12;
        if ((processDefault & SecurityProtocolType.Tls11) != 0) offer |= SslProtocols.Tls11;
        if ((processDefault & SecurityProtocolType.Tls) != 0) offer |= SslProtocols.Tls | SslProtocols.Tls11;
        return osHasTls13 ? offer | Tls13 : offer;
    }

    /// <summary>Sets <paramref name="offer"/> on <paramref name="handler"/> (nothing when null).</summary>
    internal static void Apply(HttpClientHandler handler, SslProtocols? offer)
    {
        if (offer == null) return;
        try
        {
            handler.SslProtocols = offer.Value;
        }
        catch (NotSupportedException) when ((offer.Value & Tls13) != 0)
        {
            // .NET Framework 4.7.x knows no TLS 1.3 and refuses the flag (4.8 takes it): offer the rest.
            handler.SslProtocols = offer.Value & ~Tls13;
        }
    }
}
