namespace MySmpp.Emulator;

/// <summary>The body the emulated status webhook POSTs.</summary>
public enum EmulatorCallbackFormat
{
    /// <summary><c>[{"id_sms":"…","time":"…","state":"…"}]</c>, answered <c>[{"id_sms":…}]</c>.</summary>
    Json,

    /// <summary>The state.php document, answered <c>&lt;response&gt;&lt;id_sms&gt;…&lt;/id_sms&gt;&lt;/response&gt;</c>.</summary>
    Xml,
}
