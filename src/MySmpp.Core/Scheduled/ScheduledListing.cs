using System;
using System.Collections.Generic;
using System.Globalization;
using MySmpp.Errors;

namespace MySmpp.Scheduled;

/// <summary>
/// Reads the whole list of scheduled messages page by page (the platform gives only one page per request) while it may
/// change: messages are sent or cancelled, and new ones scheduled, between two requests, so a page can shift and an item
/// can move to a page already read. The listing never returns a message twice (it remembers the ids it returned), and
/// to avoid missing one it reads a list of more than one page again from page 1, returning only what it had not seen,
/// until a pass brings nothing new and nothing moved, at most <see cref="MaxPasses"/> passes. It follows the latest
/// <c>num_pages</c>, stops a pass at an empty page or a page it already saw in that pass (a server repeating itself),
/// and refuses a page count over <see cref="MaxPages"/>. Drive it with <see cref="NextPage"/> and <see cref="Accept"/>;
/// not thread-safe.
/// </summary>
public sealed class ScheduledListing
{
    /// <summary>Most passes over the list.</summary>
    public const int MaxPasses = 3;

    /// <summary>The largest page count believed; more is a hostile or broken answer.</summary>
    public const int MaxPages = 100_000;

    private readonly HashSet<long> _returned = new HashSet<long>();
    private HashSet<long> _thisPass = new HashSet<long>();
    private int? _firstPageCount;
    private int _firstPageSize = -1;
    private int _newThisPass;
    private bool _moved;
    private int _largestPageCount;

    /// <summary>The page to ask for next, or null when the listing is done.</summary>
    public int? NextPage { get; private set; } = 1;

    /// <summary>The pass under way (1 for the first reading).</summary>
    public int Pass { get; private set; } = 1;

    /// <summary>Pages asked for so far.</summary>
    public int Requests { get; private set; }

    /// <summary>Messages returned so far.</summary>
    public int Returned => _returned.Count;

    /// <summary>
    /// True once the listing is done and its last pass saw a list that did not change: nothing scheduled throughout the
    /// reading can have been missed. False when the list kept changing for <see cref="MaxPasses"/> passes.
    /// </summary>
    public bool IsComplete { get; private set; }

    /// <summary>True when the list changed while it was read (pages shifted, the page count changed).</summary>
    public bool ChangedWhileReading { get; private set; }

    /// <summary>Takes the answer for <see cref="NextPage"/> and returns the messages not returned before, in answer order.</summary>
    /// <exception cref="InvalidOperationException">The listing is done.</exception>
    /// <exception cref="MySmppProtocolException">The answer claims more than <see cref="MaxPages"/> pages.</exception>
    public IReadOnlyList<ScheduledSms> Accept(ScheduledPage answer)
    {
        if (answer == null) throw new ArgumentNullException(nameof(answer));
        int page = NextPage ?? throw new InvalidOperationException("The listing is done.");
        Requests++;
        if (answer.PageCount > MaxPages)
        {
            throw new MySmppProtocolException("The scheduled-messages answer claims " + answer.PageCount.Value.ToString(CultureInfo.InvariantCulture) + " pages; more than " + MaxPages.ToString(CultureInfo.InvariantCulture) + " is not believed.");
        }

        if (answer.PageCount.HasValue)
        {
            if (_firstPageCount == null) _firstPageCount = answer.PageCount;
            else if (_firstPageCount != answer.PageCount) Moved();
            _largestPageCount = Math.Max(_largestPageCount, answer.PageCount.Value);
        }

        if (answer.Page != page) Moved();

        var fresh = new List<ScheduledSms>();
        int repeated = 0;
        foreach (ScheduledSms item in answer.Items)
        {
            if (!_thisPass.Add(item.Id))
            {
                repeated++;
                continue;
            }

            if (_returned.Add(item.Id))
            {
                fresh.Add(item);
                _newThisPass++;
            }
        }

        if (repeated > 0) Moved();

        // A later pass that finds something new proves the list changed under the earlier one.
        if (Pass > 1 && fresh.Count > 0) ChangedWhileReading = true;
        int count = answer.Items.Count + answer.Problems.Count;
        bool last = count == 0
            || (answer.PageCount.HasValue && page >= answer.PageCount.Value)
            || (!answer.PageCount.HasValue && _firstPageSize > 0 && count < _firstPageSize) // no count given: a short page is the last
            || (answer.Items.Count > 0 && repeated == answer.Items.Count)
            || page >= MaxPages;
        if (!last)
        {
            // Every page but the last is full: a shorter one in the middle means the list shrank under us.
            if (_firstPageSize < 0) _firstPageSize = count;
            else if (count != _firstPageSize) Moved();
            NextPage = page + 1;
        }
        else
        {
            EndPass();
        }

        return fresh;
    }

    private void Moved()
    {
        _moved = true;
        ChangedWhileReading = true;
    }

    private void EndPass()
    {
        bool onePage = _largestPageCount <= 1 && (Pass > 1 || Requests == 1);
        bool settled = !_moved && (onePage || (Pass > 1 && _newThisPass == 0));
        if (settled || Pass >= MaxPasses)
        {
            IsComplete = settled;
            NextPage = null;
            return;
        }

        Pass++;
        _thisPass = new HashSet<long>();
        _firstPageCount = null;
        _firstPageSize = -1;
        _newThisPass = 0;
        _moved = false;
        _largestPageCount = 0;
        NextPage = 1;
    }
}
