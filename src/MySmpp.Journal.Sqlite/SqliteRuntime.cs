using System;
using MySmpp.Errors;
using SQLitePCL;

namespace MySmpp.Journal.Sqlite;

/// <summary>
/// Binds SQLitePCLRaw to the e_sqlite3 library, once, before Microsoft.Data.Sqlite is touched. The provider is the
/// DllImport("e_sqlite3") one, and where that name resolves is the module's business: on PowerShell 7 this assembly
/// lives in the module's own AssemblyLoadContext, whose LoadUnmanagedDll answers with the module's file; on Windows
/// PowerShell 5.1 the module has already loaded its e_sqlite3.dll by full path, which is then the module named
/// e_sqlite3.dll that the import binds to. The provider is frozen, so Microsoft.Data.Sqlite's own start-up
/// (Batteries_V2.Init through reflection) changes nothing.
/// </summary>
internal static class SqliteRuntime
{
    private static readonly object Gate = new object();
    private static bool _ready;

    /// <summary>The SQLite version in use, e.g. <c>3.49.1</c>, once initialised.</summary>
    internal static string? Version { get; private set; }

    /// <exception cref="MySmppJournalException">The native library cannot be loaded.</exception>
    internal static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (_ready) return;
            try
            {
                raw.SetProvider(new SQLite3Provider_e_sqlite3());
                raw.FreezeProvider();
                Version = raw.sqlite3_libversion().utf8_to_string();
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException || ex is TypeInitializationException)
            {
                throw new MySmppJournalException(
                    "The journal's SQLite library (e_sqlite3) could not be loaded: " + ex.Message + " Reinstall the module, or send without a journal.",
                    SendJournalProblem.LibraryMissing,
                    null,
                    ex);
            }

            _ready = true;
        }
    }
}
