using System.CommandLine;
using PkiRevocation.Cli.Commands;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Cli;

/// <summary>pkirev: the PkiRevocation engine for hosts without PowerShell. Every command is thin: parse, one engine call, write.</summary>
public static class CliApp
{
    private static readonly (string Name, Func<CliContext, Command> Create)[] Commands =
    [
        ("expiry", ExpiryCommand.Create),
        ("crl", CrlCommand.Create),
        ("revocation", RevocationCommand.Create),
        ("policy", PolicyCommand.Create),
        ("cache", CacheCommand.Create),
        ("ocsp", OcspCommand.Create),
        ("monitor", MonitorCommand.Create),
        ("sessions", SessionsCommand.Create),
    ];

    /// <summary>The whole command tree.</summary>
    public static RootCommand Build(CliContext context) => Build(context, null);

    /// <summary>
    /// The tree for these arguments: when the first one names a command, only that command is built (a run of
    /// `pkirev ocsp` does not pay for constructing the other thirty); otherwise all of them, for help and errors.
    /// </summary>
    public static RootCommand Build(CliContext context, string[]? args)
    {
        var root = new RootCommand("pkirev: certificate expiry and revocation checks (the PkiRevocation engine without PowerShell).");
        var first = args is { Length: > 0 } ? args[0] : null;
        var only = false;
        foreach (var command in Commands) only |= command.Name == first;
        foreach (var command in Commands)
        {
            if (!only || command.Name == first) root.Subcommands.Add(command.Create(context));
        }

        return root;
    }

    // System.CommandLine names the .NET type it wanted ("as expected type 'System.Nullable`1[System.Int32]'"); say it in words.
    private static readonly System.Text.RegularExpressions.Regex ExpectedType =
        new(@"as expected type '(?:System\.Nullable`1\[)?System\.(?<type>\w+)\]?'", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    internal static string Plain(string message) => ExpectedType.Replace(message, m => m.Groups["type"].Value switch
    {
        "Int32" or "Int64" => "as a whole number",
        "Boolean" => "as true or false",
        "Double" => "as a number",
        _ => "as " + m.Groups["type"].Value.ToLowerInvariant(),
    });

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        var root = Build(context, args);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors) context.Error.WriteLine($"pkirev: {ErrorIds.InvalidArgument}: {Plain(error.Message)}");
            context.Error.WriteLine("Run 'pkirev --help' (or 'pkirev <command> --help') for usage.");
            return ExitCodes.BadInput;
        }

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = context.Out, Error = context.Error }, cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("pkirev: cancelled.");
            return 130;
        }
        catch (ConfigurationCorruptException ex)
        {
            context.WriteError(ErrorIds.ConfigurationCorrupt, ex.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is InvalidOperationException || ex is IOException || ex is UnauthorizedAccessException || ex is TimeoutException)
        {
            context.WriteError(ErrorIds.InvalidArgument, ex.Message);
            return ExitCodes.BadInput;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
