using PkiRevocation.Diagnostics;
using PkiRevocation.Ocsp;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>Reading a saved response from disk: the bytes as they are, or a failure naming the file.</summary>
public sealed class OcspResponseFileTests
{
    [Fact]
    public void Read_ExistingFile_GivesItsBytesUnjudged()
    {
        using var directory = new TempDirectory("pkirev-ocsp-file");
        var path = directory.File("saved.der");
        File.WriteAllBytes(path, [0x30, 0x03, 0x0A, 0x01, 0x01]);

        var outcome = OcspResponseFile.Read(path);

        Assert.False(outcome.IsFailure);
        Assert.Equal(new byte[] { 0x30, 0x03, 0x0A, 0x01, 0x01 }, outcome.Result);
    }

    [Fact]
    public void Read_MissingFile_IsPathNotFoundNamingIt()
    {
        using var directory = new TempDirectory("pkirev-ocsp-file");
        var path = directory.File("missing.der");

        var failure = OcspResponseFile.Read(path).Failure;

        Assert.NotNull(failure);
        Assert.Equal(ErrorIds.PathNotFound, failure!.ErrorId);
        Assert.Equal(FailureKind.NotFound, failure.Kind);
        Assert.Contains(path, failure.Message);
    }

    [Fact]
    public void Read_ADirectory_IsNotARegularFile()
    {
        using var directory = new TempDirectory("pkirev-ocsp-file");

        var failure = OcspResponseFile.Read(directory.Path).Failure;

        Assert.NotNull(failure);
        Assert.Equal(ErrorIds.NotARegularFile, failure!.ErrorId);
        Assert.Contains("a folder", failure.Message);
    }
}
