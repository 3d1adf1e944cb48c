using System.Numerics;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;
using RiskGovernance.Testing;

namespace RiskGovernance.Chain.Tests.Abi;

/// <summary>Cross-checks against Foundry's cast, an implementation nobody here wrote.</summary>
public sealed class CastAbiCrossCheckTests
{
    private const string Word = "0x1111111111111111111111111111111111111111111111111111111111111111";
    private const string Word2 = "0x2222222222222222222222222222222222222222222222222222222222222222";
    private static readonly BigInteger MaxUint256 = BigInteger.Pow(2, 256) - 1;

    public static TheoryData<string, string[], object?[]> EncodeCases => new()
    {
        { "f(uint8,int8,int256,uint256)", ["255", "-128", "-7", MaxUint256.ToString()], [255, -128, -7, MaxUint256] },
        { "f(int32,int256,int64)", ["-1", "-57896044618658097711785492504343953926634992332820282019728792003956564819968", "-9223372036854775808"], [-1, -BigInteger.Pow(2, 255), long.MinValue] },
        {
            "f(address,bool,bytes4,bytes)",
            ["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "true", "0xdeadbeef", "0x0102030405060708091011121314151617181920212223242526272829303132333435"],
            [Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), true, Hex.Decode("0xdeadbeef"), Hex.Decode("0x0102030405060708091011121314151617181920212223242526272829303132333435")]
        },
        { "f(string,bytes[],uint256[3])", ["risk governance", "[0x01,0x,0xabcdef]", "[1,2,3]"], ["risk governance", new object[] { new byte[] { 1 }, Array.Empty<byte>(), new byte[] { 0xab, 0xcd, 0xef } }, new[] { 1, 2, 3 }] },
        {
            "f((uint256,bytes32[])[],string)",
            [$"[(1,[{Word},{Word2}]),(2,[])]", "x"],
            [new object[] { new object[] { 1, new[] { Hex.Decode(Word), Hex.Decode(Word2) } }, new object[] { 2, Array.Empty<byte[]>() } }, "x"]
        },
        {
            "f(int16[],(bool,(address,string)),bytes32)",
            ["[-5,7]", "(true,(0x70997970C51812dc3A010C7d01b50e0d17dc79C8,nested))", Word],
            [new[] { -5, 7 }, new object[] { true, new object[] { Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), "nested" } }, Hash32.Parse(Word)]
        },
        { "f(uint256[][],string[])", ["[[1,2],[3]]", "[one,two,three]"], [new[] { new[] { 1, 2 }, new[] { 3 } }, new[] { "one", "two", "three" }] },
    };

    [Theory]
    [MemberData(nameof(EncodeCases))]
    public void Encode_Signatures_MatchCastAbiEncode(string signature, string[] castArguments, object?[] values)
    {
        var expected = CastTool.Run(["abi-encode", signature, "--", .. castArguments]);
        var function = AbiFunction.Parse(signature);
        var actual = AbiCodec.Encode([.. function.Inputs.Select(p => p.Type)], values);
        Assert.Equal(expected, Hex.Encode(actual));
    }

    [Theory]
    [InlineData("queue(bytes32,bytes32,bytes,bytes[])")]
    [InlineData("transfer(address,uint256)")]
    [InlineData("ratify((uint256,int256[],bytes32[]),bytes)")]
    public void Selector_Signatures_MatchCastSig(string signature)
        => Assert.Equal(CastTool.Run("sig", signature), AbiFunction.Parse(signature).SelectorHex);

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("RiskGovernance parameter set v1")]
    public void Hash_Strings_MatchCastKeccak(string text)
        => Assert.Equal(CastTool.Run("keccak", text), Hex.Encode(Keccak256.Hash(text)));

    [Fact]
    public void Decode_CastEncodedReturnData_SameValues()
    {
        var encoded = CastTool.Run("abi-encode", "f(uint256,string,int8[],address)", "--", "77", "margin", "[-1,2]", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        var values = AbiFunction.Parse("f() returns (uint256,string,int8[],address)").DecodeOutput(Hex.Decode(encoded));
        Assert.Equal(new BigInteger(77), values.GetBigInteger(0));
        Assert.Equal("margin", values.Get<string>(1));
        Assert.Equal(new object?[] { BigInteger.MinusOne, new BigInteger(2) }, values.Get<object?[]>(2));
        Assert.Equal(Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), values.GetAddress(3));
    }

    [Fact]
    public void Topic0_Event_MatchesCastSigEvent()
    {
        var signature = "Queued(bytes32 indexed id, uint256 eta, bytes payload)";
        Assert.Equal(CastTool.Run("sig-event", "Queued(bytes32,uint256,bytes)"), AbiEvent.Parse(signature).Topic0.ToString());
    }
}
