using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Crl;

// Usage: PkiRevocation.Bench.Crl <crl.der> <ca.pem> <serials.txt>
// Prints: parse+verify+index time, managed bytes allocated for it, peak working set, and 100,000 lookups.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: PkiRevocation.Bench.Crl <crl.der> <ca.pem> <serials.txt>");
    return 2;
}

var ca = X509Certificate2.CreateFromPem(File.ReadAllText(args[1]));
var signers = new CrlSignerSelector(ca, Array.Empty<X509Certificate2>());
var fileSize = new FileInfo(args[0]).Length;

GC.Collect();
using var baseline = Process.GetCurrentProcess();
var baselineWorkingSet = baseline.WorkingSet64;
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var watch = Stopwatch.StartNew();
var der = File.ReadAllBytes(args[0]);
var index = CrlIndex.Parse(der);
var notes = new List<string>();
var verified = signers.TryVerify(index, notes, out _);
watch.Stop();
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
baseline.Refresh();
var peakAfterIndex = baseline.PeakWorkingSet64;
var serials = File.ReadAllLines(args[2]).Where(l => l.Length > 0).Select(CrlSubject.FromSerial).Select(s => s.Serial).ToArray();
if (!verified)
{
    Console.Error.WriteLine("signature not verified: " + string.Join("; ", notes));
    return 1;
}

// 100,000 lookups (the serial list mixes listed and unlisted serials), after a warm-up pass.
var found = 0;
for (var i = 0; i < serials.Length; i++) if (index.Contains(serials[i])) found++;
found = 0;
var lookups = Stopwatch.StartNew();
for (var i = 0; i < serials.Length; i++) if (index.Contains(serials[i])) found++;
lookups.Stop();

using var process = Process.GetCurrentProcess();
process.Refresh();
string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
Console.WriteLine($"pkirev  entries            {index.Count}");
Console.WriteLine($"pkirev  file               {Mb(fileSize)}");
Console.WriteLine($"pkirev  parse+verify+index {watch.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms (read file, index every entry, verify the signature)");
Console.WriteLine($"pkirev  managed allocated  {Mb(allocated)} ({(allocated / (double)fileSize).ToString("0.00", CultureInfo.InvariantCulture)}x the file, file bytes included)");
Console.WriteLine($"pkirev  peak working set   {Mb(peakAfterIndex)} after parse+verify+index (whole process, .NET runtime included; {Mb(baselineWorkingSet)} before reading the CRL)");
Console.WriteLine($"pkirev  peak for the CRL   {Mb(peakAfterIndex - baselineWorkingSet)} ({((peakAfterIndex - baselineWorkingSet) / (double)fileSize).ToString("0.00", CultureInfo.InvariantCulture)}x the file)");
Console.WriteLine($"pkirev  lookups            {serials.Length} in {lookups.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms = {(lookups.Elapsed.TotalMilliseconds * 1e6 / serials.Length).ToString("0", CultureInfo.InvariantCulture)} ns each ({found} listed; locating the entry, decoding a listed entry's date and reason is extra)");
Console.WriteLine($"pkirev-ms {watch.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}");
Console.WriteLine($"pkirev-crl-bytes {peakAfterIndex - baselineWorkingSet}");
Console.WriteLine($"pkirev-peak-bytes {peakAfterIndex}");
Console.WriteLine($"pkirev-lookup-ns {(lookups.Elapsed.TotalMilliseconds * 1e6 / serials.Length).ToString("0", CultureInfo.InvariantCulture)}");
return 0;
