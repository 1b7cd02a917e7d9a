using System;
using Microsoft.Extensions.Logging;

namespace MySmpp.Emulator;

/// <summary>The emulator's own log messages (source-generated, so disabled levels cost nothing).</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Request to {Path} failed inside the emulator.")]
    public static partial void HandlerFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The status webhook could not reach {Url}: {Reason}")]
    public static partial void CallbackFailed(ILogger logger, Uri url, string reason);
}
