using System;
using System.Collections.Generic;
using System.Linq;
using MySmpp.Client;
using MySmpp.Errors;
using MySmpp.Journal;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Client;

/// <summary>
/// Copying an error (to blank a secret, attach ids, say why it is final) keeps everything but the texts, ids
/// and inner exception, for every error type the library has: a copy that fell back to the original would let
/// a secret through.
/// </summary>
public sealed class ErrorCopyTests
{
    private static readonly long[] Ids = { 7, 8 };

    public static IEnumerable<object[]> EveryErrorType() => new MySmppException[]
    {
        new MySmppProtocolException("p", Ids, 400, "server", requestRejected: true, isTransient: true),
        new MySmppTransportException("t", Ids, 503, "server", isTransient: false, isTimeout: true, retryAfter: TimeSpan.FromSeconds(3)),
        new MySmppAuthenticationException("a", Ids, 200, "server"),
        new MySmppAccountLockedException("l", Ids, 200, "server"),
        new MySmppApiException("x", Ids, 200, "server"),
        new MySmppIdNotFoundException("n", Ids, 200, "server"),
        new MySmppProxyAuthenticationException("y", new Uri("http://proxy.example:3128/"), credentialsSent: true, Ids, "server"),
        new MySmppWaitTimeoutException("w", Ids, null),
        new MySmppSendRefusedException("s", SendRefusal.InsufficientFunds, "+10000000000", 42, "server"),
        new MySmppDisconnectedException("d", Ids),
        new MySmppStoppedException("o", Ids),
        new MySmppJournalException("j", SendJournalProblem.Locked, "/home/u/.local/share/MySmpp/journal.db", new InvalidOperationException("inner")),
    }.Select(e => new object[] { e });

    [Theory]
    [MemberData(nameof(EveryErrorType))]
    public void Shown_as_text_an_error_has_its_type_and_message_and_no_stack_trace(MySmppException error)
    {
        MySmppException thrown;
        try
        {
            throw error;
        }
        catch (MySmppException ex)
        {
            thrown = ex;
        }

        Assert.NotNull(thrown.StackTrace);
        Assert.Equal(error.GetType().FullName + ": " + error.Message, thrown.ToString());
    }

    [Fact]
    public void The_list_below_names_every_concrete_error_type()
    {
        var listed = EveryErrorType().Select(row => row[0].GetType()).ToHashSet();
        var all = typeof(MySmppException).Assembly.GetTypes().Where(t => typeof(MySmppException).IsAssignableFrom(t) && !t.IsAbstract);
        Assert.All(all, t => Assert.Contains(t, listed));
    }

    [Theory]
    [MemberData(nameof(EveryErrorType))]
    public void A_copy_changes_only_what_it_is_asked_to(MySmppException original)
    {
        MySmppException copy = ErrorCopy.With(original, message: "[blanked]", serverMessage: "[also blanked]", replaceServerMessage: true);

        Assert.NotSame(original, copy);
        Assert.Equal(original.GetType(), copy.GetType());
        Assert.Equal("[blanked]", copy.Message);
        Assert.Equal(original.ServerMessage == null ? null : "[also blanked]", copy.ServerMessage); // a wait's time-out quotes no server
        Assert.Equal(original.ErrorId, copy.ErrorId);
        Assert.Equal(original.IsTransient, copy.IsTransient);
        Assert.Equal(original.IsSessionFatal, copy.IsSessionFatal);
        Assert.Equal(original.HttpStatusCode, copy.HttpStatusCode);
        Assert.Equal(original.Ids, copy.Ids);
        foreach (var property in original.GetType().GetProperties().Where(p => p.DeclaringType == original.GetType()))
        {
            Assert.Equal(property.GetValue(original), property.GetValue(copy));
        }
    }
}
