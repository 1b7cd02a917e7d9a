using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace MySmpp.Commands;

/// <summary>
/// The default session of each runspace: what cmdlets use when no <c>-Session</c> is given.
/// Keyed by runspace, so a <c>ForEach-Object -Parallel</c> branch or a job starts with no default
/// (pass <c>-Session</c> there); the entry goes away with its runspace. Thread-safe.
/// </summary>
internal static class SessionStore
{
    private static readonly object Gate = new object();
    private static readonly ConditionalWeakTable<Runspace, Holder> ByRunspace = new ConditionalWeakTable<Runspace, Holder>();
    private static readonly Holder WithoutRunspace = new Holder();

    /// <summary>The current runspace's default session, or <c>null</c>.</summary>
    internal static MySmppSession? Current
    {
        get
        {
            lock (Gate)
            {
                return HolderOfThisRunspace().Session;
            }
        }
    }

    /// <summary>Makes <paramref name="session"/> the default and returns the one it replaces, if any.</summary>
    internal static MySmppSession? SetCurrent(MySmppSession session)
    {
        lock (Gate)
        {
            Holder holder = HolderOfThisRunspace();
            MySmppSession? previous = holder.Session;
            holder.Session = session;
            return ReferenceEquals(previous, session) ? null : previous;
        }
    }

    /// <summary>Clears the default if it is <paramref name="session"/>; true when it was.</summary>
    internal static bool ClearIfCurrent(MySmppSession session)
    {
        lock (Gate)
        {
            Holder holder = HolderOfThisRunspace();
            if (!ReferenceEquals(holder.Session, session)) return false;
            holder.Session = null;
            return true;
        }
    }

    /// <summary>True when <paramref name="session"/> is the current runspace's default.</summary>
    internal static bool IsCurrent(MySmppSession session)
    {
        lock (Gate)
        {
            return ReferenceEquals(HolderOfThisRunspace().Session, session);
        }
    }

    private static Holder HolderOfThisRunspace()
    {
        Runspace? runspace = Runspace.DefaultRunspace;
        return runspace == null ? WithoutRunspace : ByRunspace.GetValue(runspace, _ => new Holder());
    }

    private sealed class Holder
    {
        public MySmppSession? Session { get; set; }
    }
}
