namespace PkiRevocation.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Like other command-line tools: written through as lines on a terminal, block-buffered into a pipe or file
        // (a 2000-row report was 2000 write calls), and always flushed before exit.
        if (!Console.IsOutputRedirected) return await CliApp.RunAsync(args, new CliContext(Console.Out, Console.Error));
        var output = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        try
        {
            return await CliApp.RunAsync(args, new CliContext(output, Console.Error));
        }
        finally
        {
            output.Flush();
        }
    }
}
