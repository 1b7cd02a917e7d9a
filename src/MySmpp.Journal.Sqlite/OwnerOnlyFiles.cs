using System;
using System.ComponentModel;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MySmpp.Journal.Sqlite;

/// <summary>
/// Creates the journal's folder and file readable by their owner only. On Linux and macOS: the folder 0700 and the file
/// 0600; SQLite creates the -wal and -shm files with the database file's mode, so they are 0600 too. On Windows: a
/// protected DACL that grants the current user full control and nobody else anything; the folder's is inherited by the
/// files created in it (the -wal and -shm), which is why a new folder is made owner-only as well. An existing folder is
/// left as it is (it may be a folder the user shares on purpose); an existing file too.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const int OwnerReadWrite = 0x180; // 0600
    private const int OwnerAll = 0x1C0;       // 0700

    /// <summary>Makes <paramref name="folder"/> (owner-only) when it does not exist; its parents are made as usual.</summary>
    internal static void EnsureFolder(string folder)
    {
        if (Directory.Exists(folder)) return;
        string? parent = Path.GetDirectoryName(folder);
        if (!string.IsNullOrEmpty(parent)) Directory.CreateDirectory(parent);
        Directory.CreateDirectory(folder);
        Restrict(folder, isFolder: true);
    }

    /// <summary>Creates an empty, owner-only <paramref name="file"/> unless it exists; true when it was created here.</summary>
    internal static bool CreateFile(string file)
    {
        try
        {
            // Created 0600 where the runtime can (.NET 7+): made with the default 0666 & ~umask and restricted after, the
            // file was readable by others for a moment, and a file opened in that moment stays readable through that handle.
            using (UnixMode.CreateNew(file, OwnerReadWrite) ?? new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
            {
            }
        }
        catch (IOException) when (File.Exists(file))
        {
            return false; // another runspace or process made it first (and restricted it)
        }

        try
        {
            Restrict(file, isFolder: false);
        }
        catch
        {
            // Never leave a file behind that others could read.
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
            }

            throw;
        }

        return true;
    }

    private static void Restrict(string path, bool isFolder)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            WindowsAcl.GrantOwnerOnly(path, isFolder);
        }
        else
        {
            UnixMode.Set(path, isFolder ? OwnerAll : OwnerReadWrite);
        }
    }

    /// <summary>File modes through .NET's own File.SetUnixFileMode (.NET 7+, so every PowerShell 7.4+), found by reflection from netstandard2.0.</summary>
    internal static class UnixMode
    {
        private static readonly Type? ModeType = Type.GetType("System.IO.UnixFileMode");
        private static readonly MethodInfo? SetMode = ModeType == null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), ModeType });
        private static readonly MethodInfo? GetMode = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });

        internal static void Set(string path, int mode)
        {
            if (SetMode == null || ModeType == null) throw new PlatformNotSupportedException("This runtime cannot set Unix file modes (File.SetUnixFileMode needs .NET 7 or later).");
            try
            {
                SetMode.Invoke(null, new[] { path, Enum.ToObject(ModeType, mode) });
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                throw ex.InnerException;
            }
        }

        private static readonly Type? OptionsType = Type.GetType("System.IO.FileStreamOptions");
        private static readonly ConstructorInfo? StreamWithOptions = OptionsType == null ? null : typeof(FileStream).GetConstructor(new[] { typeof(string), OptionsType });

        /// <summary>
        /// A new file created with <paramref name="mode"/> (less the umask) in the one call that creates it, through
        /// FileStreamOptions.UnixCreateMode (.NET 7+); null on Windows or where the runtime has no such option.
        /// </summary>
        internal static FileStream? CreateNew(string path, int mode)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || OptionsType == null || StreamWithOptions == null || ModeType == null) return null;
            PropertyInfo? createMode = OptionsType.GetProperty("UnixCreateMode");
            if (createMode == null) return null;
            object options = Activator.CreateInstance(OptionsType)!;
            OptionsType.GetProperty("Mode")!.SetValue(options, FileMode.CreateNew);
            OptionsType.GetProperty("Access")!.SetValue(options, FileAccess.Write);
            OptionsType.GetProperty("Share")!.SetValue(options, FileShare.ReadWrite);

            // UnixCreateMode is a UnixFileMode? property.
            createMode.SetValue(options, Enum.ToObject(ModeType, mode));
            try
            {
                return (FileStream)StreamWithOptions.Invoke(new[] { path, options });
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        /// <summary>The mode of <paramref name="path"/> (tests).</summary>
        internal static int Get(string path)
        {
            if (GetMode == null) throw new PlatformNotSupportedException("File.GetUnixFileMode needs .NET 7 or later.");
            return Convert.ToInt32(GetMode.Invoke(null, new object[] { path }), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>An owner-only DACL through the Win32 security API, the same on .NET Framework and .NET (no extra assembly).</summary>
    internal static class WindowsAcl
    {
        private const uint TokenQuery = 0x0008;
        private const int TokenUser = 1;
        private const uint SddlRevision1 = 1;
        private const int SeFileObject = 1;
        private const uint DaclSecurityInformation = 0x00000004;
        private const uint ProtectedDaclSecurityInformation = 0x80000000;

        /// <summary>The SDDL of the owner-only DACL for the current user's <paramref name="sid"/>: full control, inherited by a folder's files and subfolders.</summary>
        internal static string Sddl(string sid, bool isFolder) => "D:P(A;" + (isFolder ? "OICI" : string.Empty) + ";FA;;;" + sid + ")";

        internal static void GrantOwnerOnly(string path, bool isFolder)
        {
            string sid = CurrentUserSid();
            if (!NativeMethods.ConvertStringSecurityDescriptorToSecurityDescriptorW(Sddl(sid, isFolder), SddlRevision1, out IntPtr descriptor, out _))
            {
                throw new Win32Exception(Marshal.GetLastWin32Error());
            }

            try
            {
                if (!NativeMethods.GetSecurityDescriptorDacl(descriptor, out bool present, out IntPtr dacl, out _) || !present)
                {
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                }

                int error = NativeMethods.SetNamedSecurityInfoW(path, SeFileObject, DaclSecurityInformation | ProtectedDaclSecurityInformation, IntPtr.Zero, IntPtr.Zero, dacl, IntPtr.Zero);
                if (error != 0) throw new Win32Exception(error);
            }
            finally
            {
                NativeMethods.LocalFree(descriptor);
            }
        }

        private static string CurrentUserSid()
        {
            if (!NativeMethods.OpenProcessToken(NativeMethods.GetCurrentProcess(), TokenQuery, out IntPtr token)) throw new Win32Exception(Marshal.GetLastWin32Error());
            try
            {
                NativeMethods.GetTokenInformation(token, TokenUser, IntPtr.Zero, 0, out int length);
                IntPtr buffer = Marshal.AllocHGlobal(length);
                try
                {
                    if (!NativeMethods.GetTokenInformation(token, TokenUser, buffer, length, out _)) throw new Win32Exception(Marshal.GetLastWin32Error());
                    IntPtr sid = Marshal.ReadIntPtr(buffer); // TOKEN_USER.User.Sid
                    if (!NativeMethods.ConvertSidToStringSidW(sid, out IntPtr text)) throw new Win32Exception(Marshal.GetLastWin32Error());
                    try
                    {
                        return Marshal.PtrToStringUni(text) ?? throw new Win32Exception("The current user's SID could not be read.");
                    }
                    finally
                    {
                        NativeMethods.LocalFree(text);
                    }
                }
                finally
                {
                    Marshal.FreeHGlobal(buffer);
                }
            }
            finally
            {
                NativeMethods.CloseHandle(token);
            }
        }

        private static class NativeMethods
        {
            [DllImport("kernel32.dll")]
            internal static extern IntPtr GetCurrentProcess();

            [DllImport("kernel32.dll", SetLastError = true)]
            internal static extern bool CloseHandle(IntPtr handle);

            [DllImport("kernel32.dll")]
            internal static extern IntPtr LocalFree(IntPtr memory);

            [DllImport("advapi32.dll", SetLastError = true)]
            internal static extern bool OpenProcessToken(IntPtr process, uint desiredAccess, out IntPtr token);

            [DllImport("advapi32.dll", SetLastError = true)]
            internal static extern bool GetTokenInformation(IntPtr token, int informationClass, IntPtr information, int length, out int returnLength);

            [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            internal static extern bool ConvertSidToStringSidW(IntPtr sid, out IntPtr text);

            [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            internal static extern bool ConvertStringSecurityDescriptorToSecurityDescriptorW(string sddl, uint revision, out IntPtr descriptor, out uint size);

            [DllImport("advapi32.dll", SetLastError = true)]
            internal static extern bool GetSecurityDescriptorDacl(IntPtr descriptor, out bool present, out IntPtr dacl, out bool defaulted);

            [DllImport("advapi32.dll", CharSet = CharSet.Unicode)]
            internal static extern int SetNamedSecurityInfoW(string name, int objectType, uint securityInformation, IntPtr owner, IntPtr group, IntPtr dacl, IntPtr sacl);
        }
    }
}
