using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PkiRevocation.Diagnostics;
using PkiRevocation.Files;
using BcParser = Org.BouncyCastle.X509.X509CertificateParser;
using BcPkcs12Store = Org.BouncyCastle.Pkcs.Pkcs12Store;

namespace PkiRevocation.Certificates
{
    /// <summary>
    /// Reads every certificate from a file: PEM (any number of CERTIFICATE or PKCS7 blocks), DER, PKCS#7
    /// (.p7b/.p7c, DER or BER) and PKCS#12 (.pfx/.p12, certificates only: private keys are never imported).
    /// </summary>
    public static class CertificateFileReader
    {
        /// <summary>File name endings picked up when a folder is scanned.</summary>
        public static readonly IReadOnlyCollection<string> CertificateExtensions =
            new[] { ".cer", ".crt", ".pem", ".der", ".p7b", ".p7c", ".pfx", ".p12" };

        /// <summary>
        /// Reads a file (a regular file: PEM streamed, at most <see cref="InputFile.PemCertificateLimit"/> bytes; other
        /// forms read whole, at most <see cref="InputFile.CertificateLimit"/>). Either certificates or a failure naming
        /// the file comes back.
        /// </summary>
        public static Outcome<IReadOnlyList<LoadedCertificate>> Read(string path, SecureString? password = null) =>
            InputFile.Use(path, InputFileKind.Certificate, (stream, what) =>
            {
                // A file is PEM when a BEGIN line starts in its first 64 KiB (as when it was read whole).
                // Sized by the file (one byte more, to see its end) so that a folder of small files allocates little.
                var size = stream.CanSeek ? stream.Length : 0;
                var head = new byte[size > 0 && size < PemCertificateReader.SniffLength ? (int)size + 1 : PemCertificateReader.SniffLength];
                var length = 0;
                int read;
                while ((read = stream.Read(head, length, head.Length - length)) > 0)
                {
                    length += read;
                    if (length == head.Length && length < PemCertificateReader.SniffLength) Array.Resize(ref head, PemCertificateReader.SniffLength); // it grew
                    if (length == head.Length) break;
                }
                if (!PemCertificateReader.LooksLikePem(new ReadOnlySpan<byte>(head, 0, length)))
                {
                    var bytes = InputFile.ReadBounded(stream, path, what, InputFile.CertificateLimit, new ReadOnlySpan<byte>(head, 0, length));
                    return bytes.IsFailure ? bytes.Failure! : Parse(bytes.Result!, path, password);
                }

                try
                {
                    return Checked(PemCertificateReader.Read(stream, head, length, InputFile.PemCertificateLimit, path, der => FromPkcs7(der, path, CertificateFormat.Pem)), path);
                }
                catch (PemCertificateReader.TooLargeException ex)
                {
                    return InputFile.TooLarge(path, what, ex.Limit, null);
                }
                catch (PemCertificateReader.ReadFailedException ex)
                {
                    return new InputFailure(path, ErrorIds.FileUnreadable, FailureKind.InvalidData, $"Cannot read the {what} '{path}': {ex.InnerException!.Message}", ex.InnerException);
                }
                catch (Exception ex) when (IsUnreadable(ex))
                {
                    return NotCertificate(path, ex);
                }
            });

        /// <summary>Parses file content; <paramref name="source"/> names it in results and errors.</summary>
        public static Outcome<IReadOnlyList<LoadedCertificate>> Parse(byte[] bytes, string source, SecureString? password = null)
        {
            try
            {
                if (PemCertificateReader.LooksLikePem(bytes)) return Checked(PemCertificateReader.Read(bytes, source, der => FromPkcs7(der, source, CertificateFormat.Pem)), source);
                return Checked(FromDer(bytes, source, password, out var failure), source, failure);
            }
            catch (Exception ex) when (IsUnreadable(ex))
            {
                return NotCertificate(source, ex);
            }
        }

        // What the decoders throw for content that is not a certificate.
        private static bool IsUnreadable(Exception ex) =>
            ex is FormatException || ex is IOException || ex is ArgumentException || ex is InvalidCastException
            || ex is Org.BouncyCastle.Security.Certificates.CertificateException || ex is Org.BouncyCastle.Asn1.Asn1Exception;

        private static Outcome<IReadOnlyList<LoadedCertificate>> Checked(List<LoadedCertificate> certificates, string source, InputFailure? failure = null)
        {
            if (failure != null) return failure;
            if (certificates.Count == 0) return NotCertificate(source, null);
            return Outcome<IReadOnlyList<LoadedCertificate>>.Success(certificates);
        }

        private static InputFailure NotCertificate(string source, Exception? ex) =>
            new InputFailure(source, ErrorIds.NotACertificate, FailureKind.InvalidData,
                $"'{source}' holds no certificate that can be read (expected PEM, DER, PKCS#7 or PKCS#12)" + (ex == null ? "." : $": {ex.Message}"), ex);

        private static List<LoadedCertificate> FromDer(byte[] bytes, string source, SecureString? password, out InputFailure? failure)
        {
            failure = null;
            var kind = Classify(bytes);
            switch (kind)
            {
                case DerKind.Certificate:
                    return new List<LoadedCertificate> { new LoadedCertificate(bytes, source, CertificateFormat.Der) };
                case DerKind.Pkcs12:
                    return FromPkcs12(bytes, source, password, out failure);
                default:
                    return FromPkcs7(bytes, source, CertificateFormat.Pkcs7);
            }
        }

        private enum DerKind { Certificate, Pkcs12, Other }

        private static DerKind Classify(byte[] bytes)
        {
            try
            {
                var reader = new DerReader(bytes, AsnEncodingRules.DER);
                var outer = reader.Read(DerTag.Sequence);
                var inner = reader.Enter(outer);
                var first = inner.Read();
                if (first.Tag == DerTag.Sequence) return DerKind.Certificate;
                if (first.Tag == DerTag.Integer && first.ContentLength == 1 && bytes[first.ContentOffset] == 3) return DerKind.Pkcs12;
            }
            catch (FormatException)
            {
                // BER (indefinite lengths) is common for PKCS#7 and PKCS#12: let BouncyCastle decide.
                if (bytes.Length > 4 && bytes[0] == 0x30 && bytes[1] == 0x80 && bytes[2] == 0x02 && bytes[3] == 0x01 && bytes[4] == 0x03) return DerKind.Pkcs12;
            }

            return DerKind.Other;
        }

        private static List<LoadedCertificate> FromPkcs7(byte[] bytes, string source, CertificateFormat format)
        {
            var parser = new BcParser();
            var certificates = parser.ReadCertificates(bytes);
            var result = new List<LoadedCertificate>();
            if (certificates == null) return result;
            foreach (Org.BouncyCastle.X509.X509Certificate certificate in certificates)
                result.Add(new LoadedCertificate(certificate.GetEncoded(), source, format));
            return result;
        }

        private static List<LoadedCertificate> FromPkcs12(byte[] bytes, string source, SecureString? password, out InputFailure? failure)
        {
            failure = null;
            BcPkcs12Store? store = null;
            Exception? last = null;
            foreach (var candidate in PasswordCandidates(password))
            {
                try
                {
                    var loaded = new Org.BouncyCastle.Pkcs.Pkcs12StoreBuilder().Build();
                    using (var stream = new MemoryStream(bytes))
                        loaded.Load(stream, candidate);
                    store = loaded;
                    break;
                }
                catch (IOException ex)
                {
                    last = ex;
                }
                finally
                {
                    Array.Clear(candidate, 0, candidate.Length);
                }
            }

            if (store == null)
            {
                var isMac = last?.Message.IndexOf("MAC", StringComparison.OrdinalIgnoreCase) >= 0 || last?.Message.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0;
                if (!isMac) throw new FormatException(last?.Message ?? "not a PKCS#12 file", last);
                failure = password == null
                    ? new InputFailure(source, ErrorIds.PfxPasswordRequired, FailureKind.AuthenticationFailed, $"'{source}' is protected by a password: give it with -Password (--password-env in pkirev).", last)
                    : new InputFailure(source, ErrorIds.PfxPasswordInvalid, FailureKind.AuthenticationFailed, $"The password for '{source}' is not correct.", last);
                return new List<LoadedCertificate>();
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var result = new List<LoadedCertificate>();
            foreach (string alias in store.Aliases)
            {
                var entry = store.GetCertificate(alias);
                var chain = store.IsKeyEntry(alias) ? store.GetCertificateChain(alias) : null;
                var entries = chain != null && chain.Length > 0 ? chain : entry == null ? Array.Empty<Org.BouncyCastle.Pkcs.X509CertificateEntry>() : new[] { entry };
                foreach (var item in entries)
                {
                    var der = item.Certificate.GetEncoded();
                    if (seen.Add(Convert.ToBase64String(der)))
                        result.Add(new LoadedCertificate(der, source, CertificateFormat.Pkcs12));
                }
            }

            return result;
        }

        // Without a password, try the two "no password" forms PFX tools write: empty and absent.
        private static IEnumerable<char[]> PasswordCandidates(SecureString? password)
        {
            if (password == null)
            {
                yield return Array.Empty<char>();
                yield break;
            }

            yield return ToChars(password);
        }

        private static char[] ToChars(SecureString secure)
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                var chars = new char[secure.Length];
                Marshal.Copy(pointer, chars, 0, chars.Length);
                return chars;
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        /// <summary>
        /// The certificates of a file or folder (a folder's certificate files, as Get-CertificateExpiry reads them), one
        /// outcome per certificate, in file order; a file that cannot be read, or a certificate the platform cannot load
        /// (which OCSP and CRL checks need), is a failure naming it, and the next file is still read.
        /// </summary>
        public static IEnumerable<Outcome<X509Certificate2>> ReadCertificates(string path, bool recurse = false, SecureString? password = null)
        {
            var failure = TryExpandPath(path, recurse, out var files);
            if (failure != null) yield return failure;
            foreach (var file in files)
            {
                var read = Read(file, password);
                if (read.IsFailure)
                {
                    yield return read.Failure!;
                    continue;
                }

                foreach (var loaded in read.Result!)
                    yield return Platform(loaded);
            }
        }

        private static Outcome<X509Certificate2> Platform(LoadedCertificate loaded)
        {
            if (loaded.Certificate != null) return Outcome<X509Certificate2>.Success(loaded.Certificate);
            try
            {
                return Outcome<X509Certificate2>.Success(new X509Certificate2(loaded.RawData));
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                return new InputFailure(loaded.Source, ErrorIds.NotACertificate, FailureKind.InvalidData,
                    $"A certificate in '{loaded.Source}' cannot be loaded by the platform ({ex.Message}), so its revocation cannot be checked.", ex);
            }
        }

        /// <summary>The files of <see cref="ExpandPath"/>, or a failure naming a folder that cannot be listed.</summary>
        public static InputFailure? TryExpandPath(string path, bool recurse, out IReadOnlyList<string> files)
        {
            try
            {
                files = ExpandPath(path, recurse).ToList();
                return null;
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
            {
                files = Array.Empty<string>();
                return new InputFailure(path, ErrorIds.PathAccessDenied, FailureKind.PermissionDenied, $"Cannot list '{path}': {ex.Message}", ex);
            }
        }

        /// <summary>Files to read for a path: the file itself, or the certificate files of a folder (and its sub-folders with <paramref name="recurse"/>).</summary>
        public static IEnumerable<string> ExpandPath(string path, bool recurse)
        {
            if (!Directory.Exists(path)) return new[] { path };
            var option = recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
            return Directory.EnumerateFiles(path, "*", option)
                .Where(f => CertificateExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .OrderBy(f => f, StringComparer.Ordinal);
        }
    }
}
