using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.Protocol.Json
{
    /// <summary>
    /// The JSON flavour: <c>POST json/state.php</c>, an array of request objects (credentials repeated in
    /// each, as documented) answered by an array of states or <c>{"error": "…"}</c>.
    /// </summary>
    internal sealed class JsonStateCodec : IStateCodec
    {
        public static readonly JsonStateCodec Instance = new JsonStateCodec();

        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { SkipValidation = true };

        public MySmppProtocol Protocol => MySmppProtocol.Json;

        public string RelativePath => "json/state.php";

        public string MediaType => "text/json";

        public void WriteRequest(Stream destination, MySmppCredential credential, ReadOnlySpan<long> ids, bool detail)
        {
            using (SecretLease secret = credential.LeaseSecret())
            using (var writer = new Utf8JsonWriter(destination, WriterOptions))
            {
                // The secret is written from its wiped-after-use buffer; it never becomes a string.
                writer.WriteStartArray();
                foreach (long id in ids)
                {
                    writer.WriteStartObject();
                    if (credential.IsToken)
                    {
                        writer.WriteString(JsonNames.Token, secret.Chars);
                    }
                    else
                    {
                        writer.WriteString(JsonNames.Login, credential.Login);
                        writer.WriteString(JsonNames.Password, secret.Chars);
                    }

                    writer.WriteNumber(JsonNames.IdSms, id);
                    writer.WriteNumber(JsonNames.Detail, detail ? 1 : 0);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }
        }

        public async Task<StateResponse> ReadResponseAsync(Stream body, StateReadContext context, CancellationToken cancellationToken)
        {
            // JSON is parsed from one pooled buffer: the body is bounded (MaxResponseBytes) and a batch's
            // answer is small, so this beats the bookkeeping of incremental parsing.
            byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            int length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    int n = await body.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
                    if (n == 0) break;
                    length += n;
                }

                return JsonStateResponseReader.Read(new ReadOnlySpan<byte>(buffer, 0, length), context);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
