using Nethereum.Signer.EIP712;
using RiskGovernance.Primitives;

namespace RiskGovernance.Chain.Tests.Vectors;

/// <summary>The "Mail" example of EIP-712, through <see cref="SigningKey.SignTypedData"/> and Nethereum's encoder.</summary>
public sealed class Eip712MailVectorTests
{
    private const string PublishedDigest = "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2";

    /// <summary>r, s and v = 28 as published with the example (assets/eip-712/Example.js).</summary>
    private const string PublishedSignature =
        "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
        + "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"
        + "1c";

    private static SigningKey Cow => SigningKey.Parse(Hash32.Keccak("cow").ToString(), "cow");

    [Fact]
    public void Address_CowKey_IsTheMailSender()
        => Assert.Equal("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", Cow.Address.ToString());

    [Fact]
    public void SignTypedData_MailWithCowKey_PublishedSignature()
    {
        var signature = Cow.SignTypedData(TypedDataSamples.MailJson);

        Assert.Equal(PublishedSignature, signature.ToString());
        Assert.Equal(28, signature.V);
        Assert.True(signature.IsLowS);
    }

    /// <summary>The encoding is 0x1901 ‖ domain separator ‖ hashStruct(message), each part as published, and its keccak is the digest.</summary>
    [Fact]
    public void EncodeTypedData_MailExample_PublishedDomainSeparatorMessageHashAndDigest()
    {
        var encoded = new Eip712TypedDataSigner().EncodeTypedData(TypedDataSamples.MailJson);

        Assert.Equal(2 + (2 * Hash32.Length), encoded.Length);
        Assert.Equal([0x19, 0x01], encoded[..2]);
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", Hash32.FromBytes(encoded.AsSpan(2, 32)).ToString());
        Assert.Equal("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e", Hash32.FromBytes(encoded.AsSpan(34, 32)).ToString());
        Assert.Equal(PublishedDigest, Hash32.Keccak(encoded).ToString());
    }

    [Fact]
    public void RecoverFromSignatureV4_PublishedSignature_Cow()
    {
        var encoded = new Eip712TypedDataSigner().EncodeTypedData(TypedDataSamples.MailJson);

        var recovered = new Eip712TypedDataSigner().RecoverFromSignatureV4(encoded, PublishedSignature);

        Assert.Equal(Cow.Address, Address.Parse(recovered.ToLowerInvariant()));
    }

    [Fact]
    public void SignTypedData_MessageChanged_OtherSignature()
    {
        var changed = TypedDataSamples.MailJson.Replace("Hello, Bob!", "Hello, Bob?", StringComparison.Ordinal);
        Assert.NotEqual(PublishedSignature, Cow.SignTypedData(changed).ToString());
    }
}
