using System;
using System.Globalization;
using MySmpp.Model;

namespace MySmpp.Commands;

/// <summary>
/// A <see cref="SmsState"/> flattened for files. Every value is an integer, a boolean or text in a fixed,
/// culture-free form, so <c>Export-Csv</c> (which writes each value's <c>ToString()</c> in the current
/// culture) and <c>ConvertTo-Json</c> write the same text in Windows PowerShell 5.1 and PowerShell 7, under
/// any culture. Times are ISO 8601 (<c>2021-04-26T15:15:03</c>; with the offset
/// when the session knows the server's zone), numbers use '.' and no grouping, statuses are names.
/// <c>Import-Csv</c> of such a file pipes straight back into <c>Get-SmsState</c> (the Id column binds).
/// </summary>
public sealed class SmsStateRecord
{
    private const string IsoLocal = "yyyy-MM-dd'T'HH:mm:ss";
    private const string IsoOffset = "yyyy-MM-dd'T'HH:mm:sszzz";

    /// <summary>Creates the record of <paramref name="state"/>.</summary>
    public SmsStateRecord(SmsState state)
    {
        if (state == null) throw new ArgumentNullException(nameof(state));
        Id = state.Id;
        Status = state.Status.ToString();
        RawStatus = SpreadsheetText.Cell(state.RawStatus)!;
        StatusTime = state.StatusTime.HasValue ? state.StatusTime.Value.ToString(IsoLocal, CultureInfo.InvariantCulture) : null;
        StatusTimeOffset = state.StatusTimeOffset.HasValue ? state.StatusTimeOffset.Value.ToString(IsoOffset, CultureInfo.InvariantCulture) : null;
        IsFinal = state.IsFinal;
        IsDelivered = state.IsDelivered;
        SmsStatus = state.SmsStatus.HasValue ? state.SmsStatus.Value.ToString() : null;
        ViberStatus = state.ViberStatus.HasValue ? state.ViberStatus.Value.ToString() : null;
        Parts = state.Parts;
        PricePerPart = state.PricePerPart.HasValue ? InvariantNumber(state.PricePerPart.Value) : null;
        TotalCost = state.TotalCost.HasValue ? InvariantNumber(state.TotalCost.Value) : null;
        Protocol = state.Protocol.ToString();
    }

    /// <summary>The message id (an integer: its text never depends on the culture).</summary>
    public long Id { get; }

    /// <summary>The status name (Sent, Delivered, Read, NotDelivered, Expired, PartlyDelivered, Unknown).</summary>
    public string Status { get; }

    /// <summary>The status as sent on the wire (deliver, read, ...).</summary>
    public string RawStatus { get; }

    /// <summary>The server's time of the last change, ISO 8601 without a zone; <c>null</c> (an empty cell) when there is none.</summary>
    public string? StatusTime { get; }

    /// <summary>The same time with the server's offset, when the session names the server's time zone; else <c>null</c>.</summary>
    public string? StatusTimeOffset { get; }

    /// <summary>The status is final (True/False in a file).</summary>
    public bool IsFinal { get; }

    /// <summary>Delivered or read (True/False in a file).</summary>
    public bool IsDelivered { get; }

    /// <summary>The SMS channel's status name (XML flavour), or <c>null</c>.</summary>
    public string? SmsStatus { get; }

    /// <summary>The Viber channel's status name (XML flavour), or <c>null</c>.</summary>
    public string? ViberStatus { get; }

    /// <summary>The number of parts (JSON flavour with -Detail), or <c>null</c>.</summary>
    public int? Parts { get; }

    /// <summary>The price of one part as invariant text, e.g. <c>10.6</c> (JSON flavour with -Detail), or <c>null</c>.</summary>
    public string? PricePerPart { get; }

    /// <summary>Parts x price as invariant text, or <c>null</c>.</summary>
    public string? TotalCost { get; }

    /// <summary>Json or Xml.</summary>
    public string Protocol { get; }

    /// <inheritdoc />
    public override string ToString() => Id.ToString(CultureInfo.InvariantCulture) + " " + Status;

    // A decimal keeps the scale it was parsed or computed with (10.6000000 and 10.6 are equal but print
    // differently); a record prints the shortest exact form so files compare equal whatever the server sent.
    private static string InvariantNumber(decimal value) => value.ToString(ShortestDecimal, CultureInfo.InvariantCulture);

    private const string ShortestDecimal = "0.############################";
}
