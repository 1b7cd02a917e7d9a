using System;

namespace MySmpp;

/// <summary>Per-operation settings of <see cref="MySmppClient.StartSend"/>.</summary>
public sealed class SmsSendOptions
{
    /// <summary>Receives log lines (requests, retries), from any thread; never a secret.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Recipients per request; the session's BatchSize when null.</summary>
    public int? BatchSize { get; set; }
}
