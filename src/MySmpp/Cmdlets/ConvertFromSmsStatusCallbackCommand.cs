using System;
using System.Management.Automation;
using MySmpp.Callbacks;
using MySmpp.Errors;
using MySmpp.Model;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>ConvertFrom-SmsStatusCallback</c>: reads a body the platform's delivery-status webhook POSTed (JSON or the
/// state.php XML) into the same <see cref="SmsState"/> objects Get-SmsState gives, with the status query's own readers.
/// Works without a connection (in an Azure Function, say); a session, when there is one, lends its ServerTimeZone so
/// the states carry StatusTimeOffset as Get-SmsState's do. Answer the platform with New-SmsStatusCallbackAcknowledgement.
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "SmsStatusCallback", HelpUri = HelpLinks.Pages + "ConvertFrom-SmsStatusCallback.md")]
[OutputType(typeof(SmsState))]
public sealed class ConvertFromSmsStatusCallbackCommand : MySmppCmdlet
{
    /// <summary>The request body as received.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("RawBody", "Content")]
    [AllowEmptyString]
    public string Body { get; set; } = string.Empty;

    /// <summary>The request's Content-Type; without it the body's first character tells JSON from XML.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    public string? ContentType { get; set; }

    /// <summary>A session whose ServerTimeZone gives the states a StatusTimeOffset (the default session's when there is one).</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        MySmppSession? session = Session ?? SessionStore.Current;
        TimeZoneInfo? zone = session != null && session.IsConnected ? session.Client.Options.ServerTimeZone : null;
        StatusCallbackContent content;
        try
        {
            content = StatusCallback.Parse(Body ?? string.Empty, ContentType, zone);
        }
        catch (MySmppProtocolException ex)
        {
            WriteError(ErrorRecords.From(ex, null));
            return;
        }

        foreach (SmsState state in content.States) WriteObject(state);
        foreach (MySmppException problem in content.Problems) WriteError(ErrorRecords.From(problem, problem.Ids.Count == 1 ? (object)problem.Ids[0] : null));
    }
}
