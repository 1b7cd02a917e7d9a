using System.Management.Automation;
using MySmpp.Model;

namespace MySmpp.Benchmarks.Throughput;

/// <summary>
/// Phase (6), PowerShell's floor: a compiled cmdlet that does nothing but write one new <see cref="SmsState"/>
/// per id, the way Get-SmsState writes its results: one <c>WriteObject</c> per state (Get-SmsState writes most of
/// them from ProcessRecord, this cmdlet from EndProcessing; a write costs the same from either).
/// No network, no parsing: what it costs per id is what the PowerShell pipeline charges any cmdlet for
/// carrying an object into <c>$states = ...</c> and keeping it, which no change to Get-SmsState can remove.
/// </summary>
[Cmdlet(VerbsCommunications.Write, "SmsStateFloor")]
[OutputType(typeof(SmsState))]
public sealed class WriteSmsStateFloorCommand : PSCmdlet
{
    /// <summary>The ids to write states for.</summary>
    [Parameter(Mandatory = true)]
    public long[] Id { get; set; } = [];

    /// <summary>The flavour the states say they came from.</summary>
    [Parameter]
    public MySmppProtocol Protocol { get; set; } = MySmppProtocol.Json;

    protected override void EndProcessing()
    {
        foreach (long id in Id)
        {
            WriteObject(new SmsState(id, SmsStatusWire.ToWire(SmsStatus.Delivered)!, statusTime: null, Protocol));
        }
    }
}
