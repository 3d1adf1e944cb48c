using RiskGovernance.Primitives;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.Identity.Siwe;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>EIP-4361 text: the exact layout, round trips, the EIP's own example, and every malformed field named.</summary>
public sealed class SiweMessageTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 24, 1, 2, 3, 456, TimeSpan.Zero);
    private static readonly Address Ada = DevelopmentKeys.Key(1).Address;

    private static SiweMessage Sample(string? statement = "Sign in to the portal.") =>
        new("portal.example:5001", Ada, statement, "http://portal.example:5001/", 31337, "abcDEF123456", Issued, Issued.AddMinutes(5));

    private static string Valid => Sample().Format();

    [Fact]
    public void Format_PortalChallenge_MatchesEipLayoutByteForByte()
    {
        var expected =
            "portal.example:5001 wants you to sign in with your Ethereum account:\n" +
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n" +
            "\n" +
            "Sign in to the portal.\n" +
            "\n" +
            "URI: http://portal.example:5001/\n" +
            "Version: 1\n" +
            "Chain ID: 31337\n" +
            "Nonce: abcDEF123456\n" +
            "Issued At: 2026-11-24T01:02:03.456Z\n" +
            "Expiration Time: 2026-11-24T01:07:03.456Z";

        Assert.Equal(expected, Sample().Format());
    }

    [Fact]
    public void Format_WithoutStatement_LeavesTwoEmptyLines()
    {
        var text = Sample(statement: null).Format();

        Assert.Contains("0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n\n\nURI: ", text, StringComparison.Ordinal);
        Assert.Null(SiweMessage.Parse(text).Statement);
    }

    [Fact]
    public void Parse_FormattedMessageWithEveryOptionalField_RoundTrips()
    {
        var message = new SiweMessage("example.org", Ada, "I accept the terms: https://example.org/tos", "https://example.org/login", 1,
            "32891756", Issued, Issued.AddDays(1), Issued.AddMinutes(-1), "req-42",
            ["ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/", "https://example.com/my-web2-claim.json"], scheme: "https");

        var text = message.Format();
        var parsed = SiweMessage.Parse(text);

        Assert.Equal(text, parsed.Format());
        Assert.Equal("https", parsed.Scheme);
        Assert.Equal("example.org", parsed.Domain);
        Assert.Equal(Ada, parsed.Address);
        Assert.Equal(Issued.AddDays(1), parsed.ExpirationTime);
        Assert.Equal(Issued.AddMinutes(-1), parsed.NotBefore);
        Assert.Equal("req-42", parsed.RequestId);
        Assert.Equal(2, parsed.Resources.Count);
    }

    [Fact]
    public void Parse_ExampleMessageOfTheEip_ReadsEveryField()
    {
        const string text =
            "service.org wants you to sign in with your Ethereum account:\n" +
            "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2\n" +
            "\n" +
            "I accept the ServiceOrg Terms of Service: https://service.org/tos\n" +
            "\n" +
            "URI: https://service.org/login\n" +
            "Version: 1\n" +
            "Chain ID: 1\n" +
            "Nonce: 32891756\n" +
            "Issued At: 2021-09-30T16:25:24Z\n" +
            "Resources:\n" +
            "- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/\n" +
            "- https://example.com/my-web2-claim.json";

        var m = SiweMessage.Parse(text);

        Assert.Equal("service.org", m.Domain);
        Assert.Equal("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", m.Address.ToString());
        Assert.Equal("I accept the ServiceOrg Terms of Service: https://service.org/tos", m.Statement);
        Assert.Equal("https://service.org/login", m.Uri);
        Assert.Equal(1, m.ChainId);
        Assert.Equal("32891756", m.Nonce);
        Assert.Equal(new DateTimeOffset(2021, 9, 30, 16, 25, 24, TimeSpan.Zero), m.IssuedAt);
        Assert.Null(m.ExpirationTime);
        Assert.Equal(["ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/", "https://example.com/my-web2-claim.json"], m.Resources);
    }

    [Fact]
    public void Parse_LowerCaseAddress_IsAcceptedAndWrittenChecksummed()
    {
        var text = Valid.Replace(Ada.ToString(), Ada.ToLowerHex(), StringComparison.Ordinal);

        Assert.Equal(Ada.ToString(), SiweMessage.Parse(text).Address.ToString());
    }

    [Theory]
    [InlineData("", "siwe.message")]
    [InlineData("portal.example:5001 wants you to sign in with your Ethereum account:", "siwe.address")]
    [InlineData("REPLACE:portal.example:5001 wants you to sign in with your Ethereum account:|portal.example:5001 wants you to sign in:", "siwe.domain")]
    [InlineData("REPLACE:portal.example:5001 wants|bad domain wants", "siwe.domain")]
    [InlineData("REPLACE:portal.example:5001 wants|portal.example:5001:/x wants", "siwe.domain")]
    [InlineData("REPLACE:portal.example:5001 wants|1https://portal.example:5001 wants", "siwe.scheme")]
    [InlineData("REPLACE:0x70997970C51812dc3A010C7d01b50e0d17dc79C8|0x70997970C51812dc3A010C7d01b50e0d17dc79C9", "siwe.address")]
    [InlineData("REPLACE:0x70997970C51812dc3A010C7d01b50e0d17dc79C8|0x70997970c51812dc3a010c7d01b50e0d17dc79C8", "siwe.address")]
    [InlineData("REPLACE:0x70997970C51812dc3A010C7d01b50e0d17dc79C8|0x7099", "siwe.address")]
    [InlineData("REPLACE:0x70997970C51812dc3A010C7d01b50e0d17dc79C8|0x0000000000000000000000000000000000000000", "siwe.address")]
    [InlineData("REPLACE:79C8\n\n|79C8\nx\n", "siwe.message")]
    [InlineData("REPLACE:Sign in to the portal.\n\n|Sign in to the portal.\nsecond line\n\n", "siwe.statement")]
    [InlineData("REPLACE:Sign in to the portal.|Sign in\tto the portal.", "siwe.statement")]
    [InlineData("REPLACE:URI: http://portal.example:5001/|URI: not a uri", "siwe.uri")]
    [InlineData("REPLACE:URI: http://portal.example:5001/|Link: http://portal.example:5001/", "siwe.uri")]
    [InlineData("REPLACE:Version: 1|Version: 2", "siwe.version")]
    [InlineData("REPLACE:Version: 1\n|", "siwe.version")]
    [InlineData("REPLACE:Chain ID: 31337|Chain ID: 0x7a69", "siwe.chainId")]
    [InlineData("REPLACE:Chain ID: 31337|Chain ID: 0", "siwe.chainId")]
    [InlineData("REPLACE:Chain ID: 31337|Chain ID: -1", "siwe.chainId")]
    [InlineData("REPLACE:Chain ID: 31337|Chain ID: 99999999999999999999999", "siwe.chainId")]
    [InlineData("REPLACE:Nonce: abcDEF123456|Nonce: abc123", "siwe.nonce")]
    [InlineData("REPLACE:Nonce: abcDEF123456|Nonce: abcDEF12345-", "siwe.nonce")]
    [InlineData("REPLACE:Nonce: abcDEF123456|Nonce: ", "siwe.nonce")]
    [InlineData("REPLACE:Issued At: 2026-11-24T01:02:03.456Z|Issued At: yesterday", "siwe.issuedAt")]
    [InlineData("REPLACE:Issued At: 2026-11-24T01:02:03.456Z|Issued At: 2026-11-24 01:02:03", "siwe.issuedAt")]
    [InlineData("REPLACE:Issued At: 2026-11-24T01:02:03.456Z|Issued At: 2026-13-24T01:02:03Z", "siwe.issuedAt")]
    [InlineData("REPLACE:Expiration Time: 2026-11-24T01:07:03.456Z|Expiration Time: soon", "siwe.expirationTime")]
    [InlineData("REPLACE:Expiration Time: 2026-11-24T01:07:03.456Z|Expiration Time: 2026-11-24T01:00:00Z", "siwe.expirationTime")]
    [InlineData("APPEND:\nNot Before: later", "siwe.notBefore")]
    [InlineData("APPEND:\nRequest ID: a b", "siwe.requestId")]
    [InlineData("APPEND:\nResources:\n- not a uri", "siwe.resources[0]")]
    [InlineData("APPEND:\n", "siwe.message")]
    [InlineData("APPEND:\nExtra: field", "siwe.message")]
    [InlineData("CRLF", "siwe.message")]
    public void Parse_MalformedField_RefusedNamingTheField(string edit, string field)
    {
        var text = edit switch
        {
            "CRLF" => Valid.Replace("\n", "\r\n", StringComparison.Ordinal),
            _ when edit.StartsWith("REPLACE:", StringComparison.Ordinal) => Replace(Valid, edit["REPLACE:".Length..]),
            _ when edit.StartsWith("APPEND:", StringComparison.Ordinal) => Valid + edit["APPEND:".Length..],
            _ => edit,
        };

        var error = Assert.Throws<InputValidationException>(() => SiweMessage.Parse(text));

        Assert.Contains(error.Errors, e => e.Field == field);
    }

    [Fact]
    public void Parse_TooLong_RefusedNamingTheMessage()
    {
        var error = Assert.Throws<InputValidationException>(() => SiweMessage.Parse(Valid + "\nResources:" + string.Concat(Enumerable.Repeat("\n- https://example.org/x", 300))));

        Assert.Equal("siwe.message", error.Errors.Single().Field);
    }

    private static string Replace(string text, string edit)
    {
        var parts = edit.Split('|');
        Assert.Contains(parts[0], text, StringComparison.Ordinal);
        return text.Replace(parts[0], parts[1], StringComparison.Ordinal);
    }
}
