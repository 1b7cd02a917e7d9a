using System;
using System.Runtime.InteropServices;
using System.Security;

namespace MySmpp.Credentials;

/// <summary>
/// A secret's characters, pinned (so the GC cannot leave copies behind) and wiped on dispose.
/// Lives only while a request body is written.
/// </summary>
internal readonly struct SecretLease : IDisposable
{
    private readonly GCHandle _pin;

    private SecretLease(char[] buffer, GCHandle pin)
    {
        Buffer = buffer;
        _pin = pin;
    }

    public char[] Buffer { get; }

    public int Length => Buffer.Length;

    public ReadOnlySpan<char> Chars => Buffer;

    public static SecretLease Open(SecureString secret)
    {
        char[] buffer = new char[secret.Length];
        GCHandle pin = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        IntPtr unmanaged = IntPtr.Zero;
        try
        {
            unmanaged = Marshal.SecureStringToGlobalAllocUnicode(secret);
            Marshal.Copy(unmanaged, buffer, 0, buffer.Length);
            return new SecretLease(buffer, pin);
        }
        catch
        {
            Array.Clear(buffer, 0, buffer.Length);
            pin.Free();
            throw;
        }
        finally
        {
            if (unmanaged != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
        }
    }

    public void Dispose()
    {
        if (Buffer == null) return;
        Array.Clear(Buffer, 0, Buffer.Length);
        if (_pin.IsAllocated) _pin.Free();
    }
}
