namespace MySmpp.Commands;

/// <summary>
/// Where <c>Get-Help -Online</c> goes: each cmdlet's <c>HelpUri</c> is its page in docs/help of the public repository
/// (the manifest's ProjectUri), rendered by GitHub. The MAML's related links carry no address, so this is the one.
/// </summary>
internal static class HelpLinks
{
    /// <summary>The folder of the rendered help pages; a cmdlet's page is <c>&lt;Verb-Noun&gt;.md</c> in it.</summary>
    public const string Pages = "https://github.com/mysmpp/MySmpp/blob/main/docs/help/";
}
