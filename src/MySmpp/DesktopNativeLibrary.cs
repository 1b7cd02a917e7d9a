using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using MySmpp.Errors;
using MySmpp.Journal;

namespace MySmpp.Commands;

/// <summary>
/// Windows PowerShell 5.1: loads the module's e_sqlite3.dll by its full path before SQLitePCLRaw's first
/// <c>DllImport("e_sqlite3")</c>. Windows then binds that import to the module already in memory under that name and
/// searches nowhere (not PATH, not powershell.exe's folder, not the current folder). LOAD_WITH_ALTERED_SEARCH_PATH makes
/// the library's own dependencies (none but the system's) resolve from its folder. A process holds one module per
/// name: if another module loaded an e_sqlite3.dll first, the import binds to that one (see docs/journal.md).
/// </summary>
internal static class DesktopNativeLibrary
{
    private const uint LoadWithAlteredSearchPath = 0x00000008;
    private static readonly object Gate = new object();
    private static IntPtr _handle;

    /// <exception cref="MySmppJournalException">The library cannot be loaded.</exception>
    internal static void Load(string path)
    {
        lock (Gate)
        {
            if (_handle != IntPtr.Zero) return;
            IntPtr handle = LoadLibraryExW(Path.GetFullPath(path), IntPtr.Zero, LoadWithAlteredSearchPath);
            if (handle == IntPtr.Zero)
            {
                var error = new Win32Exception(Marshal.GetLastWin32Error());
                throw new MySmppJournalException("The journal's SQLite library " + path + " could not be loaded (" + error.Message + "). Reinstall the module, or connect with -NoJournal.", SendJournalProblem.LibraryMissing, null, error);
            }

            _handle = handle;
        }
    }

    [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    private static extern IntPtr LoadLibraryExW(string fileName, IntPtr file, uint flags);
}
