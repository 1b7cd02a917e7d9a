namespace MySmpp
{
    /// <summary>How messages quote text they did not write (server answers, user input): cut to a length.</summary>
    internal static class MessageText
    {
        /// <summary>
        /// <paramref name="text"/> cut to <paramref name="max"/> characters with an ellipsis, which the
        /// credential's redaction recognises should the cut fall inside a secret; null becomes empty.
        /// </summary>
        public static string Shorten(string? text, int max) =>
            text == null ? string.Empty : text.Length <= max ? text : text.Substring(0, max) + "…";
    }
}
