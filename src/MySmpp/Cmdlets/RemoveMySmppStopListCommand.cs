using System.Management.Automation;
using MySmpp.StopList;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Remove-MySmppStopList</c>: takes phone numbers off the account's stop list (<c>stop.php</c>), so messages may be
/// sent to them again. A number that was not listed comes back NotFound.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "MySmppStopList", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Pages + "Remove-MySmppStopList.md")]
[OutputType(typeof(StopListChange))]
public sealed class RemoveMySmppStopListCommand : StopListCmdlet
{
    internal override bool Adding => false;
}
