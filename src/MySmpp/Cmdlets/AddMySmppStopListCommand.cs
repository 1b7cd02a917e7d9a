using System.Management.Automation;
using MySmpp.StopList;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Add-MySmppStopList</c>: puts phone numbers on the account's stop list (<c>stop.php</c>), so the platform refuses
/// every later message to them (<c>MySmpp.StopListed</c>). Takes replies from Get-SmsInbound by their <c>From</c>.
/// </summary>
[Cmdlet(VerbsCommon.Add, "MySmppStopList", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Pages + "Add-MySmppStopList.md")]
[OutputType(typeof(StopListChange))]
public sealed class AddMySmppStopListCommand : StopListCmdlet
{
    internal override bool Adding => true;
}
