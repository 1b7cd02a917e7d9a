using System;
using System.Collections.Generic;
using MySmpp.Journal;

namespace MySmpp.Errors;

/// <summary>
/// The send journal cannot be opened, read or written. The send path refuses to send anything while this is
/// so (nothing is ever sent unjournaled), so each kind says what to do about it.
/// </summary>
public sealed class MySmppJournalException : MySmppException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do, one line, no secret.</param>
    /// <param name="problem">The kind of problem; it decides <see cref="ErrorId"/>.</param>
    /// <param name="path">The journal's file, when known.</param>
    /// <param name="innerException">The storage's own exception, if any.</param>
    public MySmppJournalException(string message, SendJournalProblem problem, string? path, Exception? innerException = null)
        : base(message, null, null, null, innerException)
    {
        Problem = problem;
        Path = path;
    }

    /// <summary>The kind of problem.</summary>
    public SendJournalProblem Problem { get; }

    /// <summary>The journal's file, when known.</summary>
    public string? Path { get; }

    /// <inheritdoc />
    /// <remarks>
    /// <c>MySmpp.JournalLocked</c>, <c>MySmpp.JournalCorrupt</c>, <c>MySmpp.JournalReadOnly</c>, <c>MySmpp.JournalFull</c>;
    /// anything else that keeps the journal from opening (an I/O error, a file of a newer MySmpp, a file that is not a
    /// journal, the SQLite library missing) is <c>MySmpp.JournalUnavailable</c>.
    /// </remarks>
    public override string ErrorId
    {
        get
        {
            switch (Problem)
            {
                case SendJournalProblem.Locked: return "MySmpp.JournalLocked";
                case SendJournalProblem.Corrupt: return "MySmpp.JournalCorrupt";
                case SendJournalProblem.ReadOnly: return "MySmpp.JournalReadOnly";
                case SendJournalProblem.Full: return "MySmpp.JournalFull";
                default: return "MySmpp.JournalUnavailable";
            }
        }
    }

    /// <summary>True for a lock held by another writer past the busy time-out: a later attempt may succeed.</summary>
    public override bool IsTransient => Problem == SendJournalProblem.Locked;

    // A journal error concerns a file, not message ids: only the texts can change.
    internal override MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException) =>
        new MySmppJournalException(message, Problem, Path, innerException);
}
