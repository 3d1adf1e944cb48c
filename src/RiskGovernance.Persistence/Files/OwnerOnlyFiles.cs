namespace RiskGovernance.Persistence.Files;

/// <summary>
/// Files only the portal's account may read: directories 0700 and files 0600 on Unix (Windows keeps
/// the ACLs it inherits). Used for the database, the data-protection keys and the deployment record.
/// </summary>
public static class OwnerOnlyFiles
{
    /// <summary>rwx for the owner only.</summary>
    public const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner only.</summary>
    public const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates the directory (and its parents) owner-only when it does not exist. An existing directory
    /// keeps its mode (it may be one the operator chose, such as the working directory); the files the
    /// portal puts in it are owner-only themselves.
    /// </summary>
    public static DirectoryInfo EnsureDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return OperatingSystem.IsWindows() || Directory.Exists(path)
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, OwnerDirectory);
    }

    /// <summary>
    /// Creates an empty owner-only file when none exists (SQLite then creates its -wal and -shm files
    /// with the same mode), and makes an existing file owner-only.
    /// </summary>
    public static void EnsureFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerFile;
            }

            try
            {
                using var created = new FileStream(path, options);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created by someone else in between: tightened below.
            }
        }

        Restrict(path);
    }

    /// <summary>Makes an existing file owner-only (no-op when it does not exist, or on Windows).</summary>
    public static void Restrict(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & ~OwnerFile) != 0)
        {
            File.SetUnixFileMode(path, OwnerFile);
        }
    }

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> atomically (a temporary owner-only file renamed over it).</summary>
    public static async Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var temporary = path + ".tmp";
        File.Delete(temporary);
        EnsureFile(temporary);
        await File.WriteAllTextAsync(temporary, contents, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
