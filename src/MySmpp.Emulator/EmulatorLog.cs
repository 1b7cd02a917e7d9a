using System;
using Microsoft.Extensions.Logging;

namespace MySmpp.Emulator;

/// <summary>The emulator's own log messages (source-generated, so disabled levels cost nothing).</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Request to {Path} failed inside the emulator.")]
    public static partial void HandlerFailed(ILogger logger, string path, Exception exception);
}
