using System;
using MySmpp.Waiting;
using Xunit;

namespace MySmpp.Core.Tests.Waiting;

/// <summary>The longest pause between polls follows a long first pause unless set (Wait-SmsState -PollIntervalSec 600).</summary>
public sealed class SmsWaitOptionsTests
{
    [Fact]
    public void The_default_longest_pause_is_two_minutes()
    {
        var options = new SmsWaitOptions { PollInterval = TimeSpan.FromSeconds(30) };
        Assert.Equal(TimeSpan.FromMinutes(2), options.MaxPollInterval);
        options.Validate();
    }

    [Fact]
    public void A_first_pause_longer_than_the_default_longest_one_raises_it()
    {
        var options = new SmsWaitOptions { PollInterval = TimeSpan.FromMinutes(10) };
        Assert.Equal(TimeSpan.FromMinutes(10), options.MaxPollInterval);
        options.Validate();
    }

    [Fact]
    public void A_longest_pause_set_below_the_first_one_is_refused()
    {
        var options = new SmsWaitOptions { PollInterval = TimeSpan.FromMinutes(10), MaxPollInterval = TimeSpan.FromMinutes(1) };
        Assert.Equal(nameof(SmsWaitOptions.MaxPollInterval), Assert.Throws<ArgumentOutOfRangeException>(options.Validate).ParamName);
    }
}
