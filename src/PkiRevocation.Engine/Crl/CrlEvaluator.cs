using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PkiRevocation.Revocation;

namespace PkiRevocation.Crl
{
    /// <summary>
    /// Decides one certificate's status from a set of CRLs (RFC 5280 6.3): each CRL is checked (issuer, signer and
    /// signature, time encoding and freshness, critical extensions, scope); delta CRLs are applied on top of the
    /// complete CRL they extend; the certificate is NotRevoked only when verified, fresh CRLs cover every reason.
    /// </summary>
    internal static class CrlEvaluator
    {
        public static CrlResult Evaluate(CrlSubject subject, CrlSignerSelector signers, IReadOnlyList<LoadedCrl> crls, DateTime at,
            CrlValidationOptions options, List<string> steps, bool deltaRequired = false)
        {
            var result = new CrlResult { SerialNumber = subject.SerialHex, ReferenceTime = at };
            var serialViolation = Certificates.SerialNumberEncoding.Violation(subject.Serial);
            if (serialViolation != null)
                steps.Add($"The serial number {subject.SerialHex} is {serialViolation}; it is looked up by its exact bytes");
            var complete = new List<Checked>();
            var deltas = new List<Checked>();
            var failures = new List<string>();
            var rejectedDeltas = new List<Checked>();
            var others = new List<string>();
            foreach (var crl in crls)
            {
                var check = Check(crl, subject, signers, at, options);
                steps.Add(check.Step);
                if (check.Usable) (crl.Index.IsDelta ? deltas : complete).Add(check);
                else if (crl.Index.IsDelta) rejectedDeltas.Add(check);
                else if (check.Relevant) failures.Add(check.Reason);
                else others.Add(check.Reason);
            }

            if (complete.Count == 0)
            {
                var reason = failures.Count > 0 ? string.Join("; ", failures)
                    : crls.Count == 0 ? "no CRL could be obtained"
                    : crls.All(c => c.Index.IsDelta) ? "only delta CRLs were found, no complete CRL to apply them to"
                    : "no CRL of the certificate's issuer was found (" + string.Join("; ", others) + ")";
                return Indeterminate(result, reason, steps);
            }

            var mask = 0;
            foreach (var c in complete.OrderByDescending(c => c.ThisUpdate))
            {
                var interim = c.Reasons;
                if ((interim & ~mask) == 0)
                {
                    steps.Add($"{c.Crl.Source}: adds no reasons not already covered; skipped");
                    continue;
                }

                var delta = DeltaCrl.Pick(c, deltas, steps, out var newerBase);
                string? deltaProblem = null;
                var outdated = false;
                if (delta == null && newerBase != null)
                {
                    deltaProblem = $"{c.Crl.Source} (number {Number(c.Crl.Index.CrlNumber)}) is out of date: the delta CRL {newerBase.Crl.Source} builds on number {Number(newerBase.Crl.Index.DeltaBaseCrlNumber)}, and no newer complete CRL was obtained";
                    outdated = true;
                }
                else if (delta == null)
                {
                    var broken = rejectedDeltas.Where(d => DeltaCrl.Extends(d.Crl.Index, c.Crl.Index)).ToList();
                    if (broken.Count > 0) deltaProblem = $"the delta CRL for {c.Crl.Source} is not usable: {broken[0].Reason}";
                    else if (deltaRequired) deltaProblem = $"no usable delta CRL could be obtained for {c.Crl.Source}, which advertises one";
                }

                Fill(result, c, delta);
                CrlEntry entry;
                string? listedIn = null;
                try
                {
                    // A delta on a newer base that lists the serial is evidence of revocation, even though it cannot be applied.
                    if (newerBase != null && newerBase.Crl.Index.TryFind(subject.Serial, out entry) && !entry.IsRemoveFromCrl)
                    {
                        listedIn = newerBase.Crl.Source;
                        deltaProblem = null;
                        Fill(result, c, newerBase);
                    }
                    else if (delta != null && delta.Crl.Index.TryFind(subject.Serial, out entry))
                    {
                        if (entry.IsRemoveFromCrl)
                        {
                            steps.Add($"{delta.Crl.Source}: serial {subject.SerialHex} is listed with removeFromCRL: no longer revoked");
                        }
                        else listedIn = delta.Crl.Source;
                    }
                    else if (c.Crl.Index.TryFind(subject.Serial, out entry))
                    {
                        if (entry.IsRemoveFromCrl)
                            return Indeterminate(result, $"{c.Crl.Source} lists serial {subject.SerialHex} with removeFromCRL, which only a delta CRL may carry", steps);
                        listedIn = c.Crl.Source;
                    }
                }
                catch (FormatException ex)
                {
                    return Indeterminate(result, $"the entry for serial {subject.SerialHex} cannot be decoded: {ex.Message}", steps);
                }

                // Without its delta, the complete CRL can still prove a revocation that no delta may undo (only a hold can be lifted).
                if (deltaProblem != null && (listedIn == null || entry.ReasonCode == 6))
                {
                    result.CompleteCrlOutdated = outdated;
                    return Indeterminate(result, deltaProblem, steps);
                }

                if (listedIn != null)
                {
                    if (c.Crl.Index.HasCertificateIssuerEntries)
                        return Indeterminate(result, $"{listedIn} is an indirect CRL (certificateIssuer entries), which is not supported", steps);
                    // A verified, fresh CRL that lists the serial is evidence of revocation, however its revocationDate is encoded.
                    var when = entry.RevocationDate.Value;
                    if (when == null)
                        steps.Add($"{listedIn}: the revocationDate of serial {subject.SerialHex} cannot be decoded; the listing still decides: revoked, time unknown");
                    else if (entry.RevocationDate.Violations.Count > 0)
                        steps.Add($"{listedIn}: the revocationDate of serial {subject.SerialHex} breaks RFC 5280 ({string.Join("; ", entry.RevocationDate.Violations.Select(v => v.ToString()))}); the listing still decides");
                    result.Status = CrlStatus.Revoked;
                    result.RevocationTime = when;
                    result.RevocationReason = entry.ReasonCode.HasValue && Enum.IsDefined(typeof(RevocationReason), entry.ReasonCode.Value)
                        ? (RevocationReason)entry.ReasonCode.Value : entry.ReasonCode.HasValue ? RevocationReason.Unspecified : (RevocationReason?)null;
                    result.InvalidityDate = entry.InvalidityDate?.Value;
                    steps.Add($"{listedIn}: serial {subject.SerialHex} is REVOKED" + (when.HasValue ? $" since {when:yyyy-MM-ddTHH:mm:ssZ}" : "")
                              + (result.RevocationReason.HasValue ? $" ({result.RevocationReason})" : ""));
                    result.Steps = steps.ToArray();
                    return result;
                }

                steps.Add($"{c.Crl.Source}" + (delta != null ? $" + delta {delta.Crl.Source}" : "") + $": serial {subject.SerialHex} is not listed ({CrlScope.Describe(interim)})");
                mask |= interim;
            }

            if ((mask & CrlScope.AllReasons) != CrlScope.AllReasons)
                return Indeterminate(result, $"the usable CRLs cover only {CrlScope.Describe(mask)}", steps);
            result.Status = CrlStatus.NotRevoked;
            result.Steps = steps.ToArray();
            return result;
        }

        private static void Fill(CrlResult result, Checked complete, Checked? delta)
        {
            result.Source = complete.Crl.Source;
            result.FromCache = complete.Crl.FromCache && (delta == null || delta.Crl.FromCache);
            result.ThisUpdate = complete.ThisUpdate;
            result.NextUpdate = complete.NextUpdate;
            result.CrlNumber = Number(complete.Crl.Index.CrlNumber);
            result.CrlSignerThumbprint = complete.SignerThumbprint;
            result.DeltaSource = delta?.Crl.Source ?? "";
            result.DeltaCrlNumber = delta != null ? Number(delta.Crl.Index.CrlNumber) : "";
        }

        private static Checked Check(LoadedCrl crl, CrlSubject subject, CrlSignerSelector signers, DateTime at, CrlValidationOptions options)
        {
            var index = crl.Index;
            var kind = index.IsDelta ? "delta CRL" : "CRL";
            var check = new Checked(crl);
            string Fail(string reason, bool relevant = true)
            {
                check.Reason = $"{kind} {crl.Source}: {reason}";
                check.Relevant = relevant;
                return check.Step = check.Reason;
            }

            if (!CrlSignerSelector.NamesEqual(index.IssuerDer, signers.IssuerNameDer))
            {
                Fail($"issued by '{Name(index.IssuerDer)}', not by the certificate's issuer '{signers.Issuer.Subject}'", relevant: false);
                return check;
            }

            var notes = new List<string>();
            if (!signers.TryVerify(index, notes, out var separateSigner))
            {
                Fail("signature not verified: " + string.Join("; ", notes));
                return check;
            }

            check.SignerThumbprint = separateSigner?.Thumbprint ?? "";
            var violations = index.ThisUpdate.Violations.Concat(index.NextUpdate?.Violations ?? Enumerable.Empty<Certificates.TimeEncodingViolation>()).ToList();
            if (index.ThisUpdate.Value == null || (index.NextUpdate != null && index.NextUpdate.Value == null) || violations.Count > 0)
            {
                Fail("time encoding breaks RFC 5280: " + string.Join("; ", violations.Select(v => v.ToString())));
                return check;
            }

            check.ThisUpdate = index.ThisUpdate.Value!.Value;
            check.NextUpdate = index.NextUpdate?.Value;
            if (check.ThisUpdate > at + options.ClockSkew)
            {
                Fail($"not yet valid: thisUpdate {check.ThisUpdate:yyyy-MM-ddTHH:mm:ssZ} is after the reference time {at:yyyy-MM-ddTHH:mm:ssZ}");
                return check;
            }

            var expires = check.NextUpdate ?? check.ThisUpdate + options.MaxAgeWithoutNextUpdate;
            if (at > expires + options.ClockSkew)
            {
                Fail(check.NextUpdate.HasValue
                    ? $"stale: nextUpdate {expires:yyyy-MM-ddTHH:mm:ssZ} is before the reference time {at:yyyy-MM-ddTHH:mm:ssZ}"
                    : $"stale: no nextUpdate and thisUpdate {check.ThisUpdate:yyyy-MM-ddTHH:mm:ssZ} is older than {options.MaxAgeWithoutNextUpdate.TotalDays:0.#} days");
                return check;
            }

            if (options.MaxCrlAge.HasValue && at - check.ThisUpdate > options.MaxCrlAge.Value + options.ClockSkew)
            {
                Fail($"stale: thisUpdate {check.ThisUpdate:yyyy-MM-ddTHH:mm:ssZ} is older than the maximum CRL age {DescribeAge(options.MaxCrlAge.Value)} at the reference time {at:yyyy-MM-ddTHH:mm:ssZ}"
                     + (check.NextUpdate.HasValue ? $", although its nextUpdate {check.NextUpdate.Value:yyyy-MM-ddTHH:mm:ssZ} is still ahead" : ""));
                return check;
            }

            if (index.UnhandledCriticalExtensions.Count > 0)
            {
                Fail("unhandled critical CRL extension " + string.Join(", ", index.UnhandledCriticalExtensions));
                return check;
            }

            if (index.UnhandledCriticalEntryExtension != null)
            {
                Fail("unhandled critical CRL entry extension " + index.UnhandledCriticalEntryExtension);
                return check;
            }

            if (index.HasCertificateIssuerEntries && !IsIndirect(index))
            {
                Fail("a certificateIssuer entry extension appears in a CRL that is not indirect");
                return check;
            }

            var reasons = CrlScope.Covered(index, subject, signers.IssuerNameDer, out var why);
            if (reasons == null)
            {
                Fail("does not cover this certificate: " + why, relevant: true);
                return check;
            }

            check.Reasons = reasons.Value;
            check.Usable = true;
            var scopeNote = why.Length > 0 ? "; note: " + why : "";
            check.Step = $"{kind} {crl.Source}{(crl.FromCache ? " (cache)" : "")}: {index.Count} entries, number {Number(index.CrlNumber)}, "
                         + $"signed by {(separateSigner == null ? "the issuer" : "CRL signer " + separateSigner.Thumbprint)}, "
                         + $"fresh (thisUpdate {check.ThisUpdate:yyyy-MM-ddTHH:mm:ssZ}, nextUpdate {(check.NextUpdate.HasValue ? check.NextUpdate.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "none")}){scopeNote}";
            return check;
        }

        internal static string DescribeAge(TimeSpan age) => age.TotalDays >= 1 && age.TotalDays == Math.Floor(age.TotalDays)
            ? $"{age.TotalDays:0} day(s)" : age.ToString("c", CultureInfo.InvariantCulture);

        private static bool IsIndirect(CrlIndex index)
        {
            if (index.IssuingDistributionPoint == null) return false;
            try { return Org.BouncyCastle.Asn1.X509.IssuingDistributionPoint.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(index.IssuingDistributionPoint)).IsIndirectCrl; }
            catch (Exception) { return false; }
        }

        private static CrlResult Indeterminate(CrlResult result, string reason, List<string> steps)
        {
            result.Status = CrlStatus.Indeterminate;
            result.FailureReason = reason;
            result.RevocationTime = null;
            result.RevocationReason = null;
            steps.Add("Indeterminate: " + reason);
            result.Steps = steps.ToArray();
            return result;
        }

        internal static string Number(byte[]? number) => number == null ? "" : CrlSubject.Hex(TrimSign(number));

        private static byte[] TrimSign(byte[] number) => number.Length > 1 && number[0] == 0 ? number.Skip(1).ToArray() : number;

        // Compares two non-negative INTEGER contents.
        internal static int Compare(byte[] a, byte[] b)
        {
            a = TrimSign(a);
            b = TrimSign(b);
            if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
            for (var i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return a[i].CompareTo(b[i]);
            return 0;
        }

        private static string Name(byte[] der) => PkiRevocation.Certificates.DistinguishedNames.Display(der);

        internal sealed class Checked
        {
            public Checked(LoadedCrl crl) => Crl = crl;

            public LoadedCrl Crl { get; }

            public bool Usable { get; set; }

            public bool Relevant { get; set; } = true;

            public string Reason { get; set; } = "";

            public string Step { get; set; } = "";

            public string SignerThumbprint { get; set; } = "";

            public DateTime ThisUpdate { get; set; }

            public DateTime? NextUpdate { get; set; }

            public int Reasons { get; set; }
        }
    }
}
