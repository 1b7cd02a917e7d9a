using System.Management.Automation;

namespace MySmpp.Commands;

/// <summary>
/// Picks the table a state is shown with. One query answers in one shape: the JSON flavour without
/// -Detail has only id, status and time; with -Detail it adds parts and price; the XML flavour adds the
/// SMS and Viber channel statuses instead. A single table with every column would not fit 80 columns
/// and would always show empty ones, so each shape gets its own type name (and view in
/// MySmpp.Format.ps1xml) on top of MySmpp.SmsState, so -is, binding and Select-Object still see a MySmpp.SmsState.
/// </summary>
internal static class SmsStateView
{
    /// <summary>States with the SMS/Viber channel statuses (XML flavour).</summary>
    public const string Channels = "MySmpp.SmsState#Channels";

    /// <summary>States with parts and price (JSON flavour with -Detail).</summary>
    public const string Detail = "MySmpp.SmsState#Detail";

    public static object ForOutput(SmsState state)
    {
        string? shape = state.SmsStatus != null || state.ViberStatus != null || state.Protocol == MySmppProtocol.Xml ? Channels
            : state.Parts != null || state.PricePerPart != null ? Detail
            : null;
        if (shape == null) return state;
        var wrapped = new PSObject(state);
        wrapped.TypeNames.Insert(0, shape);
        return wrapped;
    }
}
