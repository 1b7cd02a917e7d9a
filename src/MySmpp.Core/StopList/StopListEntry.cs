namespace MySmpp.StopList;

/// <summary>A number on the account's stop list (<c>list_stop.php</c>): the platform refuses to send to it.</summary>
public sealed class StopListEntry
{
    /// <summary>Creates an entry.</summary>
    public StopListEntry(string phone) => Phone = phone;

    /// <summary>The number: digits, international, no '+'.</summary>
    public string Phone { get; }

    /// <inheritdoc />
    public override string ToString() => Phone;
}
