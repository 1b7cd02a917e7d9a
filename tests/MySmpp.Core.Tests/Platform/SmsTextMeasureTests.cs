using System;
using MySmpp.Texts;
using Xunit;

namespace MySmpp.Core.Tests.Platform;

/// <summary>GSM-7 and UCS-2 parts as the networks count them (3GPP TS 23.038/23.040).</summary>
public class SmsTextMeasureTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Gsm7_parts_are_160_alone_and_153_each_when_concatenated(int length, int parts)
    {
        SmsTextInfo info = SmsTextMeasure.Measure(new string('a', length));

        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal(length, info.Units);
        Assert.Equal(parts, info.Parts);
        Assert.Equal(parts <= 1 ? 160 : 153, info.UnitsPerPart);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2_parts_are_70_alone_and_67_each_when_concatenated(int length, int parts)
    {
        SmsTextInfo info = SmsTextMeasure.Measure(new string('я', length));

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(length, info.Units);
        Assert.Equal(parts, info.Parts);
        Assert.Equal(parts == 1 ? 70 : 67, info.UnitsPerPart);
        Assert.Equal(new[] { "я" }, info.NonGsmCharacters);
    }

    [Fact]
    public void Extension_characters_count_two_septets_and_keep_the_text_gsm7()
    {
        SmsTextInfo eighty = SmsTextMeasure.Measure(new string('€', 80));
        SmsTextInfo eightyOne = SmsTextMeasure.Measure(new string('€', 81));
        SmsTextInfo all = SmsTextMeasure.Measure("^{}\\[~]|€\f");

        Assert.Equal((SmsEncoding.Gsm7, 160, 1), (eighty.Encoding, eighty.Units, eighty.Parts));
        Assert.Equal((162, 2), (eightyOne.Units, eightyOne.Parts));
        Assert.Equal((SmsEncoding.Gsm7, 10, 20), (all.Encoding, all.Characters, all.Units));
        Assert.Empty(all.NonGsmCharacters);
    }

    [Fact]
    public void A_part_never_ends_inside_an_extension_characters_escape()
    {
        // 306 septets: a naive count says 2 parts, but the euro sign (2 septets) cannot start at septet 153.
        string text = new string('a', 152) + "€" + new string('a', 152);

        SmsTextInfo info = SmsTextMeasure.Measure(text);

        Assert.Equal(306, info.Units);
        Assert.Equal(3, info.Parts);
        Assert.Equal(152, info.UnitsLeftInLastPart);
    }

    [Fact]
    public void A_part_never_ends_inside_a_surrogate_pair_and_an_emoji_counts_two_units_but_one_character()
    {
        string text = new string('я', 66) + "😀" + new string('я', 66);

        SmsTextInfo info = SmsTextMeasure.Measure(text);

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(133, info.Characters);
        Assert.Equal(134, info.Units);
        Assert.Equal(3, info.Parts);
        Assert.Equal(new[] { "я", "😀" }, info.NonGsmCharacters);
    }

    [Theory]
    [InlineData("Your code is 1234", SmsEncoding.Gsm7)]
    [InlineData("Line one\nline two\r\n", SmsEncoding.Gsm7)]
    [InlineData("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!¡¿ÄÖÑÜ§äöñüà", SmsEncoding.Gsm7)]
    [InlineData("“Quotes”", SmsEncoding.Ucs2)]
    [InlineData("Tab\there", SmsEncoding.Ucs2)]
    [InlineData("Привет", SmsEncoding.Ucs2)]
    public void The_encoding_follows_the_gsm_alphabet(string text, SmsEncoding encoding)
    {
        Assert.Equal(encoding, SmsTextMeasure.Measure(text).Encoding);
    }

    [Fact]
    public void Null_and_empty_take_no_parts()
    {
        Assert.Equal(0, SmsTextMeasure.Measure(null).Parts);
        Assert.Equal(0, SmsTextMeasure.Measure(string.Empty).Parts);
    }

    [Fact]
    public void Random_texts_fill_their_parts_without_overflowing_any()
    {
        var random = new Random(2611);
        string[] alphabets = { "abc XYZ 0123", "abc€{}", "abcЖ😀", "😀" };
        for (int round = 0; round < 2000; round++)
        {
            string alphabet = alphabets[round % alphabets.Length];
            var chars = new System.Text.StringBuilder();
            int length = random.Next(0, 700);
            var elements = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
            var pieces = new System.Collections.Generic.List<string>();
            while (elements.MoveNext()) pieces.Add((string)elements.Current);
            for (int i = 0; i < length; i++) chars.Append(pieces[random.Next(pieces.Count)]);

            SmsTextInfo info = SmsTextMeasure.Measure(chars.ToString());

            if (info.Units == 0)
            {
                Assert.Equal(0, info.Parts);
                continue;
            }

            Assert.True(info.Parts * info.UnitsPerPart >= info.Units, "parts hold the text");
            Assert.True(info.UnitsLeftInLastPart >= 0 && info.UnitsLeftInLastPart < info.UnitsPerPart);
            int wasted = (info.Parts * info.UnitsPerPart) - info.Units - info.UnitsLeftInLastPart;
            Assert.True(wasted >= 0 && wasted <= info.Parts - 1, "at most one unit lost per part boundary, " + wasted);
        }
    }
}
