using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PkiRevocation.TestSupport;

// bench/ocsp: N certificates checked against OpenSSL's OCSP responder on 127.0.0.1, four ways, in one run.
//   1. pkirev ocsp (one process, all N certificates, default concurrency 8, one request per certificate)
//   2. a loop running `openssl ocsp` once per certificate (what a script would do)
//   3. the responder's raw capacity: one pre-built request sent N times as fast as possible (8 connections at once)
//   4. pkirev ocsp --batch (certificates sharing issuer and responder in one request, 100 per request)
//   5. Test-OcspStatus in pwsh (the pinned dotnet tool, the module from out/PkiRevocation): the same N certificates
//      through the pipeline, in a session that has the module imported and the certificates loaded
// Everything runs on this machine and shares its cores; `openssl ocsp` as responder is single-threaded (one
// process answering one connection at a time) unless --multi is given.

var options = Options.Parse(args);
using var work = new TempDirectory("pkirev-bench-ocsp");
Console.WriteLine($"bench/ocsp: N = {options.N}, CA and responder key {options.Key}, responder processes = {options.Multi}, cores = {Environment.ProcessorCount}, {Run("openssl", "version").Trim()}");

var port = FreePort.Next();
var url = $"http://127.0.0.1:{port}/";
var now = DateTime.UtcNow;
var ca = TestPki.CreateRoot("CN=Bench OCSP CA", now.AddYears(-1), now.AddYears(5), o => o.Rsa = options.Key == "rsa2048");
var index = new OcspIndex();
var all = new StringBuilder();
var files = new List<string>();
var generation = Stopwatch.StartNew();
for (var i = 0; i < options.N; i++)
{
    var leaf = ca.Issue($"CN=bench-{i}.example.test", now.AddDays(-1), now.AddDays(90), o => o.WithSerial(0x100000 + i).Ocsp(url));
    index.Valid(leaf);
    all.Append(leaf.Pem);
    files.Add(leaf.WritePem(work.File($"c{i:D5}.pem")));
}

var caPath = ca.WritePem(work.File("ca.pem"));
var allPath = work.File("all.pem");
File.WriteAllText(allPath, all.ToString());
Console.WriteLine($"generated {options.N} certificates in {generation.Elapsed.TotalSeconds:0.0} s");

var extra = options.Multi > 1 ? new[] { "-multi", options.Multi.ToString(CultureInfo.InvariantCulture) } : Array.Empty<string>();
using var responder = OpenSslOcspResponder.Start(work.Path, ca, ca, index, nextUpdateMinutes: 60, port: port, extra);

// Warm-up: the responder, the runtime, the disk cache.
RunPkirev(options, "--cert", files[0], "--issuer", caPath);
Run("openssl", "ocsp", "-issuer", caPath, "-cert", files[0], "-url", url, "-CAfile", caPath);

var results = new List<(string Name, double PerSecond, string Note)>();

// Exit code 0 means every certificate came back Good from a verified response (RunPkirev throws otherwise);
// the JSON run below also counts the lines.
// Each pkirev line and the raw capacity are the best of three runs (the machine's other load only ever slows a run
// down, so the best is the fairest estimate of each; taking it for the raw capacity as well keeps the ratios honest).
var pkirev = Best(() => Measure(() => RunPkirev(options, "--cert", allPath, "--issuer", caPath), out _));
results.Add(("pkirev ocsp", options.N / pkirev.TotalSeconds, $"{pkirev.TotalSeconds:0.000} s, process start included, text output"));

var batch = Best(() => Measure(() => RunPkirev(options, "--cert", allPath, "--issuer", caPath, "--batch"), out _));
results.Add(("pkirev ocsp --batch", options.N / batch.TotalSeconds, $"{batch.TotalSeconds:0.000} s, process start included, text output"));

var json = Best(() =>
{
    var elapsed = Measure(() => RunPkirev(options, "--cert", allPath, "--issuer", caPath, "--json"), out var jsonOut);
    Check(jsonOut, options.N, "pkirev ocsp --json");
    return elapsed;
});
results.Add(("pkirev ocsp --json", options.N / json.TotalSeconds, $"{json.TotalSeconds:0.000} s, every result checked Good"));

if (options.Module.Length > 0)
{
    var (first, best, process) = TestOcspStatusInPwsh(options, work, caPath, allPath);
    results.Add(("Test-OcspStatus (pwsh)", options.N / best.TotalSeconds,
        $"{best.TotalSeconds:0.000} s, pipeline only, best of three in one session; the first took {first.TotalSeconds:0.000} s, the whole pwsh process {process.TotalSeconds:0.0} s"));
}

var loopCount = Math.Min(options.N, options.LoopSample);
var loop = Measure(() =>
{
    for (var i = 0; i < loopCount; i++)
    {
        var text = Run("openssl", "ocsp", "-issuer", caPath, "-cert", files[i], "-url", url, "-CAfile", caPath);
        if (!text.Contains(": good")) throw new InvalidOperationException($"openssl ocsp said: {text}");
    }

    return "";
}, out _);
results.Add(("openssl ocsp loop", loopCount / loop.TotalSeconds, $"{loop.TotalSeconds:0.00} s for {loopCount} certificates (one process each, response verified)"));

var requestPath = work.File("request.der");
Run("openssl", "ocsp", "-issuer", caPath, "-cert", files[0], "-no_nonce", "-reqout", requestPath);
var raw = Best(() => RawCapacity(port, File.ReadAllBytes(requestPath), options.N, options.RawConnections));
results.Add(("responder raw capacity", options.N / raw.TotalSeconds, $"{raw.TotalSeconds:0.000} s, one pre-built request, {options.RawConnections} connections, responses not verified"));

Console.WriteLine();
Console.WriteLine($"{"",-26}{"certs/s",10}  notes");
foreach (var (name, perSecond, note) in results) Console.WriteLine($"{name,-26}{perSecond,10:0.0}  {note}");

var rates = results.ToDictionary(r => r.Name, r => r.PerSecond);
Console.WriteLine();
Ratio("pkirev ocsp / openssl ocsp loop", rates["pkirev ocsp"] / rates["openssl ocsp loop"], 10);
Ratio("pkirev ocsp / responder raw capacity", rates["pkirev ocsp"] / rates["responder raw capacity"], 0.9);
Ratio("pkirev ocsp --batch / responder raw capacity", rates["pkirev ocsp --batch"] / rates["responder raw capacity"], 5);
if (rates.TryGetValue("Test-OcspStatus (pwsh)", out var pwsh)) Ratio("Test-OcspStatus (pwsh) / pkirev ocsp", pwsh / rates["pkirev ocsp"], 0.8);
return 0;

static void Ratio(string name, double value, double target) =>
    Console.WriteLine($"{name,-46}{value,8:0.00}x   target >= {target}x   {(value >= target ? "met" : "NOT met")}");

static TimeSpan Best(Func<TimeSpan> run) => Enumerable.Range(0, 3).Select(_ => run()).Min();

static TimeSpan Measure(Func<string> action, out string output)
{
    var stopwatch = Stopwatch.StartNew();
    output = action();
    return stopwatch.Elapsed;
}

static void Check(string jsonLines, int n, string name)
{
    var lines = jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    var good = lines.Count(l => l.Contains("\"status\":\"Good\""));
    if (lines.Length != n || good != n) throw new InvalidOperationException($"{name}: {lines.Length} results, {good} Good, expected {n}: {lines.FirstOrDefault(l => !l.Contains("\"status\":\"Good\""))}");
}

static string RunPkirev(Options options, params string[] arguments)
{
    var all = new List<string>();
    if (options.Pkirev.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) all.Add(options.Pkirev);
    all.Add("ocsp");
    all.AddRange(arguments);
    var file = options.Pkirev.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet" : options.Pkirev;
    return Run(file, all.ToArray());
}

// Test-OcspStatus in one pwsh session: the module imported and the certificates loaded first, then the N certificates
// through the pipeline three times, each run checked: N results, every one Good.
static (TimeSpan First, TimeSpan Best, TimeSpan Process) TestOcspStatusInPwsh(Options options, TempDirectory work, string caPath, string allPath)
{
    var script = work.File("test-ocspstatus.ps1");
    File.WriteAllText(script, """
        param([string] $Module, [string] $Issuer, [string] $Certificates, [int] $N)
        $ErrorActionPreference = 'Stop'
        Import-Module $Module
        $ca = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificateFromFile($Issuer)
        $certs = [System.Security.Cryptography.X509Certificates.X509Certificate2Collection]::new()
        $certs.ImportFromPemFile($Certificates)
        foreach ($run in 1..3) {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $results = @($certs | Test-OcspStatus -Issuer $ca)
            $watch.Stop()
            $good = $results.Where({ $_.Status -eq 'Good' }).Count
            if ($results.Count -ne $N -or $good -ne $N) { throw "run ${run}: $($results.Count) results, $good Good, expected $N" }
            $watch.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)
        }
        """);
    var process = Stopwatch.StartNew();
    var output = Run("dotnet", "pwsh", "-NoProfile", "-NonInteractive", "-File", script, "-Module", options.Module, "-Issuer", caPath,
        "-Certificates", allPath, "-N", options.N.ToString(CultureInfo.InvariantCulture));
    process.Stop();
    var runs = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(l => TimeSpan.FromSeconds(double.Parse(l, CultureInfo.InvariantCulture))).ToList();
    if (runs.Count != 3) throw new InvalidOperationException($"pwsh said: {output}");
    return (runs[0], runs.Min(), process.Elapsed);
}

static string Run(string file, params string[] arguments)
{
    var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in arguments) info.ArgumentList.Add(argument);
    using var process = Process.Start(info)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
    return stdout.Result + stderr.Result;
}

// One pre-built request, sent N times over fresh connections (the responder closes each), `connections` at once.
static TimeSpan RawCapacity(int port, byte[] request, int n, int connections)
{
    var head = Encoding.ASCII.GetBytes($"POST / HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/ocsp-request\r\nContent-Length: {request.Length}\r\n\r\n");
    var message = head.Concat(request).ToArray();
    var remaining = n;
    var failures = 0;
    var stopwatch = Stopwatch.StartNew();
    // Dedicated threads: blocking workers on the thread pool would wait for its slow thread injection.
    var workers = Enumerable.Range(0, connections).Select(_ => new Thread(() =>
    {
        var buffer = new byte[16384];
        while (Interlocked.Decrement(ref remaining) >= 0)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(IPAddress.Loopback, port);
            socket.Send(message);
            var total = 0;
            int read;
            while ((read = socket.Receive(buffer)) > 0) total += read;
            if (total < 100) Interlocked.Increment(ref failures);
        }
    })).ToArray();
    foreach (var worker in workers) worker.Start();
    foreach (var worker in workers) worker.Join();
    if (failures > 0) throw new InvalidOperationException($"raw capacity: {failures} requests got no proper answer");
    return stopwatch.Elapsed;
}

sealed class Options
{
    public int N { get; private set; } = 2000;
    public int Multi { get; private set; } = 1;
    public int LoopSample { get; private set; } = int.MaxValue;
    public int RawConnections { get; private set; } = 8;
    public string Pkirev { get; private set; } = "";
    public string Key { get; private set; } = "rsa2048";
    public string Module { get; private set; } = "";

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--n": options.N = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--multi": options.Multi = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--loop-sample": options.LoopSample = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--raw-connections": options.RawConnections = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--pkirev": options.Pkirev = args[++i]; break;
                case "--module": options.Module = Path.GetFullPath(args[++i]); break;
                case "--key": options.Key = args[++i] is "rsa2048" or "p256" ? args[i] : throw new ArgumentException("--key is rsa2048 or p256"); break;
                default: throw new ArgumentException($"unknown option {args[i]}; usage: --pkirev <pkirev.dll|pkirev> [--n 2000] [--multi 1] [--loop-sample N] [--raw-connections 8] [--key rsa2048|p256] [--module PkiRevocation.psd1]");
            }
        }

        if (options.Pkirev.Length == 0) throw new ArgumentException("--pkirev <path of pkirev.dll or the pkirev executable> is required");
        return options;
    }
}
