using System;
using System.IO;
using System.Management.Automation;
using System.Text;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Export-SmsDeliveryReport</c>: writes the delivery report of the objects piped in to a file (UTF-8 without a
/// byte order mark), replacing it.
/// </summary>
[Cmdlet(VerbsData.Export, "SmsDeliveryReport", HelpUri = HelpLinks.Pages + "Export-SmsDeliveryReport.md")]
[OutputType(typeof(FileInfo))]
public sealed class ExportSmsDeliveryReportCommand : DeliveryReportCommand
{
    /// <summary>The file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The states, send results and error records to report on.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    [AllowNull]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>Writes the file's FileInfo to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override string CommandName => "Export-SmsDeliveryReport";

    /// <inheritdoc />
    protected override void ProcessRecord() => Count(InputObject);

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        string report = RenderReport();
        try
        {
            File.WriteAllText(path, report, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is System.Security.SecurityException)
        {
            ThrowTerminatingError(new ErrorRecord(
                new IOException("Export-SmsDeliveryReport could not write '" + path + "': " + ex.Message, ex),
                ErrorRecords.ReportWriteFailed,
                ErrorCategory.WriteError,
                path));
        }

        if (PassThru) WriteObject(new FileInfo(path));
    }
}
