using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using RiskGovernance.Persistence;
using RiskGovernance.Testing;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Web.Tests.Support;
using Xunit;

namespace RiskGovernance.Web.Tests.Infrastructure;

/// <summary>
/// The keys that sign sessions, at rest: whoever reads the key ring can mint a session for any
/// address, so it is encrypted under a key from the environment, refused unencrypted outside
/// Development, and owner-only on disk, as the database is.
/// </summary>
public sealed class KeyProtectionTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task The_key_ring_is_encrypted_at_rest_and_the_database_and_keys_are_owner_only()
    {
        var data = Directory.CreateTempSubdirectory("riskgov-keys-").FullName;
        var settings = new Dictionary<string, string?> { ["Persistence:DataDirectory"] = data, [KeyProtection.KeyVariable] = Key };
        string sealedText;
        using (var portal = new PortalFactory(node, settings: settings))
        {
            portal.Start();
            var protector = portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
            sealedText = protector.Protect("session of 0xabc");

            var keyFiles = Directory.GetFiles(Path.Combine(data, KeyProtection.KeysFolder), "key-*.xml");
            Assert.NotEmpty(keyFiles);
            foreach (var file in keyFiles)
            {
                var xml = await File.ReadAllTextAsync(file);
                Assert.Contains("encryptedKey", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
                AssertOwnerOnly(file);
            }

            AssertOwnerOnly(Path.Combine(data, PersistenceOptions.DatabaseFileName));
            AssertOwnerOnly(Path.Combine(data, PersistenceOptions.DatabaseFileName + "-wal"));
            AssertOwnerOnly(Path.Combine(data, RiskGovernance.Web.Demo.LocalChainDeployment.RecordFileName));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(OwnerDirectoryMode, File.GetUnixFileMode(Path.Combine(data, KeyProtection.KeysFolder)));
            }
        }

        // A restart with the same key reads the ring back: sessions survive.
        using (var again = new PortalFactory(node, settings: settings))
        {
            again.Start();
            Assert.Equal("session of 0xabc", again.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(sealedText));
        }
    }

    [Fact]
    public void Outside_Development_the_portal_refuses_to_start_without_the_key()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();
        var production = new HostingEnvironment { EnvironmentName = Environments.Production };
        var refusal = Assert.Throws<InvalidOperationException>(() => services.AddProtectedKeyRing(configuration, production));
        Assert.StartsWith(KeyProtection.KeyVariable + ": is not set", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("AAEC")]
    public void A_malformed_key_is_refused_naming_the_variable(string text)
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => KeyProtection.ReadKey(text, optional: true));
        Assert.StartsWith(KeyProtection.KeyVariable + ": must be 32 bytes", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ring_encrypted_under_one_key_does_not_open_under_another()
    {
        var element = new System.Xml.Linq.XElement("masterKey", "secret material");
        var sealedInfo = new AesGcmXmlEncryptor(KeyProtection.ReadKey(Key, optional: false)!).Encrypt(element);
        Assert.DoesNotContain("secret material", sealedInfo.EncryptedElement.ToString(), StringComparison.Ordinal);

        var right = new ServiceCollection().AddSingleton(new KeyEncryptionKey(KeyProtection.ReadKey(Key, optional: false))).BuildServiceProvider();
        Assert.Equal("secret material", new AesGcmXmlDecryptor(right).Decrypt(sealedInfo.EncryptedElement).Value);

        var other = Convert.ToBase64String(new byte[32]);
        var wrong = new ServiceCollection().AddSingleton(new KeyEncryptionKey(KeyProtection.ReadKey(other, optional: false))).BuildServiceProvider();
        var refusal = Assert.Throws<InvalidOperationException>(() => new AesGcmXmlDecryptor(wrong).Decrypt(sealedInfo.EncryptedElement));
        Assert.StartsWith(KeyProtection.KeyVariable, refusal.Message, StringComparison.Ordinal);
    }

    private const UnixFileMode OwnerDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static void AssertOwnerOnly(string file)
    {
        Assert.True(File.Exists(file), $"{file} does not exist");
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(file);
            Assert.True((mode & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) == 0, $"{file} has mode {mode}");
        }
    }
}
