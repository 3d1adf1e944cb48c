using System.Numerics;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Tests.Abi;

/// <summary>Seeded random round trips of the ABI codec and RLP.</summary>
public sealed class AbiRoundTripTests
{
    private const int Seed = 20261123;
    private const int Cases = 200;

    [Fact]
    public void Decode_RandomIntegersOfEveryWidth_RoundTrip()
    {
        var random = new Random(Seed);
        for (var bits = 8; bits <= 256; bits += 8)
        {
            foreach (var signed in new[] { false, true })
            {
                var type = new AbiIntegerType(bits, signed);
                for (var i = 0; i < 5; i++)
                {
                    var bytes = new byte[(bits / 8) + 1];
                    random.NextBytes(bytes);
                    var value = new BigInteger(bytes) % (type.Max + 1);
                    if (!signed)
                    {
                        value = BigInteger.Abs(value);
                    }

                    value = BigInteger.Max(type.Min, BigInteger.Min(type.Max, value));
                    var decoded = AbiCodec.Decode([type], type.Encode(value));
                    Assert.Equal(value, decoded.GetBigInteger(0));
                }

                Assert.Equal(type.Max, AbiCodec.Decode([type], type.Encode(type.Max)).GetBigInteger(0));
                Assert.Equal(type.Min, AbiCodec.Decode([type], type.Encode(type.Min)).GetBigInteger(0));
            }
        }
    }

    [Fact]
    public void Decode_RandomDynamicStructures_ReEncodeIdentically()
    {
        var random = new Random(Seed);
        var types = AbiCodec.ParseTypeList("(bytes,(string,uint64[])[],bytes32[2],int128)");
        for (var i = 0; i < Cases; i++)
        {
            var blob = new byte[random.Next(0, 70)];
            random.NextBytes(blob);
            var items = Enumerable.Range(0, random.Next(0, 4))
                .Select(_ => (object?)new object?[] { new string('a', random.Next(0, 40)), Enumerable.Range(0, random.Next(0, 5)).Select(_ => (object?)new BigInteger(random.NextInt64())).ToArray() })
                .ToArray();
            var word = new byte[32];
            random.NextBytes(word);
            object?[] values = [blob, items, new object?[] { word, word }, new BigInteger(random.NextInt64()) * -random.Next(1, 1000)];

            var encoded = AbiCodec.Encode(types, values);
            var reEncoded = AbiCodec.Encode(types, [.. AbiCodec.Decode(types, encoded)]);
            Assert.Equal(Hex.Encode(encoded), Hex.Encode(reEncoded));
        }
    }

    [Fact]
    public void Decode_RandomRlpLists_RoundTrip()
    {
        var random = new Random(Seed);
        for (var i = 0; i < Cases; i++)
        {
            var payloads = Enumerable.Range(0, random.Next(0, 8)).Select(_ =>
            {
                var bytes = new byte[random.Next(0, 80)];
                random.NextBytes(bytes);
                return bytes;
            }).ToArray();
            var encoded = Rlp.EncodeList([.. payloads.Select(p => Rlp.EncodeBytes(p))]);
            var decoded = Rlp.Decode(encoded);
            Assert.Equal(payloads, decoded.Items.Select(item => item.Bytes).ToArray());
        }
    }
}
