using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;
using RiskGovernance.Persistence;
using RiskGovernance.Persistence.Files;

namespace RiskGovernance.Web.Infrastructure;

/// <summary>
/// The data-protection keys that sign session cookies: stored under Persistence:DataDirectory/keys,
/// owner-only, and encrypted at rest with AES-256-GCM under the key in the environment variable
/// <see cref="KeyVariable"/> (32 random bytes, base64). Outside Development the portal refuses to start
/// without that key: whoever reads an unencrypted key ring can mint a session for any address.
/// </summary>
public static class KeyProtection
{
    /// <summary>The environment variable (also read as a configuration key) holding the key-encryption key.</summary>
    public const string KeyVariable = "RISKGOV_DATAPROTECTION_KEY";

    /// <summary>Folder under Persistence:DataDirectory holding the key ring.</summary>
    public const string KeysFolder = "keys";

    /// <summary>How to make a key, as every refusal says.</summary>
    public const string MakeKeyHint = "make one with: head -c 32 /dev/urandom | base64";

    /// <summary>
    /// Registers data protection with the key ring under the data directory, encrypted with the key from
    /// <paramref name="configuration"/> (the environment). Without a key: refused outside Development,
    /// and in Development the ring is stored unencrypted (owner-only) with a warning at start.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key is missing outside Development, or is not 32 bytes of base64; the message names <see cref="KeyVariable"/>.</exception>
    public static IServiceCollection AddProtectedKeyRing(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var key = ReadKey(configuration[KeyVariable], environment.IsDevelopment());
        services.AddSingleton(new KeyEncryptionKey(key));
        services.AddDataProtection().SetApplicationName("RiskGovernance.Web");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<PersistenceOptions>, ILoggerFactory>((options, persistence, logs) =>
            {
                var directory = Path.Combine(Path.GetFullPath(persistence.Value.DataDirectory), KeysFolder);
                options.XmlRepository = new OwnerOnlyXmlRepository(directory, logs);
                if (key is not null)
                {
                    options.XmlEncryptor = new AesGcmXmlEncryptor(key);
                }
                else
                {
                    logs.CreateLogger(typeof(KeyProtection)).LogWarning(
                        "{Variable} is not set: the session keys in {Directory} are stored unencrypted (allowed in Development only; {Hint}).",
                        KeyVariable, directory, MakeKeyHint);
                }
            });
        return services;
    }

    /// <summary>The 32-byte key from its base64 text; null when absent and <paramref name="optional"/>.</summary>
    /// <exception cref="InvalidOperationException">Absent and not optional, or malformed; the message names <see cref="KeyVariable"/>.</exception>
    public static byte[]? ReadKey(string? text, bool optional)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return optional ? null
                : throw new InvalidOperationException(
                    $"{KeyVariable}: is not set. Outside Development the portal refuses to store the keys that sign sessions unencrypted; {MakeKeyHint}.");
        }

        var buffer = new byte[64];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out var length) || length != 32)
        {
            throw new InvalidOperationException($"{KeyVariable}: must be 32 bytes in base64 (44 characters); {MakeKeyHint}.");
        }

        return buffer[..32];
    }
}

/// <summary>The key-encryption key, for the decryptor that data protection activates by type.</summary>
/// <param name="Key">32 bytes, or null when the ring is stored unencrypted (Development).</param>
public sealed record KeyEncryptionKey(byte[]? Key);

/// <summary>Encrypts a key-ring element with AES-256-GCM: base64(nonce ‖ tag ‖ ciphertext).</summary>
public sealed class AesGcmXmlEncryptor(byte[] key) : IXmlEncryptor
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    /// <inheritdoc />
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes));
        }

        CryptographicOperations.ZeroMemory(plain);
        var element = new XElement("encryptedKey",
            new XComment($" AES-256-GCM under {KeyProtection.KeyVariable} "),
            new XElement("value", Convert.ToBase64String(sealedBytes)));
        return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
    }

    /// <summary>Decrypts what <see cref="Encrypt"/> produced; throws when the key is another or the text was altered.</summary>
    internal static XElement Decrypt(byte[] key, XElement encryptedElement)
    {
        var sealedBytes = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("the encrypted key is truncated.");
        }

        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain);
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}

/// <summary>Decrypts key-ring elements written by <see cref="AesGcmXmlEncryptor"/> (activated by data protection).</summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    /// <inheritdoc />
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var key = services.GetRequiredService<KeyEncryptionKey>().Key
            ?? throw new InvalidOperationException($"{KeyProtection.KeyVariable}: the session keys are encrypted, but the key is not set; set the key they were encrypted with.");
        try
        {
            return AesGcmXmlEncryptor.Decrypt(key, encryptedElement);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{KeyProtection.KeyVariable}: does not decrypt the session keys (another key, or the key file was altered).", e);
        }
    }
}

/// <summary>The file-system key ring, with the directory and every key file owner-only.</summary>
public sealed class OwnerOnlyXmlRepository : IXmlRepository
{
    private readonly string _directory;
    private readonly FileSystemXmlRepository _files;

    /// <summary>A ring in <paramref name="directory"/> (created owner-only).</summary>
    public OwnerOnlyXmlRepository(string directory, ILoggerFactory logs)
    {
        _directory = directory;
        OwnerOnlyFiles.EnsureDirectory(directory);
        _files = new FileSystemXmlRepository(new DirectoryInfo(directory), logs);
    }

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        _files.StoreElement(element, friendlyName);
        foreach (var file in Directory.EnumerateFiles(_directory, "*.xml"))
        {
            OwnerOnlyFiles.Restrict(file);
        }
    }
}
