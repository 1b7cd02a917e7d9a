namespace MySmpp.Sending;

/// <summary>One <c>&lt;information&gt;</c> of a sending answer.</summary>
internal readonly struct SendAnswerLine
{
    public SendAnswerLine(int numberSms, long? idSms, int? parts, decimal? price, string text)
    {
        NumberSms = numberSms;
        IdSms = idSms;
        Parts = parts;
        Price = price;
        Text = text;
    }

    public int NumberSms { get; }

    public long? IdSms { get; }

    public int? Parts { get; }

    public decimal? Price { get; }

    /// <summary><c>send</c>, "already sent", or a refusal text.</summary>
    public string Text { get; }
}
