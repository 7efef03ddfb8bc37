namespace PkiRevocation.Certificates
{
    /// <summary>
    /// How a serial number INTEGER breaks RFC 5280 4.1.2.2 (a positive integer) or DER (minimal two's complement).
    /// Such serials exist in the wild; they are matched by their exact content octets, and the violation is reported.
    /// </summary>
    internal static class SerialNumberEncoding
    {
        /// <summary>Null for a positive, minimally encoded INTEGER content; otherwise what is wrong with it.</summary>
        public static string? Violation(byte[] content)
        {
            if (content == null || content.Length == 0) return "empty";
            var nonMinimal = content.Length > 1
                             && ((content[0] == 0x00 && (content[1] & 0x80) == 0) || (content[0] == 0xFF && (content[1] & 0x80) != 0));
            var negative = (content[0] & 0x80) != 0;
            if (nonMinimal && negative) return "a negative INTEGER, not minimally encoded";
            if (nonMinimal) return "an INTEGER not minimally encoded (DER requires the shortest form)";
            if (negative) return "a negative INTEGER (RFC 5280 requires a positive serial number)";
            if (content.Length == 1 && content[0] == 0) return "zero (RFC 5280 requires a positive serial number)";
            return null;
        }
    }
}
