using System;
using System.Runtime.CompilerServices;
using TimeZoneConverter;

namespace MySmpp.Commands;

/// <summary>
/// Finds the zone <c>-ServerTimeZone</c> names, as an IANA id (<c>Europe/Moscow</c>) or a Windows id
/// (<c>Russian Standard Time</c>), on every edition. .NET 6+ (PowerShell 7) converts between the two itself; .NET
/// Framework (Windows PowerShell 5.1) knows Windows ids only, so there an IANA id is first mapped to its Windows id with
/// TimeZoneConverter (CLDR's maintained mapping). TimeZoneConverter ships in <c>Dependencies/Desktop</c> only and is
/// touched only on .NET Framework.
/// </summary>
internal static class ServerTimeZones
{
    /// <exception cref="TimeZoneNotFoundException">Neither kind of id this system knows.</exception>
    /// <exception cref="InvalidTimeZoneException">The system's data for the zone is corrupt.</exception>
    public static TimeZoneInfo Find(string id) => Find(id, DesktopDependencyResolver.IsNetFramework);

    internal static TimeZoneInfo Find(string id, bool isNetFramework)
    {
        if (isNetFramework && IanaToWindows(id) is string windowsId) return TimeZoneInfo.FindSystemTimeZoneById(windowsId);
        return TimeZoneInfo.FindSystemTimeZoneById(id);
    }

    /// <summary>The Windows id of IANA id <paramref name="id"/>, or null when it is not one (e.g. already a Windows id).</summary>
    /// <remarks>Not inlined, so that compiling <see cref="Find(string, bool)"/> never loads TimeZoneConverter on PowerShell 7.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static string? IanaToWindows(string id) => TZConvert.TryIanaToWindows(id, out string? windowsId) ? windowsId : null;
}
