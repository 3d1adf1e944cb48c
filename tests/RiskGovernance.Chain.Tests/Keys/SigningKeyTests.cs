using RiskGovernance.Primitives;

namespace RiskGovernance.Chain.Tests.Keys;

/// <summary><see cref="SigningKey"/>, <see cref="DevelopmentKeys"/> and <see cref="MessageSignatures"/>: no message ever shows a key.</summary>
public sealed class SigningKeyTests
{
    private const string KeyHex = "0x4646464646464646464646464646464646464646464646464646464646464646";

    /// <summary>Too short, zero, the curve order n, above n, and not hex: refused naming the field, never echoing the text.</summary>
    [Theory]
    [InlineData("0x46464646")]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("not hex at all, not even close to a private key....................")]
    [InlineData("0x464646464646464646464646464646464646464646464646464646464646464646")]
    public void Parse_BadKey_ThrowsNamingFieldWithoutEchoingKey(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => SigningKey.Parse(text, "signerKey"));

        Assert.Equal("signerKey", ex.ParamName);
        Assert.StartsWith("signerKey:", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(text, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(text.Length > 12 ? text[2..12] : text, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>n - 1 is the largest valid key; 1 gives the generator point's well-known address.</summary>
    [Theory]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000001", "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")]
    [InlineData("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", "0x80C0dbf239224071c59dD8970ab9d542E3414aB2")]
    public void Parse_EdgeKeys_Accepted(string text, string address)
        => Assert.Equal(address, SigningKey.Parse(text).Address.ToString());

    [Fact]
    public void Parse_NoPrefixAndSurroundingWhitespace_SameKey()
        => Assert.Equal(SigningKey.Parse(KeyHex).Address, SigningKey.Parse("  " + KeyHex[2..] + "\n").Address);

    [Fact]
    public void Parse_Null_ArgumentNullNamingField()
        => Assert.Equal("signerKey", Assert.Throws<ArgumentNullException>(() => SigningKey.Parse(null!, "signerKey")).ParamName);

    [Fact]
    public void ToString_Key_AddressOnly()
    {
        var key = SigningKey.Parse(KeyHex);

        Assert.Equal($"SigningKey({key.Address})", key.ToString());
        Assert.DoesNotContain("4646464646", key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_VariableSet_KeyOfThatValue()
    {
        var variable = UniqueVariable();
        Environment.SetEnvironmentVariable(variable, DevelopmentKeys.PrivateKeyHex(1));
        try
        {
            Assert.Equal(DevelopmentKeys.Addresses()[1], SigningKey.FromEnvironment(variable).Address);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void FromEnvironment_VariableMissing_ThrowsNamingVariable()
    {
        var variable = UniqueVariable();

        var ex = Assert.Throws<InvalidOperationException>(() => SigningKey.FromEnvironment(variable));

        Assert.Contains(variable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_MalformedValue_ThrowsNamingVariableWithoutValue()
    {
        var variable = UniqueVariable();
        Environment.SetEnvironmentVariable(variable, "0x1234abcd");
        try
        {
            var ex = Assert.Throws<ArgumentException>(() => SigningKey.FromEnvironment(variable));

            Assert.Equal(variable, ex.ParamName);
            Assert.Contains(variable, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("1234abcd", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void FromEnvironment_DefaultVariable_IsRiskgovSignerKey()
        => Assert.Equal("RISKGOV_SIGNER_KEY", SigningKey.DefaultEnvironmentVariable);

    [Fact]
    public void DevelopmentKeys_Ten_WellKnownAnvilAddresses()
    {
        var addresses = DevelopmentKeys.Addresses();

        Assert.Equal(10, DevelopmentKeys.Count);
        Assert.Equal(10, addresses.Distinct().Count());
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", addresses[0].ToString());
        Assert.Equal("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", addresses[1].ToString());
        Assert.Equal("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720", addresses[9].ToString());
        Assert.Equal(31337, DevelopmentKeys.LocalChainId);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    public void DevelopmentKeys_IndexOutOfRange_ThrowsNamingIndex(int index)
    {
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => DevelopmentKeys.Key(index)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => DevelopmentKeys.PrivateKeyHex(index)).ParamName);
    }

    /// <summary>RFC 6979 signing: deterministic, always low-s (EIP-2), and the signer recovers.</summary>
    [Fact]
    public void SignPersonalMessage_TwentyMessages_DeterministicLowSAndRecoverable()
    {
        var key = SigningKey.Parse(KeyHex);
        for (var i = 0; i < 20; i++)
        {
            var message = $"message {i}";
            var signature = key.SignPersonalMessage(message);

            Assert.Equal(signature, key.SignPersonalMessage(message));
            Assert.True(signature.IsLowS, message);
            Assert.Equal(key.Address, MessageSignatures.RecoverSigner(message, signature));
        }
    }

    [Fact]
    public void RecoverSigner_TamperedMessage_OtherAddress()
    {
        var key = DevelopmentKeys.Key(1);
        var signature = key.SignPersonalMessage("vote yes");

        var recovered = MessageSignatures.RecoverSigner("vote no", signature);

        Assert.NotNull(recovered);
        Assert.NotEqual(key.Address, recovered);
    }

    /// <summary>
    /// The malleable twin (s' = n - s, the other v) recovers the same signer: the low-s rule is the
    /// caller's, through <see cref="EcdsaSignature.IsLowS"/>, as <see cref="MessageSignatures"/> documents.
    /// </summary>
    [Fact]
    public void RecoverSigner_HighSTwin_SameSignerButNotLowS()
    {
        var key = DevelopmentKeys.Key(1);
        var signature = key.SignPersonalMessage("twin");
        var n = (2 * EcdsaSignature.HalfCurveOrder) + 1;
        var bytes = signature.ToBytes();
        (n - signature.S).ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(bytes.AsSpan(32, 32));
        bytes[64] = (byte)(signature.V == 27 ? 28 : 27);
        var twin = EcdsaSignature.FromBytes(bytes);

        Assert.False(twin.IsLowS);
        Assert.Equal(key.Address, MessageSignatures.RecoverSigner("twin", twin));
    }

    /// <summary>A signature no key can have made (r = s = 0) gives null, not an exception (a login must fail cleanly).</summary>
    [Fact]
    public void RecoverSigner_ZeroSignature_Null()
    {
        var zero = new byte[EcdsaSignature.Length];
        zero[64] = 27;

        Assert.Null(MessageSignatures.RecoverSigner("hello", EcdsaSignature.FromBytes(zero)));
    }

    /// <summary>r at or above the field prime names no curve point (Nethereum then recovers no key at all).</summary>
    [Theory]
    [InlineData("0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f")]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void RecoverSigner_RAtOrAboveFieldPrime_Null(string r)
    {
        var bytes = new byte[EcdsaSignature.Length];
        HexText.DecodeFixed(r, 32).CopyTo(bytes, 0);
        bytes[63] = 1;
        bytes[64] = 28;

        Assert.Null(MessageSignatures.RecoverSigner("hello", EcdsaSignature.FromBytes(bytes)));
    }

    /// <summary>Arbitrary 65-byte signatures (r, s from keccak of a counter; many r are no x-coordinate of the curve): an address or null, never an exception.</summary>
    [Fact]
    public void RecoverSigner_ArbitrarySignatures_AddressOrNullNeverThrows()
    {
        for (var i = 0; i < 16; i++)
        {
            var bytes = new byte[EcdsaSignature.Length];
            Hash32.Keccak($"r {i}").Span.CopyTo(bytes.AsSpan(0, 32));
            Hash32.Keccak($"s {i}").Span.CopyTo(bytes.AsSpan(32, 32));
            bytes[64] = (byte)(27 + (i % 2));

            var recovered = MessageSignatures.RecoverSigner("hello", EcdsaSignature.FromBytes(bytes));

            Assert.NotEqual(DevelopmentKeys.Addresses()[0], recovered);
        }
    }

    private static string UniqueVariable() => "RISKGOV_TEST_KEY_" + Guid.NewGuid().ToString("N");
}
