using System;
using System.Collections.Generic;
using System.Management.Automation;
using MySmpp.PhoneInfo;
using MySmpp.Protocol;
using MySmpp.Sending;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Get-SmsPhoneInfo</c>: operator, region and time zone of phone numbers from the platform's numbering plan
/// (<c>def.php</c>), batched by the session's BatchSize, one <see cref="SmsPhoneInfo"/> per number in input order.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SmsPhoneInfo", HelpUri = HelpLinks.Pages + "Get-SmsPhoneInfo.md")]
[OutputType(typeof(SmsPhoneInfo))]
public sealed class GetSmsPhoneInfoCommand : MySmppCmdlet
{
    private readonly List<string> _pending = new List<string>();
    private MySmppSession? _session;

    /// <summary>The phone numbers.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PhoneNumber", "MobilePhone")]
    [AllowEmptyString]
    public string[] Phone { get; set; } = Array.Empty<string>();

    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing() => _session = ResolveSession(Session);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (string raw in Phone)
        {
            if (!PhoneNumber.TryNormalize(raw, out string phone, out string problem))
            {
                WriteError(PlatformErrors.Invalid(problem, raw));
                continue;
            }

            _pending.Add(phone);
            if (_pending.Count >= _session!.BatchSize) Flush();
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_pending.Count > 0) Flush();
    }

    private void Flush()
    {
        MySmppSession session = _session!;
        IReadOnlyList<string> phones = _pending.ToArray();
        _pending.Clear();
        ItemList<SmsPhoneInfo> infos = RequestAccount(session, stop => session.Client.GetPhoneInfoAsync(phones, LogSink, stop));

        // The answers are in request order, one per number the answer named: walk both lists together.
        int next = 0;
        foreach (string phone in phones)
        {
            if (next < infos.Items.Count && infos.Items[next].Phone == phone)
            {
                WriteObject(infos.Items[next++]);
            }
            else
            {
                WriteError(PlatformErrors.Unanswered("The gateway's answer does not mention " + phone + ".", null, phone));
            }
        }

        foreach (string problem in infos.Problems) WriteError(PlatformErrors.Unreadable(problem, null));
    }
}
