namespace PkiRevocation.Certificates
{
    /// <summary>Bytes as upper-case hex, two digits a byte (serial numbers, thumbprints, key hashes): the one place that formats them.</summary>
    internal static class HexText
    {
        private const string Digits = "0123456789ABCDEF";

        public static string Upper(byte[] bytes)
        {
            var chars = new char[bytes.Length * 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[2 * i + 1] = Digits[bytes[i] & 0xF];
            }

            return new string(chars);
        }
    }
}
