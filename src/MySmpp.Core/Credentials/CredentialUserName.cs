using System;

namespace MySmpp.Credentials;

/// <summary>User names as PowerShell credentials (<c>PSCredential.UserName</c>) carry them.</summary>
internal static class CredentialUserName
{
    /// <summary>
    /// The name without the empty domain Windows PowerShell's credential dialog puts before a name typed without
    /// one (<c>\login</c>); the gateway and proxies here are given plain names.
    /// </summary>
    public static string WithoutEmptyDomain(string? userName)
    {
        string name = userName ?? string.Empty;
        return name.StartsWith("\\", StringComparison.Ordinal) ? name.Substring(1) : name;
    }
}
