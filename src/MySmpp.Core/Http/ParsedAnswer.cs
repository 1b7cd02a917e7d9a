namespace MySmpp.Http;

/// <summary>What a parser made of a complete answer: the value, or the gateway's request-level error text.</summary>
internal readonly struct ParsedAnswer<T>
{
    private ParsedAnswer(T? value, string? errorText)
    {
        Value = value;
        ErrorText = errorText;
    }

    public T? Value { get; }

    public string? ErrorText { get; }

    public static ParsedAnswer<T> Of(T value) => new ParsedAnswer<T>(value, null);

    public static ParsedAnswer<T> Error(string text) => new ParsedAnswer<T>(default, text);
}
