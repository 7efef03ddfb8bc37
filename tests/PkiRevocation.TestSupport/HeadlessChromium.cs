namespace PkiRevocation.TestSupport;

/// <summary>Debian's chromium (installed by .ci/run), headless, with a fresh profile and no network of its own.</summary>
public static class HeadlessChromium
{
    public static string Path => File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "chromium";

    /// <summary>Renders <paramref name="htmlFile"/> to <paramref name="pngFile"/> at the given window size.</summary>
    public static void Screenshot(string htmlFile, string pngFile, int width, int height)
    {
        using var profile = new TempDirectory("chromium-profile");
        ExternalProcess.Run(Path,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
            "--user-data-dir=" + profile.Path, $"--window-size={width},{height}", "--screenshot=" + pngFile,
            new Uri(htmlFile).AbsoluteUri,
        ], timeout: TimeSpan.FromMinutes(2));
        if (!File.Exists(pngFile)) throw new InvalidOperationException($"chromium wrote no screenshot to {pngFile}.");
    }
}
