using System;
using System.Globalization;

namespace MySmpp
{
    /// <summary>The rules for a message id as users type it or export it (CSV cells, pipeline strings).</summary>
    public static class MySmppIds
    {
        /// <summary>
        /// Parses an id from text: optional surrounding white space, decimal digits only, a positive
        /// 64-bit value. Returns false with a reason (naming no secret) otherwise.
        /// </summary>
        public static bool TryParse(string? text, out long id, out string? problem)
        {
            id = 0;
            if (text == null || text.Trim().Length == 0)
            {
                problem = "The id is empty.";
                return false;
            }

            string trimmed = text.Trim();
            if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id))
            {
                problem = "'" + MessageText.Shorten(trimmed, 40) + "' is not a message id (expected a positive whole number).";
                return false;
            }

            return IsValid(id, out problem);
        }

        /// <summary>True when <paramref name="id"/> is a positive id; otherwise false with a reason.</summary>
        public static bool IsValid(long id, out string? problem)
        {
            problem = id > 0 ? null : "Message ids are positive whole numbers; got " + id.ToString(CultureInfo.InvariantCulture) + ".";
            return problem == null;
        }
    }
}
