using System.Numerics;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Encoding;
using RiskGovernance.Chain.Transactions;

namespace RiskGovernance.Chain.Tests.Transactions;

public sealed class TransactionVectorTests
{
    private static readonly BigInteger Gwei = BigInteger.Pow(10, 9);
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    /// <summary>The example of EIP-155, byte for byte.</summary>
    [Fact]
    public void Sign_Eip155Example_ReproducesPublishedRawTransaction()
    {
        var key = EthPrivateKey.Parse("0x4646464646464646464646464646464646464646464646464646464646464646");
        var tx = new LegacyTransaction(1, 9, 20 * Gwei, 21000, Address.Parse("0x3535353535353535353535353535353535353535"), Ether, []);

        Assert.Equal("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", tx.SigningHash().ToString());
        var signed = tx.Sign(key);
        Assert.Equal(
            "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83",
            signed.RawHex);
        var decoded = Rlp.Decode(signed.ToRawBytes());
        Assert.Equal(new BigInteger(37), decoded.Items[6].AsQuantity());
        Assert.Equal(Hash32.Keccak(signed.ToRawBytes()), signed.Hash);
    }

    [Fact]
    public void Sign_Eip1559_RecoversSenderFromSigningHash()
    {
        var key = EthPrivateKey.Parse("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        var tx = new Eip1559Transaction(31337, 0, 1 * Gwei, 3 * Gwei, 21000, Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), Ether, []);
        var signed = tx.Sign(key);
        Assert.Equal(0x02, signed.ToRawBytes()[0]);
        Assert.Equal(key.Address, EthPublicKey.Recover(tx.SigningHash(), signed.Signature).Address);
        var fields = Rlp.Decode(signed.ToRawBytes().AsSpan(1)).Items;
        Assert.Equal(12, fields.Count);
        Assert.Empty(fields[8].Items);
    }

    [Fact]
    public void Constructor_TipAboveFeeCap_ThrowsNamingArgument()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Eip1559Transaction(1, 0, 5, 4, 21000, null, 0, []));
        Assert.Equal("maxPriorityFeePerGas", ex.ParamName);
    }

    [Fact]
    public void Constructor_ZeroChainId_ThrowsNamingArgument()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Eip1559Transaction(0, 0, 1, 1, 21000, null, 0, []));
        Assert.Equal("chainId", ex.ParamName);
    }
}
