namespace RiskGovernance.Cli;

/// <summary>Writes a command's output to --out, atomically: into a temporary file in the same
/// folder, renamed over the target only once complete, so that a failed run leaves nothing
/// behind. Without --out the output goes to stdout.</summary>
internal static class OutputFile
{
    /// <summary>Checks before any work that the folder of --out exists.</summary>
    public static void CheckWritable(string? path)
    {
        if (path is null)
        {
            return;
        }
        if (path.Length == 0 || Directory.Exists(path))
        {
            throw new UsageException($"--out: '{path}' is not a file path");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is null || !Directory.Exists(folder))
        {
            throw new UsageException($"--out: folder '{folder}' does not exist");
        }
    }

    /// <summary>Writes the output: into --out through a temporary file renamed on success, or
    /// onto stdout.</summary>
    public static void Write(string? path, Action<Stream> write, TextWriter stdout)
    {
        if (path is null)
        {
            using var buffer = new MemoryStream();
            write(buffer);
            stdout.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            stdout.Flush();
            return;
        }
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
