using System.Text.Json;
using System.Xml;
using MySmpp.Credentials;
using MySmpp.Http;
using MySmpp.Protocol.Xml;

namespace MySmpp.Account;

/// <summary>The bodies of the account endpoints, which carry nothing but the credentials.</summary>
internal static class AccountRequest
{
    /// <summary><c>&lt;request&gt;&lt;security&gt;…&lt;/security&gt;&lt;/request&gt;</c>.</summary>
    public static void WriteXml(PooledBuffer body, MySmppCredential credential)
    {
        using (XmlWriter writer = GatewayXml.CreateWriter(body))
        {
            GatewayXml.WriteRequestStart(writer, credential);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
    }

    /// <summary><c>{"login":"…","password":"…"}</c> or <c>{"token":"…"}</c>; the secret goes from its wiped buffer straight to bytes.</summary>
    public static void WriteJson(PooledBuffer body, MySmppCredential credential)
    {
        using (SecretLease secret = credential.LeaseSecret())
        using (var writer = new Utf8JsonWriter((System.Buffers.IBufferWriter<byte>)body))
        {
            writer.WriteStartObject();
            if (credential.IsToken)
            {
                writer.WriteString("token", secret.Chars);
            }
            else
            {
                writer.WriteString("login", credential.Login);
                writer.WriteString("password", secret.Chars);
            }

            writer.WriteEndObject();
            writer.Flush();
        }
    }
}
