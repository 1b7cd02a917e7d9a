namespace MySmpp.Model;

/// <summary>The wire flavour of the gateway's status endpoint.</summary>
public enum MySmppProtocol
{
    /// <summary><c>POST /json/state.php</c>, <c>text/json</c>; supports parts and price (<c>detail</c>).</summary>
    Json = 0,

    /// <summary><c>POST /xml/state.php</c>, <c>text/xml</c>; carries per-channel (SMS/Viber) statuses.</summary>
    Xml = 1,
}
