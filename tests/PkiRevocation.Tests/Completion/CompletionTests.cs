using PkiRevocation.Configuration;
using PkiRevocation.PowerShell.Completion;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Tests.Completion;

public sealed class CompletionTests
{
    [Fact]
    public void Match_PrefixIsCaseInsensitive_SortedAndDistinct()
    {
        var matches = CompletionMatcher.Match(new[] { "Trust", "TrustedPeople", "root", "TrustedPublisher", "trust" }, "tru").Select(m => m.Name).ToArray();
        Assert.Equal(new[] { "Trust", "TrustedPeople", "TrustedPublisher" }, matches);
    }

    [Fact]
    public void Match_Wildcards_AndQuotedWords()
    {
        Assert.Equal(new[] { "TrustedPeople", "TrustedPublisher" }, CompletionMatcher.Match(KnownStoreNames.Names, "*ed*").Select(m => m.Name).Where(n => n.StartsWith("Trust")).ToArray());
        Assert.Equal(new[] { "Remote Desktop" }, CompletionMatcher.Match(KnownStoreNames.Names, "'Remote").Select(m => m.Name).ToArray());
        Assert.Empty(CompletionMatcher.Match(KnownStoreNames.Names, "Nope"));
        Assert.Equal(KnownStoreNames.Names.Length, CompletionMatcher.Match(KnownStoreNames.Names, "").Count());
    }

    [Theory]
    [InlineData("My", "My")]
    [InlineData("Remote Desktop", "'Remote Desktop'")]
    [InlineData("Bob's policy", "'Bob''s policy'")]
    [InlineData("$weird", "'$weird'")]
    [InlineData("-dash", "'-dash'")]
    [InlineData("a;b", "'a;b'")]
    public void Quote_WhatPowerShellWouldSplitOrExpand(string name, string expected) => Assert.Equal(expected, CompletionMatcher.Quote(name));

    [Fact]
    public void ConfigurationNames_ReadBothScopes_ArraysAndMaps_AnyCase()
    {
        using var home = new TempDirectory();
        var paths = new PkiRevocationPaths(home.Path);
        Directory.CreateDirectory(paths.ConfigurationDirectory(ConfigurationScope.AllUsers));
        Directory.CreateDirectory(paths.ConfigurationDirectory(ConfigurationScope.CurrentUser));
        File.WriteAllText(paths.ConfigurationFile(ConfigurationScope.AllUsers, "policies.json"), "{ \"policies\": [ { \"name\": \"Default\" }, { \"name\": \"Strict OCSP\" }, { \"other\": 1 } ] }");
        File.WriteAllText(paths.ConfigurationFile(ConfigurationScope.CurrentUser, "policies.json"), "{ \"Policies\": { \"mine\": {}, \"default\": {} } }");
        Assert.Equal(new[] { "Default", "mine", "Strict OCSP" }, ConfigurationNames.Read(paths, "policies.json", "policies"));
        Assert.Equal(new[] { "Default", "mine", "Strict OCSP" }, ConfigurationNames.FromJson("policies.json", "policies")(paths));

        File.WriteAllText(paths.ConfigurationFile(ConfigurationScope.CurrentUser, "sessions.json"), "[ { \"Name\": \"ldap01\" }, { \"name\": \"cti\" } ]");
        Assert.Equal(new[] { "cti", "ldap01" }, ConfigurationNames.Read(paths, "sessions.json"));
    }

    [Fact]
    public void ConfigurationNames_MissingOrCorruptFiles_GiveNoNames_AndAreKept()
    {
        using var home = new TempDirectory();
        var paths = new PkiRevocationPaths(home.Path);
        Assert.Empty(ConfigurationNames.Read(paths, "policies.json", "policies"));
        Directory.CreateDirectory(paths.ConfigurationDirectory(ConfigurationScope.CurrentUser));
        var corrupt = paths.ConfigurationFile(ConfigurationScope.CurrentUser, "policies.json");
        File.WriteAllText(corrupt, "{ \"policies\": [ { \"name\": ");
        Assert.Empty(ConfigurationNames.Read(paths, "policies.json", "policies"));
        Assert.Equal("{ \"policies\": [ { \"name\": ", File.ReadAllText(corrupt));
        File.WriteAllText(corrupt, "{ \"somethingElse\": [] }");
        Assert.Empty(ConfigurationNames.Read(paths, "policies.json", "policies"));
    }
}
