using System.Diagnostics;

namespace PkiRevocation.TestSupport;

/// <summary>
/// Named pipes (mkfifo) made by a test. A read that wrongly opens one blocks until a writer comes: disposing opens each
/// for writing for a moment (in a child process with a timeout), so no test thread stays stuck either way.
/// </summary>
public sealed class NamedPipes : IDisposable
{
    private readonly List<string> _paths = new();

    public string Create(string path)
    {
        ExternalProcess.Run("mkfifo", [path]);
        _paths.Add(path);
        return path;
    }

    /// <summary>Runs <paramref name="read"/> on its own thread; fails the test when it does not end within 30 s.</summary>
    public static T WithoutHanging<T>(Func<T> read)
    {
        var task = Task.Factory.StartNew(read, TaskCreationOptions.LongRunning);
        if (!task.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("the read hung");
        return task.Result;
    }

    public void Dispose()
    {
        foreach (var path in _paths)
        {
            using var writer = Process.Start("timeout", ["0.3", "sh", "-c", ": > \"$0\"", path]);
            writer?.WaitForExit();
        }
    }
}
