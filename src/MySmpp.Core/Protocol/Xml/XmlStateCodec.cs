using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;

namespace MySmpp.Protocol.Xml
{
    /// <summary>
    /// The XML flavour: <c>POST xml/state.php</c>, one <c>&lt;request&gt;</c> carrying the credentials once
    /// and every id of the batch, answered by <c>&lt;response&gt;&lt;state …&gt;</c> elements or an error.
    /// </summary>
    internal sealed class XmlStateCodec : IStateCodec
    {
        public static readonly XmlStateCodec Instance = new XmlStateCodec();

        private static readonly XmlWriterSettings WriterSettings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = false,
            CloseOutput = false,
        };

        public MySmppProtocol Protocol => MySmppProtocol.Xml;

        public string RelativePath => "xml/state.php";

        public string MediaType => "text/xml";

        public void WriteRequest(Stream destination, MySmppCredential credential, ReadOnlySpan<long> ids, bool detail)
        {
            // The XML flavour has no "detail"; per-channel statuses always come.
            using (SecretLease secret = credential.LeaseSecret())
            using (XmlWriter writer = XmlWriter.Create(destination, WriterSettings))
            {
                writer.WriteStartDocument();
                writer.WriteStartElement("request");
                writer.WriteStartElement("security");
                if (credential.IsToken)
                {
                    WriteSecretElement(writer, "token", secret);
                }
                else
                {
                    writer.WriteStartElement("login");
                    writer.WriteAttributeString("value", credential.Login);
                    writer.WriteEndElement();
                    WriteSecretElement(writer, "password", secret);
                }

                writer.WriteEndElement();
                writer.WriteStartElement("get_state");
                foreach (long id in ids)
                {
                    writer.WriteStartElement("id_sms");
                    writer.WriteValue(id);
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
                writer.WriteEndDocument();
            }
        }

        public Task<StateResponse> ReadResponseAsync(Stream body, StateReadContext context, CancellationToken cancellationToken) =>
            XmlStateResponseReader.ReadAsync(body, context, cancellationToken);

        // The secret goes from its wiped-after-use buffer into the attribute; it never becomes a string.
        private static void WriteSecretElement(XmlWriter writer, string name, SecretLease secret)
        {
            writer.WriteStartElement(name);
            writer.WriteStartAttribute("value");
            writer.WriteChars(secret.Buffer, 0, secret.Length);
            writer.WriteEndAttribute();
            writer.WriteEndElement();
        }
    }
}
