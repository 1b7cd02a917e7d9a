namespace MySmpp.Protocol;

/// <summary>
/// A text the server put where an id's status goes (see <see cref="StatusToken"/>): a message about that id,
/// e.g. that it was never accepted. Kept raw here; quoted safely when it becomes the id's error.
/// </summary>
internal readonly struct IdMessage
{
    public IdMessage(long id, string text)
    {
        Id = id;
        Text = text;
    }

    public long Id { get; }

    public string Text { get; }
}
