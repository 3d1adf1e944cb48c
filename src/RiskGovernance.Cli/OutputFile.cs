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
    public static void Write(string? path, Action<Stream> write, CommandOutput stdout)
    {
        if (path is null)
        {
            stdout.WriteDocument(write);
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

/// <summary>The standard output of a command: text through a writer, JSON documents straight to
/// the raw stream when there is one.</summary>
public sealed class CommandOutput(TextWriter text, Stream? raw)
{
    public void Write(string value) => text.Write(value);

    public void WriteLine(string value) => text.WriteLine(value);

    /// <summary>Writes a UTF-8 document produced by <paramref name="write"/>.</summary>
    public void WriteDocument(Action<Stream> write)
    {
        text.Flush();
        if (raw is not null)
        {
            // Not disposed: that would close the standard output itself.
            var buffered = new BufferedStream(raw, 1 << 16);
            write(buffered);
            buffered.Flush();
            return;
        }
        using var buffer = new MemoryStream();
        write(buffer);
        text.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        text.Flush();
    }
}
