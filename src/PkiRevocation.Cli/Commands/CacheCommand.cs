using System.CommandLine;
using System.Globalization;
using PkiRevocation.Cli.Output;
using PkiRevocation.Revocation;

namespace PkiRevocation.Cli.Commands;

/// <summary>pkirev cache list|clear: Get-/Clear-RevocationCache for hosts without PowerShell.</summary>
public static class CacheCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("cache", "List or clear cached CRLs and OCSP responses.");
        command.Subcommands.Add(Build(context, "list", "List the cached CRLs and OCSP responses.", clear: false));
        command.Subcommands.Add(Build(context, "clear", "Remove cached CRLs and OCSP responses (all, or those matching --url / --kind / --expired).", clear: true));
        return command;
    }

    private static Command Build(CliContext context, string name, string description, bool clear)
    {
        var url = new Option<string?>("--url") { Description = "Only entries whose URL matches this wildcard pattern." };
        var kind = new Option<string?>("--kind") { Description = "crl or ocsp." };
        var expired = new Option<bool>("--expired") { Description = "Only entries past their nextUpdate." };
        var whatIf = new Option<bool>("--what-if") { Description = "Show what would be removed without removing it." };
        var json = CommonOptions.Json();
        var command = new Command(name, description) { url, kind, expired, json };
        if (clear) command.Options.Add(whatIf);
        command.SetAction(parseResult =>
        {
            if (!RevocationInputs.TryEnum<RevocationCacheKind>(parseResult.GetValue(kind), "--kind", context, out var kindValue)) return ExitCodes.BadInput;
            var cache = context.EngineFactory().RevocationCache;
            var pattern = parseResult.GetValue(url);
            var onlyExpired = parseResult.GetValue(expired);
            var dryRun = parseResult.GetValue(whatIf);
            // clear --what-if lists the entries clear would remove; list filters with the same rules.
            var entries = clear && !dryRun ? cache.Clear(kindValue, pattern, onlyExpired) : cache.List(kindValue, pattern, onlyExpired);
            if (parseResult.GetValue(json))
            {
                foreach (var entry in entries) JsonLines.Write(context.Out, entry);
                return ExitCodes.Success;
            }

            var table = new TextTable("Kind", "Size", "Fetched (UTC)", "NextUpdate (UTC)", "Expired", "Url");
            foreach (var e in entries)
                table.Add(e.Kind, e.Size, e.FetchedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    e.NextUpdate?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.Expired, e.Url);
            if (clear) context.Out.WriteLine(dryRun ? $"Would remove {table.Count} entries:" : $"Removed {table.Count} entries:");
            table.Write(context.Out);
            return ExitCodes.Success;
        });
        return command;
    }
}
