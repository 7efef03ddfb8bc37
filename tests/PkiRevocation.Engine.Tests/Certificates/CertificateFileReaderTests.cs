using System.Security;
using PkiRevocation.Certificates;
using PkiRevocation.Diagnostics;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Certificates;

public class CertificateFileReaderTests : IDisposable
{
    private static readonly DateTime At = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new();
    private readonly TestCertificate _root = TestPki.CreateRoot("CN=Reader Root", At);
    private readonly TestCertificate _intermediate;
    private readonly TestCertificate _leaf;

    public CertificateFileReaderTests()
    {
        _intermediate = _root.Issue("CN=Reader Intermediate", At.AddYears(-1), At.AddYears(3), o => o.Ca());
        _leaf = _intermediate.Issue("CN=reader.example", At.AddDays(-10), At.AddDays(80));
    }

    public void Dispose() => _dir.Dispose();

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        return secure;
    }

    private static IReadOnlyList<LoadedCertificate> Ok(Outcome<IReadOnlyList<LoadedCertificate>> outcome)
    {
        Assert.False(outcome.IsFailure, outcome.Failure?.ToString());
        return outcome.Result!;
    }

    [Fact]
    public void Read_PemWithChainAndKey_ReturnsEveryCertificateInOrder()
    {
        var path = _dir.File("chain.pem");
        File.WriteAllText(path, _leaf.PrivateKeyPem + _leaf.Pem + "junk between blocks\n" + _intermediate.Pem + _root.Pem);
        var certificates = Ok(CertificateFileReader.Read(path));
        Assert.Equal(new[] { _leaf.Der, _intermediate.Der, _root.Der }, certificates.Select(c => c.RawData).ToArray());
        Assert.All(certificates, c => Assert.Equal(CertificateFormat.Pem, c.Format));
    }

    [Fact]
    public void Read_Der_ReturnsTheCertificate()
    {
        var certificates = Ok(CertificateFileReader.Read(_leaf.WriteDer(_dir.File("leaf.cer"))));
        Assert.Equal(_leaf.Der, Assert.Single(certificates).RawData);
    }

    [Fact]
    public void Read_Pkcs7FromOpenSsl_DerAndPem_ReturnsAllCertificates()
    {
        var chain = _leaf.WriteChainPem(_dir.File("chain.pem"), includeRoot: true);
        ExternalProcess.Run(Tools.OpenSsl, ["crl2pkcs7", "-nocrl", "-certfile", chain, "-outform", "DER", "-out", _dir.File("chain.p7b")]);
        ExternalProcess.Run(Tools.OpenSsl, ["crl2pkcs7", "-nocrl", "-certfile", chain, "-out", _dir.File("chain-pem.p7c")]);
        foreach (var file in new[] { "chain.p7b", "chain-pem.p7c" })
        {
            var certificates = Ok(CertificateFileReader.Read(_dir.File(file)));
            Assert.Equal(3, certificates.Count);
            Assert.Contains(certificates, c => c.RawData.SequenceEqual(_leaf.Der));
            Assert.Contains(certificates, c => c.RawData.SequenceEqual(_root.Der));
        }
    }

    [Fact]
    public void Read_PfxWithRightPassword_ReturnsChainWithoutImportingKeys()
    {
        var path = _dir.File("leaf.pfx");
        File.WriteAllBytes(path, _leaf.ToPfx("S3cret!"));
        var certificates = Ok(CertificateFileReader.Read(path, Secure("S3cret!")));
        Assert.Equal(3, certificates.Count);
        Assert.Equal(_leaf.Der, certificates[0].RawData);
        Assert.All(certificates, c => Assert.Equal(CertificateFormat.Pkcs12, c.Format));
    }

    [Fact]
    public void Read_PfxFromOpenSsl_IsRead()
    {
        var cert = _leaf.WritePem(_dir.File("l.pem"));
        var key = _leaf.WriteKeyPem(_dir.File("l.key"));
        ExternalProcess.Run(Tools.OpenSsl, ["pkcs12", "-export", "-in", cert, "-inkey", key, "-passout", "pass:pw", "-out", _dir.File("l.p12")]);
        Assert.Equal(_leaf.Der, Ok(CertificateFileReader.Read(_dir.File("l.p12"), Secure("pw")))[0].RawData);
    }

    [Fact]
    public void Read_PfxWithWrongPassword_FailsWithPfxPasswordInvalidNamingTheFile()
    {
        var path = _dir.File("leaf.pfx");
        File.WriteAllBytes(path, _leaf.ToPfx("right"));
        var outcome = CertificateFileReader.Read(path, Secure("wrong"));
        Assert.True(outcome.IsFailure);
        Assert.Equal(ErrorIds.PfxPasswordInvalid, outcome.Failure!.ErrorId);
        Assert.Equal(FailureKind.AuthenticationFailed, outcome.Failure.Kind);
        Assert.Contains(path, outcome.Failure.Message);
    }

    [Fact]
    public void Read_PfxWithoutPassword_FailsWithPfxPasswordRequired()
    {
        var path = _dir.File("leaf.pfx");
        File.WriteAllBytes(path, _leaf.ToPfx("right"));
        Assert.Equal(ErrorIds.PfxPasswordRequired, CertificateFileReader.Read(path).Failure!.ErrorId);
    }

    [Theory]
    [InlineData("text.pem", "just some text, no certificate\n")]
    [InlineData("key.pem", "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIBtg\n-----END PRIVATE KEY-----\n")]
    [InlineData("garbage.cer", "\u0030\u0082\u00ff\u00ff garbage")]
    [InlineData("empty.crt", "")]
    public void Read_NotACertificate_FailsWithNotACertificate(string name, string content)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, content);
        var outcome = CertificateFileReader.Read(path);
        Assert.True(outcome.IsFailure);
        Assert.Equal(ErrorIds.NotACertificate, outcome.Failure!.ErrorId);
        Assert.Contains(path, outcome.Failure.Message);
    }

    [Fact]
    public void Read_MissingFile_FailsWithPathNotFound() =>
        Assert.Equal(ErrorIds.PathNotFound, CertificateFileReader.Read(_dir.File("missing.pem")).Failure!.ErrorId);

    [Fact]
    public void ExpandPath_Folder_ListsCertificateFilesAndRecursesOnlyWhenAsked()
    {
        Directory.CreateDirectory(_dir.File("sub"));
        _leaf.WritePem(_dir.File("a.pem"));
        _leaf.WriteDer(Path.Combine(_dir.File("sub"), "b.cer"));
        File.WriteAllText(_dir.File("notes.txt"), "not a certificate file");
        Assert.Equal(new[] { _dir.File("a.pem") }, CertificateFileReader.ExpandPath(_dir.Path, recurse: false).ToArray());
        Assert.Equal(2, CertificateFileReader.ExpandPath(_dir.Path, recurse: true).Count());
    }
}
