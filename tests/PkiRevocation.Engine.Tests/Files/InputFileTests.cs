using PkiRevocation.Certificates;
using PkiRevocation.Configuration;
using PkiRevocation.Crl;
using PkiRevocation.Diagnostics;
using PkiRevocation.Expiry;
using PkiRevocation.Files;
using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Files;

/// <summary>
/// Every file the engine reads is bounded and must be a regular file: a named pipe, /dev/zero or a huge file fails
/// alone, naming itself, and never hangs or exhausts memory.
/// </summary>
public sealed class InputFileTests : IDisposable
{
    private static readonly DateTime At = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new("pkirev-input-file");
    private readonly NamedPipes _pipes = new();

    public void Dispose()
    {
        _pipes.Dispose();
        _dir.Dispose();
    }

    private string Fifo(string name) => _pipes.Create(_dir.File(name));

    private static T WithoutHanging<T>(Func<T> read) => NamedPipes.WithoutHanging(read);

    private static string SparseFile(string path, long length)
    {
        using (var stream = new FileStream(path, FileMode.CreateNew)) stream.SetLength(length);
        return path;
    }

    [Fact]
    public void Read_RegularFile_GivesItsBytes()
    {
        var path = _dir.File("small.bin");
        File.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal(new byte[] { 1, 2, 3 }, InputFile.Read(path, InputFileKind.Certificate).Result);
    }

    [Fact]
    public void Read_LargerThanTheLimit_IsFileTooLargeNamingTheLimit()
    {
        var path = _dir.File("big.bin");
        File.WriteAllBytes(path, new byte[101]);

        var failure = InputFile.Read(path, InputFileKind.Crl, limit: 100).Failure;

        Assert.NotNull(failure);
        Assert.Equal(ErrorIds.FileTooLarge, failure!.ErrorId);
        Assert.Contains(path, failure.Message);
        Assert.Contains("100 bytes allowed for CRLs", failure.Message);
        Assert.Equal(new byte[100], InputFile.Read(path, InputFileKind.Crl, limit: 101).Result.AsSpan(0, 100).ToArray());
    }

    [Fact]
    public void Read_ProcFileReportingLengthZero_IsReadWhole()
    {
        // /proc files report size 0: the length is a hint, the read goes to the end (bounded).
        var bytes = InputFile.Read("/proc/self/status", InputFileKind.Configuration).Result;

        Assert.NotNull(bytes);
        Assert.Contains("Pid:", System.Text.Encoding.ASCII.GetString(bytes!));
    }

    [Theory]
    [InlineData(InputFileKind.Certificate, "8 MiB allowed for certificate files")]
    [InlineData(InputFileKind.OcspResponse, "1 MiB allowed for OCSP responses")]
    public void CertificateAndResponseFiles_OverTheirLimit_AreRefusedBeforeReading(InputFileKind kind, string limit)
    {
        var path = SparseFile(_dir.File("huge.bin"), InputFile.LimitFor(kind) + 1);

        var failure = kind == InputFileKind.Certificate ? CertificateFileReader.Read(path).Failure : OcspResponseFile.Read(path).Failure;

        Assert.NotNull(failure);
        Assert.Equal(ErrorIds.FileTooLarge, failure!.ErrorId);
        Assert.Contains(limit, failure.Message);
    }

    [Fact]
    public void CrlLimit_HoldsTheMillionEntryBenchmarkCrl()
    {
        // bench/crl: 1,000,000 entries with 128-bit serials are 49,000,426 bytes DER.
        Assert.True(InputFile.CrlLimit >= 4 * 49_000_426L);
        Assert.True(InputFile.CertificateLimit <= 16L * 1024 * 1024);
        Assert.True(InputFile.OcspResponseLimit <= 1024 * 1024);
    }

    [Fact]
    public void CertificateFileReader_NamedPipe_IsRefusedWithoutBlocking()
    {
        var fifo = Fifo("pipe.pem");

        var failure = WithoutHanging(() => CertificateFileReader.Read(fifo).Failure);

        Assert.NotNull(failure);
        Assert.Equal(ErrorIds.NotARegularFile, failure!.ErrorId);
        Assert.Contains(fifo, failure.Message);
        Assert.Contains("named pipe", failure.Message);
    }

    [Fact]
    public void OcspResponseFile_NamedPipe_IsRefusedWithoutBlocking()
    {
        var fifo = Fifo("pipe.der");

        var failure = WithoutHanging(() => OcspResponseFile.Read(fifo).Failure);

        Assert.Equal(ErrorIds.NotARegularFile, failure!.ErrorId);
    }

    [Theory]
    [InlineData("/dev/zero", "character device")]
    [InlineData("/dev/null", "character device")]
    public void Devices_AreRefusedAsNotRegular(string device, string what)
    {
        var certificate = WithoutHanging(() => CertificateFileReader.Read(device).Failure);
        var response = WithoutHanging(() => OcspResponseFile.Read(device).Failure);

        Assert.Equal(ErrorIds.NotARegularFile, certificate!.ErrorId);
        Assert.Contains(what, certificate.Message);
        Assert.Contains(device, certificate.Message);
        Assert.Equal(ErrorIds.NotARegularFile, response!.ErrorId);
    }

    [Fact]
    public void CrlCheck_DevZeroAndNamedPipeAsCrl_AreCrlUnreadableSayingWhy()
    {
        var root = TestPki.CreateRoot("CN=Input Root", At);
        var leaf = root.Issue("CN=leaf.example", At.AddDays(-1), At.AddDays(30));
        var fifo = Fifo("pipe.crl");
        var engine = new PkiEngine(new EngineEnvironment(clock: new FixedClock(At), paths: new PkiRevocationPaths(_dir.File("home"))));
        var request = new CrlCheckRequest { Issuer = root.Certificate, At = At, UseCache = false };
        request.CrlSources.Add("/dev/zero");
        request.CrlSources.Add(fifo);
        request.Certificates.Add(leaf.Certificate);

        var outcomes = WithoutHanging(() => engine.Crl.Check(request).ToList());

        var failures = outcomes.Where(o => o.IsFailure).Select(o => o.Failure!).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal(ErrorIds.CrlUnreadable, f.ErrorId));
        Assert.Contains("character device", failures[0].Message);
        Assert.Contains("named pipe", failures[1].Message);
        Assert.Equal(CrlStatus.Indeterminate, Assert.Single(outcomes, o => !o.IsFailure).Result!.Status);
    }

    [Fact]
    public void ExpiryScan_FolderWithANamedPipe_ReportsThePipeAndTheGoodFile()
    {
        var root = TestPki.CreateRoot("CN=Input Root", At);
        root.Issue("CN=good.example", At.AddDays(-1), At.AddDays(300)).WritePem(_dir.File("good.pem"));
        var fifo = Fifo("pipe.pem");
        var engine = new PkiEngine(new EngineEnvironment(clock: new FixedClock(At), paths: new PkiRevocationPaths(_dir.File("home"))));
        var request = new ExpiryRequest();
        request.Paths.Add(_dir.Path);

        var outcomes = WithoutHanging(() => engine.Expiry.Scan(request).ToList());

        Assert.Equal(2, outcomes.Count);
        Assert.Equal("CN=good.example", Assert.Single(outcomes, o => !o.IsFailure).Result!.Subject);
        var failure = Assert.Single(outcomes, o => o.IsFailure).Failure!;
        Assert.Equal(ErrorIds.NotARegularFile, failure.ErrorId);
        Assert.Equal(fifo, failure.Input);
    }
}
