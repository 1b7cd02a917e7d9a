using System.Collections.Generic;
using System.Management.Automation;
using MySmpp.Callbacks;
using MySmpp.Model;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>New-SmsStatusCallbackAcknowledgement</c>: the body a status webhook receiver answers the platform with, listing
/// the ids it took (the platform tries a status 5 times until its id comes back). A companion cmdlet rather than a
/// switch of ConvertFrom-SmsStatusCallback, so that a receiver acknowledges only the states it really stored: pipe
/// those in (their Id and Protocol bind by name), and a state that failed to store is pushed again.
/// </summary>
[Cmdlet(VerbsCommon.New, "SmsStatusCallbackAcknowledgement", HelpUri = HelpLinks.Pages + "New-SmsStatusCallbackAcknowledgement.md")]
[OutputType(typeof(StatusCallbackAcknowledgement))]
public sealed class NewSmsStatusCallbackAcknowledgementCommand : MySmppCmdlet
{
    private readonly List<long> _ids = new List<long>();
    private MySmppProtocol? _protocol;

    /// <summary>The ids taken.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("id_sms", "MessageId", "IdSms")]
    [AllowEmptyCollection]
    [MessageIdTransformation]
    public long[] Id { get; set; } = System.Array.Empty<long>();

    /// <summary>The callback's flavour (Json or Xml), which the answer must match; a state piped in brings its own.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public MySmppProtocol Protocol { get; set; }

    /// <summary>Not used: acknowledging needs no connection. Accepted so the cmdlet takes -Session like the others.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (_protocol.HasValue && _protocol.Value != Protocol)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgumentError(new System.ArgumentException("-Protocol: the ids come from callbacks of both flavours (Json and Xml); acknowledge each callback on its own.", nameof(Protocol)), Protocol));
        }

        _protocol = Protocol;
        _ids.AddRange(Id);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (!_protocol.HasValue)
        {
            WriteVerbose("MySmpp: no ids and no -Protocol: there is nothing to acknowledge.");
            return;
        }

        WriteObject(StatusCallback.Acknowledge(_ids, _protocol.Value));
    }
}
