using System.Text.Json;

namespace MySmpp.Protocol.Json;

/// <summary>The JSON flavour's property names, encoded once.</summary>
internal static class JsonNames
{
    public static readonly JsonEncodedText Login = JsonEncodedText.Encode("login");
    public static readonly JsonEncodedText Password = JsonEncodedText.Encode("password");
    public static readonly JsonEncodedText Token = JsonEncodedText.Encode("token");
    public static readonly JsonEncodedText IdSms = JsonEncodedText.Encode("id_sms");
    public static readonly JsonEncodedText Detail = JsonEncodedText.Encode("detail");
}
