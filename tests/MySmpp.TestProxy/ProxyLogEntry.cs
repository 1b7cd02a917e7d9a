using System.Globalization;

namespace MySmpp.TestProxy;

/// <summary>One request the test proxy saw: what was asked, what it answered, and how proxy authentication went.</summary>
/// <param name="Method">The request method (POST).</param>
/// <param name="Target">The absolute URI asked for (the gateway's address).</param>
/// <param name="Status">The status sent back: 407, 502, 501, or the upstream's status.</param>
/// <param name="Authorization"><c>none</c>, <c>accepted</c> or <c>refused</c> (no credential is ever kept).</param>
public sealed record ProxyLogEntry(string Method, string Target, int Status, string Authorization)
{
    /// <summary>The log line, e.g. <c>407 POST http://lk.mysmpp.test:5080/json/state.php proxy-auth=none</c>.</summary>
    public override string ToString() =>
        Status.ToString(CultureInfo.InvariantCulture) + " " + Method + " " + Target + " proxy-auth=" + Authorization;
}
