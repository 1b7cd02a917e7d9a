using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using MySmpp.Sending;

namespace MySmpp.Journal.Sqlite;

/// <summary>
/// The compact form the send path writes ahead (schema 2): a group of intents as one row of <c>pending_intents</c> (its
/// recipients and its distinct messages, each a blob), the group's texts as one row of <c>pending_texts</c>, and each
/// call's answers to it as one row of <c>pending_outcomes</c>. One row per group, not one indexed row per recipient, is
/// what keeps the write before a request leaves cheap; <see cref="SqliteSendJournal"/> folds the rows into <c>entry</c>
/// before anything reads the journal. The format is private to this storage: written and read only here.
/// </summary>
/// <remarks>
/// Integers are unsigned LEB128 varints of their two's complement (a negative number takes ten bytes); a nullable value
/// is a presence byte (0 or 1) then the value; a text is its UTF-8 length plus one as a varint (0 for null), then its bytes.
/// Recipients refer to messages by index: consecutive recipients whose messages agree (<c>SmsMessage.SameContent</c>, as
/// when they share one <c>&lt;message&gt;</c> of a request) share one message, so a send of one text to 10,000 phones
/// stores the text once.
/// </remarks>
internal static class PendingRecords
{
    /// <summary>How many text fields a message has in <c>pending_texts</c> (<see cref="TextsOf"/>).</summary>
    internal const int TextFields = 5;

    /// <summary>A group's intents, encoded; <see cref="MessageOf"/> and <see cref="Texts"/> are what text dropping needs.</summary>
    internal sealed class EncodedGroup
    {
        public EncodedGroup(byte[] recipients, byte[] messages, int[] messageOf, List<string?[]> texts)
        {
            Recipients = recipients;
            Messages = messages;
            MessageOf = messageOf;
            Texts = texts;
        }

        public byte[] Recipients { get; }

        public byte[] Messages { get; }

        /// <summary>The message index of each recipient, in order.</summary>
        public int[] MessageOf { get; }

        /// <summary>The text fields of each message (<see cref="TextsOf"/>).</summary>
        public List<string?[]> Texts { get; }

        /// <summary>True when some message has a text field: the group then has a <c>pending_texts</c> row.</summary>
        public bool HasTexts
        {
            get
            {
                foreach (string?[] fields in Texts)
                {
                    if (HasText(fields)) return true;
                }

                return false;
            }
        }
    }

    /// <summary>One recipient of a group, decoded, with its message's index.</summary>
    internal readonly struct Recipient
    {
        public Recipient(long position, long clientId, string phone, long sentAt, int message)
        {
            Position = position;
            ClientId = clientId;
            Phone = phone;
            SentAt = sentAt;
            Message = message;
        }

        public long Position { get; }

        public long ClientId { get; }

        public string Phone { get; }

        public long SentAt { get; }

        public int Message { get; }
    }

    /// <summary>The fields of a message other than its texts, decoded.</summary>
    internal sealed class Message
    {
        public long Channel { get; set; }

        public string? Sender { get; set; }

        public string? Campaign { get; set; }

        public long? SendAt { get; set; }

        public long? ValidUntil { get; set; }

        public bool Transliterate { get; set; }

        public string? ViberSender { get; set; }

        public string? TextFingerprint { get; set; }
    }

    /// <summary>True when any of a message's text fields (<see cref="TextsOf"/>) is set.</summary>
    internal static bool HasText(string?[] fields) => Array.Exists(fields, f => f != null);

    /// <summary>The text fields of a message, in the order <c>entry</c> has them: text, Viber text, button text, button URL, image URL.</summary>
    internal static string?[] TextsOf(SmsMessage m) =>
        new[] { m.Text, m.ViberText, m.ButtonText, m.ButtonUrl?.OriginalString, m.ImageUrl?.OriginalString };

    /// <summary>
    /// Encodes a group's intents. <paramref name="fingerprint"/> gives the text fingerprint of a message of a named job
    /// (null otherwise); it is called once per distinct message.
    /// </summary>
    internal static EncodedGroup Encode(IReadOnlyList<SendIntent> intents, Func<SmsMessage, string?> fingerprint)
    {
        var recipients = new Writer(intents.Count * 24);
        var messages = new Writer(256);
        var messageOf = new int[intents.Count];
        var texts = new List<string?[]>();
        SmsMessage? last = null;
        for (int i = 0; i < intents.Count; i++)
        {
            SendIntent intent = intents[i];
            SmsMessage m = intent.Message;
            if (last == null || !last.SameContent(m))
            {
                messages.Varint((long)m.Channel);
                messages.Text(m.Sender);
                messages.Text(m.CampaignName);
                messages.Nullable(m.SendAt.HasValue ? m.SendAt.Value.Ticks : (long?)null);
                messages.Nullable(m.ValidUntil.HasValue ? m.ValidUntil.Value.Ticks : (long?)null);
                messages.Byte(m.Transliterate ? (byte)1 : (byte)0);
                messages.Text(m.ViberSender);
                messages.Text(fingerprint(m));
                texts.Add(TextsOf(m));
                last = m;
            }

            int message = texts.Count - 1;
            messageOf[i] = message;
            recipients.Varint(intent.Position);
            recipients.Varint(intent.ClientId);
            recipients.Text(intent.Phone);
            recipients.Varint(intent.At.ToUnixTimeMilliseconds());
            recipients.Varint(message);
        }

        return new EncodedGroup(recipients.ToArray(), messages.ToArray(), messageOf, texts);
    }

    internal static List<Recipient> DecodeRecipients(byte[] blob, int count)
    {
        // A recipient takes five bytes at least: a count it cannot hold is damage, not a list to allocate.
        if (count < 0 || count > blob.Length / 5) throw Damaged("its count does not fit its recipients");
        var reader = new Reader(blob);
        var recipients = new List<Recipient>(count);
        for (int i = 0; i < count; i++)
        {
            long position = reader.Varint();
            long clientId = reader.Varint();
            string phone = reader.Text() ?? throw Damaged("a recipient has no phone");
            long sentAt = UnixMilliseconds(reader.Varint());
            recipients.Add(new Recipient(position, clientId, phone, sentAt, checked((int)reader.Varint())));
        }

        reader.End();
        return recipients;
    }

    internal static List<Message> DecodeMessages(byte[] blob)
    {
        var reader = new Reader(blob);
        var messages = new List<Message>();
        while (!reader.AtEnd)
        {
            messages.Add(new Message
            {
                Channel = Channel(reader.Varint()),
                Sender = reader.Text(),
                Campaign = reader.Text(),
                SendAt = Ticks(reader.NullableVarint()),
                ValidUntil = Ticks(reader.NullableVarint()),
                Transliterate = reader.Byte() != 0,
                ViberSender = reader.Text(),
                TextFingerprint = reader.Text(),
            });
        }

        return messages;
    }

    /// <summary>Encodes the text fields of each message; a message whose texts were dropped is all nulls.</summary>
    internal static byte[] EncodeTexts(IReadOnlyList<string?[]?> texts)
    {
        var writer = new Writer(256);
        foreach (string?[]? fields in texts)
        {
            for (int f = 0; f < TextFields; f++) writer.Text(fields?[f]);
        }

        return writer.ToArray();
    }

    internal static List<string?[]> DecodeTexts(byte[] blob)
    {
        var reader = new Reader(blob);
        var texts = new List<string?[]>();
        while (!reader.AtEnd)
        {
            var fields = new string?[TextFields];
            for (int f = 0; f < TextFields; f++) fields[f] = reader.Text();

            // The button and image URLs are read back as Uri: one that is none would fail every later read of its entry.
            for (int f = 3; f < TextFields; f++)
            {
                if (fields[f] != null && !Uri.TryCreate(fields[f], UriKind.RelativeOrAbsolute, out _)) throw Damaged("a URL is not one");
            }

            texts.Add(fields);
        }

        return texts;
    }

    internal static byte[] EncodeOutcomes(IReadOnlyList<SendJournalOutcome> outcomes, int start, int end)
    {
        var writer = new Writer((end - start) * 16);
        var prices = new PriceTexts();
        for (int i = start; i < end; i++)
        {
            SendJournalOutcome o = outcomes[i];
            writer.Varint(o.EntryId);
            writer.Byte((byte)o.Kind);
            writer.Nullable(o.IdSms);
            writer.Nullable(o.Parts);
            writer.Text(prices.Text(o.Price));
            writer.Text(o.ErrorId);
            writer.Text(o.ErrorText);
            writer.Varint(o.At.ToUnixTimeMilliseconds());
        }

        return writer.ToArray();
    }

    /// <summary>
    /// A price's invariant text, formatted once for a run of equal prices: the answers of one request usually share one
    /// price, and formatting a decimal costs more than the rest of an answer's encoding.
    /// </summary>
    private struct PriceTexts
    {
        private DecimalBits _last;
        private string? _lastText;

        public string? Text(decimal? price)
        {
            if (!price.HasValue) return null;
            var bits = new DecimalBits { Value = price.Value };

            // Equal bits, not equal values: 1.25 and 1.250 are equal but print differently.
            if (_lastText == null || bits.Low != _last.Low || bits.High != _last.High)
            {
                _last = bits;
                _lastText = price.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return _lastText;
        }
    }

    /// <summary>A decimal's 16 bytes, compared as two longs (netstandard2.0 has no allocation-free GetBits).</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]
    private struct DecimalBits
    {
        [System.Runtime.InteropServices.FieldOffset(0)]
        public decimal Value;

        [System.Runtime.InteropServices.FieldOffset(0)]
        public long Low;

        [System.Runtime.InteropServices.FieldOffset(8)]
        public long High;
    }

    /// <summary>One stored answer, as the outcome statement binds it.</summary>
    internal readonly struct StoredOutcome
    {
        public StoredOutcome(long entryId, long kind, long? idSms, long? parts, string? price, string? errorId, string? errorText, long at)
        {
            EntryId = entryId;
            Kind = kind;
            IdSms = idSms;
            Parts = parts;
            Price = price;
            ErrorId = errorId;
            ErrorText = errorText;
            At = at;
        }

        public long EntryId { get; }

        public long Kind { get; }

        public long? IdSms { get; }

        public long? Parts { get; }

        public string? Price { get; }

        public string? ErrorId { get; }

        public string? ErrorText { get; }

        public long At { get; }
    }

    internal static List<StoredOutcome> DecodeOutcomes(byte[] blob)
    {
        var reader = new Reader(blob);
        var outcomes = new List<StoredOutcome>();
        while (!reader.AtEnd)
        {
            long entryId = reader.Varint();
            byte kind = reader.Byte();
            if (kind <= (byte)SendJournalOutcomeKind.Intent || kind > (byte)SendJournalOutcomeKind.Accepted) throw Damaged("an answer has no known kind");
            long? idSms = reader.NullableVarint();

            // Parts and price are read back from the entry as an int and an invariant decimal: values that are not would
            // fail every later read of the entry (once folded) with something other than the journal's own error.
            long? parts = reader.NullableVarint();
            if (parts.HasValue && (parts.Value < int.MinValue || parts.Value > int.MaxValue)) throw Damaged("an answer's parts are out of range");
            string? price = reader.Text();
            if (price != null && !decimal.TryParse(price, NumberStyles.Number, CultureInfo.InvariantCulture, out _)) throw Damaged("an answer's price is not a number");
            outcomes.Add(new StoredOutcome(entryId, kind, idSms, parts, price, reader.Text(), reader.Text(), UnixMilliseconds(reader.Varint())));
        }

        return outcomes;
    }

    // The values entries are read back with (SmsJournalEntry's times and channel), checked as they come out of a blob.
    private static long UnixMilliseconds(long value) =>
        value >= -62135596800000L && value <= 253402300799999L ? value : throw Damaged("a time is out of range");

    private static long? Ticks(long? value) =>
        value == null || (value.Value >= 0 && value.Value <= DateTime.MaxValue.Ticks) ? value : throw Damaged("a time is out of range");

    private static long Channel(long value) =>
        value >= 0 && value <= int.MaxValue && Enum.IsDefined(typeof(SmsChannel), (int)value) ? value : throw Damaged("a message has no known channel");

    private static InvalidOperationException Damaged(string what) => new InvalidOperationException("A pending record of the journal is damaged: " + what + ".");

    private sealed class Writer
    {
        private byte[] _buffer;
        private int _length;

        public Writer(int capacity) => _buffer = new byte[Math.Max(16, capacity)];

        public void Byte(byte value)
        {
            Ensure(1);
            _buffer[_length++] = value;
        }

        public void Varint(long value)
        {
            Ensure(10);
            ulong v = unchecked((ulong)value);
            while (v >= 0x80)
            {
                _buffer[_length++] = (byte)(v | 0x80);
                v >>= 7;
            }

            _buffer[_length++] = (byte)v;
        }

        public void Nullable(long? value)
        {
            Byte(value.HasValue ? (byte)1 : (byte)0);
            if (value.HasValue) Varint(value.Value);
        }

        public void Text(string? value)
        {
            if (value == null)
            {
                Varint(0);
                return;
            }

            int bytes = Encoding.UTF8.GetByteCount(value);
            Varint(bytes + 1L);
            Ensure(bytes);
            _length += Encoding.UTF8.GetBytes(value, 0, value.Length, _buffer, _length);
        }

        public byte[] ToArray()
        {
            var result = new byte[_length];
            Buffer.BlockCopy(_buffer, 0, result, 0, _length);
            return result;
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length) return;
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }

    private sealed class Reader
    {
        private readonly byte[] _blob;
        private int _at;

        public Reader(byte[] blob) => _blob = blob;

        public bool AtEnd => _at >= _blob.Length;

        public byte Byte()
        {
            if (_at >= _blob.Length) throw Damaged("it ends early");
            return _blob[_at++];
        }

        public long Varint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 70; shift += 7)
            {
                byte b = Byte();
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return unchecked((long)value);
            }

            throw Damaged("a number is too long");
        }

        public long? NullableVarint() => Byte() == 0 ? (long?)null : Varint();

        public string? Text()
        {
            long length = Varint() - 1;
            if (length < 0) return null;
            if (length > _blob.Length - _at) throw Damaged("a text runs past its end");
            string text = Encoding.UTF8.GetString(_blob, _at, (int)length);
            _at += (int)length;
            return text;
        }

        public void End()
        {
            if (!AtEnd) throw Damaged("it has bytes after its last recipient");
        }
    }
}
