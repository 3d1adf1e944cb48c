using System.Numerics;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;
using RiskGovernance.Chain.Signing;
using RiskGovernance.Testing;

namespace RiskGovernance.Chain.Tests.Signing;

public sealed class Eip712Tests
{
    /// <summary>The "Mail" example of EIP-712 (assets/eip-712/Example.js).</summary>
    private const string MailJson = """
        {
          "types": {
            "EIP712Domain": [
              { "name": "name", "type": "string" },
              { "name": "version", "type": "string" },
              { "name": "chainId", "type": "uint256" },
              { "name": "verifyingContract", "type": "address" }
            ],
            "Person": [
              { "name": "name", "type": "string" },
              { "name": "wallet", "type": "address" }
            ],
            "Mail": [
              { "name": "from", "type": "Person" },
              { "name": "to", "type": "Person" },
              { "name": "contents", "type": "string" }
            ]
          },
          "primaryType": "Mail",
          "domain": { "name": "Ether Mail", "version": "1", "chainId": 1, "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC" },
          "message": {
            "from": { "name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
            "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
            "contents": "Hello, Bob!"
          }
        }
        """;

    /// <summary>Typed data with arrays, nested struct arrays, bytes, bytes32 and signed integers, for the cast cross-check.</summary>
    private const string BallotJson = """
        {
          "types": {
            "EIP712Domain": [
              { "name": "name", "type": "string" },
              { "name": "version", "type": "string" },
              { "name": "chainId", "type": "uint256" },
              { "name": "verifyingContract", "type": "address" }
            ],
            "Ballot": [
              { "name": "proposalId", "type": "bytes32" },
              { "name": "paramsHash", "type": "bytes32" },
              { "name": "support", "type": "bool" },
              { "name": "weights", "type": "uint256[]" },
              { "name": "shifts", "type": "int256[2]" },
              { "name": "assets", "type": "Asset[]" },
              { "name": "note", "type": "bytes" },
              { "name": "voter", "type": "Voter" }
            ],
            "Asset": [
              { "name": "symbol", "type": "string" },
              { "name": "scanRange", "type": "uint64" }
            ],
            "Voter": [
              { "name": "account", "type": "address" },
              { "name": "tags", "type": "string[]" }
            ]
          },
          "primaryType": "Ballot",
          "domain": { "name": "RiskGovernance", "version": "1", "chainId": 31337, "verifyingContract": "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
          "message": {
            "proposalId": "0x1111111111111111111111111111111111111111111111111111111111111111",
            "paramsHash": "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
            "support": true,
            "weights": [1, "1000000000000000000", "0xff"],
            "shifts": [-5, 7],
            "assets": [ { "symbol": "BTC", "scanRange": 150000000000000000 }, { "symbol": "ETH", "scanRange": 200000000000000000 } ],
            "note": "0xdeadbeef",
            "voter": { "account": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "tags": ["risk", "committee"] }
          }
        }
        """;

    private const string AnvilKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private sealed record Person(string Name, Address Wallet);

    private sealed record Asset(string Symbol, [property: Eip712Member(Type = "uint64")] ulong ScanRange);

    private sealed record Voter(Address Account, IReadOnlyList<string> Tags);

    [Eip712Struct("Ballot")]
    private sealed record BallotMessage(
        Hash32 ProposalId,
        Hash32 ParamsHash,
        bool Support,
        BigInteger[] Weights,
        [property: Eip712Member(Type = "int256[2]")] BigInteger[] Shifts,
        Asset[] Assets,
        byte[] Note,
        Voter Voter);

    private sealed record Mail(Person From, Person To, string Contents);

    [Fact]
    public void EncodeType_Mail_ReferencedTypesAppended()
    {
        var data = Eip712TypedData.FromJson(MailJson);
        Assert.Equal("Mail(Person from,Person to,string contents)Person(string name,address wallet)", data.EncodeType("Mail"));
    }

    [Fact]
    public void Digest_MailExample_PublishedDigest()
    {
        var data = Eip712TypedData.FromJson(MailJson);
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", data.DomainSeparator().ToString());
        Assert.Equal("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e", data.MessageHash().ToString());
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", data.Digest().ToString());
    }

    [Fact]
    public void Sign_MailExampleWithCowKey_PublishedSignature()
    {
        var cow = EthPrivateKey.FromBytes(Keccak256.Hash("cow"));
        Assert.Equal("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", cow.Address.ToString());
        var signature = Eip712TypedData.FromJson(MailJson).Sign(cow);
        Assert.Equal(28, signature.V);
        Assert.Equal("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d", Hex.Encode(Hex.ToFixedBigEndian(signature.R, 32)));
        Assert.Equal("0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562", Hex.Encode(Hex.ToFixedBigEndian(signature.S, 32)));
        Assert.Equal(cow.Address, Eip712TypedData.FromJson(MailJson).RecoverSigner(signature));
    }

    [Fact]
    public void FromObject_MailRecords_SameDigestAsJson()
    {
        var domain = new Eip712Domain("Ether Mail", "1", 1, Address.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"));
        var mail = new Mail(
            new Person("Cow", Address.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")),
            new Person("Bob", Address.Parse("0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB")),
            "Hello, Bob!");
        var data = Eip712TypedData.FromObject(domain, mail);
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", data.Digest().ToString());
    }

    [Fact]
    public void Sign_BallotWithArrays_MatchesCastWalletSignData()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eip712-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, BallotJson);
        try
        {
            var expected = CastTool.Run("wallet", "sign", "--data", "--from-file", path, "--private-key", AnvilKey0);
            var actual = Eip712TypedData.FromJson(BallotJson).Sign(EthPrivateKey.Parse(AnvilKey0)).ToHex();
            Assert.Equal(expected, actual);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromObject_BallotRecordsWithArrays_SameDigestAsJson()
    {
        var domain = new Eip712Domain("RiskGovernance", "1", 31337, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
        var ballot = new BallotMessage(
            Hash32.Parse("0x1111111111111111111111111111111111111111111111111111111111111111"),
            Hash32.Parse("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
            true,
            [1, BigInteger.Pow(10, 18), 255],
            [-5, 7],
            [new Asset("BTC", 150000000000000000), new Asset("ETH", 200000000000000000)],
            [0xde, 0xad, 0xbe, 0xef],
            new Voter(Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), ["risk", "committee"]));

        var fromObject = Eip712TypedData.FromObject(domain, ballot);
        var fromJson = Eip712TypedData.FromJson(BallotJson);
        Assert.Equal(fromJson.EncodeType("Ballot"), fromObject.EncodeType("Ballot"));
        Assert.Equal(fromJson.Digest(), fromObject.Digest());
    }

    [Fact]
    public void FromJson_MissingMember_ThrowsNamingPath()
    {
        var broken = MailJson.Replace("\"contents\": \"Hello, Bob!\"", "\"other\": 1", StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentException>(() => Eip712TypedData.FromJson(broken).Digest());
        Assert.Contains("Mail.contents", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_UnknownType_ThrowsNamingMember()
    {
        var broken = MailJson.Replace("\"type\": \"Person\" }", "\"type\": \"Persn\" }", StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentException>(() => Eip712TypedData.FromJson(broken));
        Assert.Contains("Mail.from", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Domain_NoMembers_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => new Eip712Domain());

    [Fact]
    public void Domain_MembersSet_OnlyThoseInType()
    {
        var domain = new Eip712Domain(name: "x", chainId: new BigInteger(5));
        Assert.Equal(["name", "chainId"], domain.Fields().Select(f => f.Name));
    }
}
