using System;
using System.Collections.Generic;

namespace PkiRevocation.Crl
{
    /// <summary>
    /// Delta CRLs (RFC 5280 5.2.4): which delta extends which complete CRL — same issuer and scope, BaseCRLNumber not
    /// newer than the complete CRL's number, its own number newer — and the newest such delta. A delta whose
    /// BaseCRLNumber is newer than the complete CRL's number cannot be applied, but it proves the complete CRL out of
    /// date: it is handed back as <c>newerBase</c> (the newest one), never dropped.
    /// </summary>
    internal static class DeltaCrl
    {
        public static CrlEvaluator.Checked? Pick(CrlEvaluator.Checked complete, List<CrlEvaluator.Checked> deltas, List<string> steps, out CrlEvaluator.Checked? newerBase)
        {
            CrlEvaluator.Checked? best = null;
            newerBase = null;
            foreach (var delta in deltas)
            {
                var index = delta.Crl.Index;
                if (!Extends(index, complete.Crl.Index)) continue;
                if (complete.Crl.Index.CrlNumber == null)
                {
                    steps.Add($"{delta.Crl.Source}: ignored: the complete CRL {complete.Crl.Source} has no cRLNumber");
                    continue;
                }

                if (CrlEvaluator.Compare(index.DeltaBaseCrlNumber!, complete.Crl.Index.CrlNumber) > 0)
                {
                    steps.Add($"{delta.Crl.Source}: not applicable: its BaseCRLNumber {CrlEvaluator.Number(index.DeltaBaseCrlNumber)} is newer than the complete CRL's number {CrlEvaluator.Number(complete.Crl.Index.CrlNumber)}, so {complete.Crl.Source} is out of date");
                    if (newerBase == null || CrlEvaluator.Compare(index.DeltaBaseCrlNumber!, newerBase.Crl.Index.DeltaBaseCrlNumber!) > 0) newerBase = delta;
                    continue;
                }

                if (index.CrlNumber == null || CrlEvaluator.Compare(index.CrlNumber, complete.Crl.Index.CrlNumber) <= 0)
                {
                    steps.Add($"{delta.Crl.Source}: ignored: its cRLNumber is not newer than the complete CRL's");
                    continue;
                }

                if (best == null || CrlEvaluator.Compare(index.CrlNumber, best.Crl.Index.CrlNumber!) > 0) best = delta;
            }

            if (best != null) steps.Add($"{best.Crl.Source}: delta CRL {CrlEvaluator.Number(best.Crl.Index.CrlNumber)} (base {CrlEvaluator.Number(best.Crl.Index.DeltaBaseCrlNumber)}) applied on top of {complete.Crl.Source}");
            return best;
        }

        // A delta extends a complete CRL of the same issuer and the same scope.
        public static bool Extends(CrlIndex delta, CrlIndex complete) =>
            CrlSignerSelector.NamesEqual(delta.IssuerDer, complete.IssuerDer)
            && (delta.IssuingDistributionPoint == null ? complete.IssuingDistributionPoint == null
                : complete.IssuingDistributionPoint != null && delta.IssuingDistributionPoint.AsSpan().SequenceEqual(complete.IssuingDistributionPoint));
    }
}
