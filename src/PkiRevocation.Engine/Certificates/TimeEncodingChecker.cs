using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Text;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// Checks certificate and CRL times against RFC 5280 4.1.2.5 and 5.1.2.4: UTCTime YYMMDDHHMMSSZ for dates
    /// through 2049, GeneralizedTime YYYYMMDDHHMMSSZ from 2050; always GMT (Z), always with seconds, never with
    /// fractional seconds. Reads the raw time text (<see cref="TimeText"/>), so it sees what a strict verifier sees.
    /// </summary>
    public static class TimeEncodingChecker
    {
        /// <summary>Decodes and checks the validity period of a DER certificate. Throws FormatException when the DER is not a certificate.</summary>
        public static CertificateValidityTimes CheckCertificate(byte[] certificateDer)
        {
            if (certificateDer == null) throw new ArgumentNullException(nameof(certificateDer));
            var outer = new DerReader(certificateDer, AsnEncodingRules.DER);
            var certificate = outer.Read(DerTag.Sequence);
            var inCertificate = outer.Enter(certificate);
            var tbs = inCertificate.Read(DerTag.Sequence);
            var inTbs = inCertificate.Enter(tbs);
            inTbs.TryRead(DerTag.ContextConstructed(0), out _); // version
            inTbs.Read(DerTag.Integer);                       // serialNumber
            inTbs.Read(DerTag.Sequence);                      // signature
            inTbs.Read(DerTag.Sequence);                      // issuer
            var validity = inTbs.Read(DerTag.Sequence);
            var inValidity = inTbs.Enter(validity);
            var notBefore = Decode("notBefore", certificateDer, inValidity.Read());
            var notAfter = Decode("notAfter", certificateDer, inValidity.Read());
            return new CertificateValidityTimes(notBefore, notAfter);
        }

        /// <summary>Decodes one time value: <paramref name="tag"/> is 0x17 (UTCTime) or 0x18 (GeneralizedTime), <paramref name="content"/> its bytes.</summary>
        public static DecodedTime Decode(string field, int tag, byte[] content) => Decode(field, tag, content, 0, content.Length);

        internal static DecodedTime Decode(string field, byte[] buffer, DerElement element) =>
            Decode(field, element.Tag, buffer, element.ContentOffset, element.ContentLength);

        internal static DecodedTime Decode(string field, int tag, byte[] buffer, int offset, int length)
        {
            var text = Encoding.ASCII.GetString(buffer, offset, length);
            var violations = new List<TimeEncodingViolation>(1);
            string typeName;
            if (tag == DerTag.UtcTime) typeName = "UTCTime";
            else if (tag == DerTag.GeneralizedTime) typeName = "GeneralizedTime";
            else
            {
                violations.Add(new TimeEncodingViolation(field, TimeEncodingViolationKind.Malformed, $"tag 0x{tag:X2} {text}"));
                return new DecodedTime(null, violations);
            }

            var encoded = typeName + " " + text;
            void Add(TimeEncodingViolationKind kind) => violations.Add(new TimeEncodingViolation(field, kind, encoded));

            var time = TimeText.Parse(new ReadOnlySpan<byte>(buffer, offset, length), tag == DerTag.GeneralizedTime);
            if (time.Value == null)
            {
                Add(TimeEncodingViolationKind.Malformed);
                return new DecodedTime(null, violations);
            }

            if (time.Zone != 'Z') Add(TimeEncodingViolationKind.NotGmt);
            if (!time.HasSeconds) Add(TimeEncodingViolationKind.MissingSeconds);
            if (time.FractionDigits > 0) Add(TimeEncodingViolationKind.FractionalSeconds);
            if (tag == DerTag.GeneralizedTime && time.Value.Value.Year < 2050) Add(TimeEncodingViolationKind.GeneralizedTimeBefore2050);
            return new DecodedTime(time.Value, violations);
        }
    }
}
