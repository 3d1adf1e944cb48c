using System.Numerics;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Tests.Abi;

public sealed class AbiCodecTests
{
    private static readonly Address Alice = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    /// <summary>The first example of the Solidity ABI specification.</summary>
    [Fact]
    public void EncodeCall_SolidityDocsBaz_PublishedEncoding()
    {
        var baz = AbiFunction.Parse("baz(uint32 x, bool y) returns (bool r)");
        Assert.Equal("0xcdcd77c0", baz.SelectorHex);
        Assert.Equal(
            "0xcdcd77c0" +
            "0000000000000000000000000000000000000000000000000000000000000045" +
            "0000000000000000000000000000000000000000000000000000000000000001",
            Hex.Encode(baz.EncodeCall(69u, true)));
    }

    /// <summary>The dynamic-types example of the Solidity ABI specification.</summary>
    [Fact]
    public void EncodeCall_SolidityDocsSam_PublishedEncoding()
    {
        var sam = AbiFunction.Parse("sam(bytes,bool,uint256[])");
        Assert.Equal("0xa5643bf2", sam.SelectorHex);
        var expected = "0xa5643bf2" +
            "0000000000000000000000000000000000000000000000000000000000000060" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "00000000000000000000000000000000000000000000000000000000000000a0" +
            "0000000000000000000000000000000000000000000000000000000000000004" +
            "6461766500000000000000000000000000000000000000000000000000000000" +
            "0000000000000000000000000000000000000000000000000000000000000003" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "0000000000000000000000000000000000000000000000000000000000000003";
        Assert.Equal(expected, Hex.Encode(sam.EncodeCall("dave"u8.ToArray(), true, new[] { 1, 2, 3 })));
        var decoded = sam.DecodeCall(Hex.Decode(expected));
        Assert.Equal("dave"u8.ToArray(), decoded.GetBytes(0));
        Assert.Equal(new object?[] { new BigInteger(1), new BigInteger(2), new BigInteger(3) }, decoded.Get<object?[]>(2));
    }

    [Theory]
    [InlineData("uint256", "uint256")]
    [InlineData("uint", "uint256")]
    [InlineData("(uint256,bytes32[])[]", "(uint256,bytes32[])[]")]
    [InlineData("((address,string)[2],int8)", "((address,string)[2],int8)")]
    [InlineData("bytes32[][3]", "bytes32[][3]")]
    public void Parse_TypeStrings_CanonicalName(string text, string canonical)
        => Assert.Equal(canonical, AbiType.Parse(text).CanonicalName);

    [Theory]
    [InlineData("uint7")]
    [InlineData("uint264")]
    [InlineData("bytes33")]
    [InlineData("bytes0")]
    [InlineData("(uint256")]
    [InlineData("uint256[x]")]
    [InlineData("strin")]
    public void Parse_BadTypes_ThrowsNamingArgument(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => AbiType.Parse(text, "returnType"));
        Assert.Equal("returnType", ex.ParamName);
    }

    [Fact]
    public void Dynamic_TypesClassified_AsSpecified()
    {
        Assert.True(AbiType.Parse("(uint256,bytes32[])[]").IsDynamic);
        Assert.False(AbiType.Parse("(uint256,bytes32[2])[3]").IsDynamic);
        Assert.True(AbiType.Parse("string[2]").IsDynamic);
    }

    [Fact]
    public void Decode_NestedTuplesRoundTrip_ValuesEqual()
    {
        var types = AbiCodec.ParseTypeList("((uint256,bytes32[])[],string,int16[2],(bool,(address,bytes)))");
        var word = new byte[32];
        word[31] = 7;
        object?[] values =
        [
            new object?[] { new object?[] { new BigInteger(5), new object?[] { word, word } }, new object?[] { BigInteger.Zero, Array.Empty<object?>() } },
            "héllo ✓",
            new object?[] { new BigInteger(-32768), new BigInteger(32767) },
            new object?[] { true, new object?[] { Alice, new byte[] { 1, 2, 3 } } },
        ];
        var encoded = AbiCodec.Encode(types, values);
        var decoded = AbiCodec.Decode(types, encoded);
        Assert.Equal(Hex.Encode(encoded), Hex.Encode(AbiCodec.Encode(types, [.. decoded])));
        Assert.Equal("héllo ✓", decoded.Get<string>(1));
        var inner = (object?[])decoded.Get<object?[]>(3)[1]!;
        Assert.Equal(Alice, inner[0]);
    }

    [Fact]
    public void Encode_CSharpTuple_AcceptedForAbiTuple()
    {
        var fromTuple = AbiCodec.Encode("((uint256,address))", (BigInteger.One, Alice));
        var fromArray = AbiCodec.Encode("((uint256,address))", [new object?[] { BigInteger.One, Alice }]);
        Assert.Equal(fromArray, fromTuple);
    }

    [Fact]
    public void Encode_OutOfRangeInteger_ThrowsNamingPosition()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => AbiCodec.Encode("(uint8,int8)", 1, -129));
        Assert.Equal("args[1]", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => AbiCodec.Encode("(uint256)", -1));
    }

    [Fact]
    public void Encode_WrongValueType_ThrowsNamingPosition()
    {
        var ex = Assert.Throws<ArgumentException>(() => AbiCodec.Encode("(bool,(uint256,string))", true, new object?[] { 1, 2 }));
        Assert.Equal("args[1][1]", ex.ParamName);
        var bytesEx = Assert.Throws<ArgumentException>(() => AbiCodec.Encode("(bytes4)", new byte[3]));
        Assert.Equal("args[0]", bytesEx.ParamName);
    }

    [Fact]
    public void Decode_TruncatedData_ThrowsFormatException()
    {
        var encoded = AbiCodec.Encode("(string)", "hello");
        Assert.Throws<FormatException>(() => AbiCodec.Decode("(string)", encoded.AsSpan(0, 40)));
    }

    [Fact]
    public void Decode_DirtyAddressWord_ThrowsFormatException()
    {
        var word = new byte[32];
        word[0] = 1;
        Assert.Throws<FormatException>(() => AbiCodec.Decode("(address)", word));
    }

    [Fact]
    public void Parse_SignatureWithNamesAndModifiers_CanonicalSignature()
    {
        var function = AbiFunction.Parse("function queue(bytes32 id, bytes32 paramsHash, bytes calldata payload, bytes[] memory sigs) external returns (uint256 eta)");
        Assert.Equal("queue(bytes32,bytes32,bytes,bytes[])", function.Signature);
        Assert.Equal("eta", function.Outputs[0].Name);
        var tupleFunction = AbiFunction.Parse("set(tuple(uint256,address)[] items)");
        Assert.Equal("set((uint256,address)[])", tupleFunction.Signature);
    }

    [Fact]
    public void EncodeCall_WrongArgumentCount_ThrowsNamingArgs()
    {
        var ex = Assert.Throws<ArgumentException>(() => AbiFunction.Parse("f(uint256,uint256)").EncodeCall(1));
        Assert.Equal("args", ex.ParamName);
    }

    [Fact]
    public void Decode_TransferEvent_IndexedAndDataValues()
    {
        var transfer = AbiEvent.Parse("event Transfer(address indexed from, address indexed to, uint256 value)");
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", transfer.Topic0.ToString());
        var bob = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        var topics = new[] { transfer.Topic0, AbiEvent.EncodeTopic(AbiType.Address, Alice), AbiEvent.EncodeTopic(AbiType.Address, bob) };
        var values = transfer.Decode(topics, AbiCodec.Encode("(uint256)", 1000));
        Assert.Equal(Alice, values["from"]);
        Assert.Equal(bob, values.GetAddress(1));
        Assert.Equal(new BigInteger(1000), values.GetBigInteger(2));
    }

    [Fact]
    public void EncodeTopic_IndexedString_IsKeccakOfBytes()
        => Assert.Equal(Hash32.Keccak("abc"), AbiEvent.EncodeTopic(AbiType.String, "abc"));

    [Fact]
    public void Decode_CustomErrorAndBuiltIns_NamesAndArguments()
    {
        var decoder = RevertDecoder.FromSignatures("NotProposer(address caller)", "TooEarly(uint256 eta, uint256 now)");
        var custom = decoder.Decode(AbiError.Parse("TooEarly(uint256,uint256)").Encode(100, 50));
        Assert.Equal(RevertKind.CustomError, custom.Kind);
        Assert.Equal("TooEarly", custom.ErrorName);
        Assert.Equal(new BigInteger(100), custom.Arguments.GetBigInteger(0));
        Assert.Equal("TooEarly(100, 50)", custom.Message);

        var reason = decoder.Decode(Hex.Decode("0x08c379a0" +
            "0000000000000000000000000000000000000000000000000000000000000020" +
            "0000000000000000000000000000000000000000000000000000000000000008" +
            "746f6f206c617465000000000000000000000000000000000000000000000000"));
        Assert.Equal(RevertKind.ErrorString, reason.Kind);
        Assert.Equal("Error(\"too late\")", reason.Message);

        var panic = decoder.Decode(AbiError.Panic.Encode(0x11));
        Assert.Equal(RevertKind.Panic, panic.Kind);
        Assert.Contains("overflow", panic.Message, StringComparison.Ordinal);

        Assert.Equal(RevertKind.Unknown, decoder.Decode(Hex.Decode("0xdeadbeef")).Kind);
        Assert.Equal(RevertKind.Empty, decoder.Decode([]).Kind);
    }
}
