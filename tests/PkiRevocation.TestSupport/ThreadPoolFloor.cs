namespace PkiRevocation.TestSupport;

/// <summary>
/// Test runs hold many thread-pool threads in blocking calls (a synchronous engine call waiting on a server that runs
/// on the same pool). The pool adds threads only about twice a second once its minimum is in use, so on a loaded
/// machine an in-process server could wait seconds for a thread and a request that should be answered timed out.
/// A higher minimum gives the servers their threads at once.
/// </summary>
public static class ThreadPoolFloor
{
    public const int MinimumThreads = 64;

    public static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, MinimumThreads), Math.Max(completion, MinimumThreads));
    }
}
