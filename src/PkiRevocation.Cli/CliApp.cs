using System.CommandLine;
using PkiRevocation.Cli.Commands;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;

namespace PkiRevocation.Cli;

/// <summary>pkirev: the PkiRevocation engine for hosts without PowerShell. Every command is thin: parse, one engine call, write.</summary>
public static class CliApp
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("pkirev: certificate expiry and revocation checks (the PkiRevocation engine without PowerShell).");
        root.Subcommands.Add(ExpiryCommand.Create(context));
        root.Subcommands.Add(CrlCommand.Create(context));
        root.Subcommands.Add(RevocationCommand.Create(context));
        root.Subcommands.Add(PolicyCommand.Create(context));
        root.Subcommands.Add(CacheCommand.Create(context));
        root.Subcommands.Add(OcspCommand.Create(context));
        root.Subcommands.Add(MonitorCommand.Create(context));
        root.Subcommands.Add(SessionsCommand.Create(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        var root = Build(context);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors) context.Error.WriteLine($"pkirev: {ErrorIds.InvalidArgument}: {error.Message}");
            context.Error.WriteLine("Run 'pkirev --help' (or 'pkirev <command> --help') for usage.");
            return ExitCodes.BadInput;
        }

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellation.Token);
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
