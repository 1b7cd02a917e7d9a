using System;
using System.Collections.Generic;
using System.Linq;
using MySmpp.Errors;
using MySmpp.Scheduled;
using Xunit;

namespace MySmpp.Core.Tests.Platform;

/// <summary>Paging through a scheduled list that changes under the reader: no repeats, nothing that stayed is missed, bounded.</summary>
public class ScheduledListingTests
{
    private static ScheduledSms Item(long id) => new ScheduledSms(id, "7900" + id.ToString("D7", System.Globalization.CultureInfo.InvariantCulture), null, null, 1, "sms", null, null, null, null);

    /// <summary>A server's list: pages of <paramref name="size"/> over whatever <paramref name="ids"/> holds when asked.</summary>
    private static ScheduledPage Page(List<long> ids, int page, int size, int? pageCount = -1, int? answeredPage = null)
    {
        int count = pageCount == -1 ? (ids.Count + size - 1) / size : pageCount ?? 0;
        return new ScheduledPage(answeredPage ?? page, pageCount == null ? null : count, ids.Skip((page - 1) * size).Take(size).Select(Item).ToList());
    }

    private static List<long> Drive(ScheduledListing listing, Func<int, int, ScheduledPage> answer, int maxRequests = 10_000)
    {
        var seen = new List<long>();
        int requests = 0;
        while (listing.NextPage is int page)
        {
            Assert.True(++requests <= maxRequests, "the listing does not end");
            seen.AddRange(listing.Accept(answer(page, listing.Pass)).Select(i => i.Id));
        }

        return seen;
    }

    [Fact]
    public void A_single_page_is_read_once()
    {
        var ids = Enumerable.Range(1, 7).Select(i => (long)i).ToList();
        var listing = new ScheduledListing();

        List<long> seen = Drive(listing, (page, _) => Page(ids, page, 10));

        Assert.Equal(ids, seen);
        Assert.Equal((1, true, false), (listing.Requests, listing.IsComplete, listing.ChangedWhileReading));
    }

    [Fact]
    public void An_empty_list_ends_at_once()
    {
        var listing = new ScheduledListing();
        Assert.Empty(Drive(listing, (page, _) => Page(new List<long>(), page, 10)));
        Assert.Equal((1, true), (listing.Requests, listing.IsComplete));
    }

    [Fact]
    public void A_stable_list_of_several_pages_is_read_twice_and_written_once()
    {
        var ids = Enumerable.Range(1, 10_000).Select(i => (long)i).ToList();
        var listing = new ScheduledListing();

        List<long> seen = Drive(listing, (page, _) => Page(ids, page, 100));

        Assert.Equal(ids, seen);
        Assert.Equal((200, 2, true), (listing.Requests, listing.Pass, listing.IsComplete));
    }

    [Fact]
    public void Messages_removed_before_the_reading_point_shift_a_message_back_and_the_second_pass_finds_it()
    {
        var ids = Enumerable.Range(1, 30).Select(i => (long)i).ToList();
        var listing = new ScheduledListing();

        List<long> seen = Drive(listing, (page, pass) =>
        {
            if (pass == 1 && page == 2) ids.RemoveRange(0, 3); // three sent after page 1 was read: 11..13 move to page 1
            return Page(ids, page, 10);
        });

        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), seen.OrderBy(i => i));
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(listing.IsComplete);
        Assert.True(listing.ChangedWhileReading);
    }

    [Fact]
    public void Messages_added_in_front_shift_pages_forward_and_nothing_is_written_twice()
    {
        var ids = Enumerable.Range(100, 25).Select(i => (long)i).ToList();
        var listing = new ScheduledListing();

        List<long> seen = Drive(listing, (page, pass) =>
        {
            if (pass == 1) ids.Insert(0, 1000 + page); // one newly scheduled before every request of the first pass
            return Page(ids, page, 10);
        });

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), Enumerable.Range(100, 25).Select(i => (long)i).ToHashSet());
        Assert.True(listing.IsComplete);
    }

    [Fact]
    public void A_list_that_never_settles_ends_after_three_passes_and_says_it_may_be_incomplete()
    {
        var ids = Enumerable.Range(1, 40).Select(i => (long)i).ToList();
        long next = 1000;
        var listing = new ScheduledListing();

        List<long> seen = Drive(listing, (page, _) =>
        {
            ids.Insert(0, next++);
            ids.RemoveAt(ids.Count - 1);
            return Page(ids, page, 10);
        });

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(ScheduledListing.MaxPasses, listing.Pass);
        Assert.False(listing.IsComplete);
    }

    [Fact]
    public void The_latest_page_count_is_followed_when_pages_are_added_or_removed()
    {
        var grow = Enumerable.Range(1, 20).Select(i => (long)i).ToList();
        var listing = new ScheduledListing();
        List<long> seen = Drive(listing, (page, pass) =>
        {
            if (pass == 1 && page == 2) grow.AddRange(Enumerable.Range(21, 15).Select(i => (long)i)); // two pages more
            return Page(grow, page, 10);
        });
        Assert.Equal(Enumerable.Range(1, 35).Select(i => (long)i), seen);

        var shrink = Enumerable.Range(1, 50).Select(i => (long)i).ToList();
        listing = new ScheduledListing();
        seen = Drive(listing, (page, pass) =>
        {
            if (pass == 1 && page == 2) shrink.RemoveRange(20, 30); // pages 3..5 are gone
            return Page(shrink, page, 10);
        });
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), seen);
        Assert.True(listing.ChangedWhileReading);
    }

    [Fact]
    public void A_server_that_repeats_one_page_forever_does_not_loop_forever()
    {
        var ids = Enumerable.Range(1, 10).Select(i => (long)i).ToList();
        var listing = new ScheduledListing();

        List<long> seen = Drive(listing, (page, _) => Page(ids, 1, 10, pageCount: 99_999, answeredPage: 1), maxRequests: 20);

        Assert.Equal(ids, seen);
        Assert.False(listing.IsComplete);
    }

    [Fact]
    public void Without_a_page_count_pages_are_read_until_an_empty_one()
    {
        var ids = Enumerable.Range(1, 25).Select(i => (long)i).ToList();
        var listing = new ScheduledListing();

        List<long> seen = Drive(listing, (page, _) => Page(ids, page, 10, pageCount: null));

        Assert.Equal(ids, seen);
        Assert.True(listing.IsComplete);
    }

    [Fact]
    public void An_absurd_page_count_is_refused_and_a_done_listing_takes_no_more()
    {
        var listing = new ScheduledListing();
        Assert.Throws<MySmppProtocolException>(() => listing.Accept(new ScheduledPage(1, int.MaxValue, new[] { Item(1) })));

        var done = new ScheduledListing();
        done.Accept(new ScheduledPage(1, 1, new[] { Item(1) }));
        Assert.Null(done.NextPage);
        Assert.Throws<InvalidOperationException>(() => done.Accept(new ScheduledPage(1, 1, Array.Empty<ScheduledSms>())));
    }

    [Fact]
    public void Random_changes_between_requests_never_repeat_a_message_nor_lose_one_that_stayed_once_the_list_settles()
    {
        var random = new Random(2026);
        for (int round = 0; round < 300; round++)
        {
            int size = random.Next(1, 12);
            var ids = Enumerable.Range(1, random.Next(0, 80)).Select(i => (long)i).ToList();
            var stayed = new HashSet<long>(ids);
            long next = 10_000;
            int changes = random.Next(0, 6); // the list settles after a few changes
            var listing = new ScheduledListing();

            List<long> seen = Drive(listing, (page, _) =>
            {
                if (changes > 0 && random.Next(2) == 0)
                {
                    changes--;
                    if (random.Next(2) == 0 && ids.Count > 0)
                    {
                        int at = random.Next(ids.Count);
                        stayed.Remove(ids[at]);
                        ids.RemoveAt(at);
                    }
                    else
                    {
                        ids.Insert(random.Next(ids.Count + 1), next++);
                    }
                }

                return Page(ids, page, size);
            });

            Assert.Equal(seen.Count, seen.Distinct().Count());
            if (listing.IsComplete) Assert.Subset(seen.ToHashSet(), stayed);
        }
    }
}
