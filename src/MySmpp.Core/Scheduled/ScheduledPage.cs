using System;
using System.Collections.Generic;

namespace MySmpp.Scheduled;

/// <summary>One page of the scheduled messages (<c>list_scheduled.php</c>): the platform refuses to give the whole list at once.</summary>
public sealed class ScheduledPage
{
    /// <summary>Creates a page.</summary>
    public ScheduledPage(int page, int? pageCount, IReadOnlyList<ScheduledSms> items, IReadOnlyList<string>? problems = null)
    {
        Page = page;
        PageCount = pageCount;
        Items = items ?? throw new ArgumentNullException(nameof(items));
        Problems = problems ?? Array.Empty<string>();
    }

    /// <summary>The page number the answer gives (<c>page</c>), from 1.</summary>
    public int Page { get; }

    /// <summary>How many pages the list has now (<c>num_pages</c>); null when the answer does not say.</summary>
    public int? PageCount { get; }

    /// <summary>The messages of the page, in answer order.</summary>
    public IReadOnlyList<ScheduledSms> Items { get; }

    /// <summary>One problem per item that could not be read (safe, single-line texts).</summary>
    public IReadOnlyList<string> Problems { get; }
}
