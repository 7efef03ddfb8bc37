using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BcName = Org.BouncyCastle.Asn1.X509.X509Name;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// Distinguished names for people, in one convention everywhere (Subject, Issuer, ResponderName, Steps): the one
    /// X509Certificate2.Subject and the Windows certificate tools use, most specific first, ", " between RDNs
    /// ("CN=web.contoso.com, O=Contoso, C=US").
    /// </summary>
    public static class DistinguishedNames
    {
        public static string Display(byte[] der)
        {
            try
            {
                return new X500DistinguishedName(der).Name;
            }
            catch (CryptographicException)
            {
                try { return BcName.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(der)).ToString(true, BcName.DefaultSymbols).Replace(",", ", "); }
                catch (Exception) { return "(undecodable name)"; }
            }
        }

        internal static string Display(BcName name) => Display(name.GetDerEncoded());
    }
}
