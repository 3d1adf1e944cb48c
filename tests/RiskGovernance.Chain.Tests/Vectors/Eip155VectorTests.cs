using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.Model;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3.Accounts;
using RiskGovernance.Primitives;

namespace RiskGovernance.Chain.Tests.Vectors;

/// <summary>
/// The example transaction of EIP-155 (nonce 9, 20 gwei, 21000 gas, 1 ether to 0x3535…35 on chain 1,
/// key 0x4646…46), signed by the Nethereum account that <see cref="SigningKey.ToAccount"/> gives.
/// </summary>
public sealed class Eip155VectorTests
{
    private const string PublishedRawTransaction =
        "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";

    private static readonly BigInteger Gwei = BigInteger.Pow(10, 9);
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    private static SigningKey Key => SigningKey.Parse("0x4646464646464646464646464646464646464646464646464646464646464646");

    [Fact]
    public void SignTransaction_Eip155ExampleThroughAccount_PublishedRawTransaction()
    {
        var account = Key.ToAccount(1);
        var input = new TransactionInput
        {
            From = account.Address,
            To = "0x3535353535353535353535353535353535353535",
            Value = new HexBigInteger(Ether),
            Nonce = new HexBigInteger(9),
            GasPrice = new HexBigInteger(20 * Gwei),
            Gas = new HexBigInteger(21000),
        };

        var raw = Assert.IsType<AccountSignerTransactionManager>(account.TransactionManager).SignTransaction(input);

        Assert.Equal(PublishedRawTransaction, HexText.Encode(HexText.Decode(raw)));
    }

    /// <summary>Decoded by Nethereum: the published signing hash, v = 37 (chain 1: 1 * 2 + 35), and the key's address as sender.</summary>
    [Fact]
    public void CreateTransaction_PublishedRawTransaction_SigningHashVAndSender()
    {
        var decoded = Assert.IsType<LegacyTransactionChainId>(TransactionFactory.CreateTransaction(PublishedRawTransaction));

        Assert.Equal("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", HexText.Encode(decoded.RawHash));
        Assert.Equal(new BigInteger(37), new BigInteger(decoded.Signature.V, isUnsigned: true, isBigEndian: true));
        Assert.Equal(BigInteger.One, decoded.GetChainIdAsBigInteger());
        Assert.Equal(Key.Address, Address.Parse(TransactionVerificationAndRecovery.GetSenderAddress(PublishedRawTransaction).ToLowerInvariant()));
    }

    [Fact]
    public void SignTransaction_LegacyTransactionSigner_PublishedRawTransaction()
    {
        var raw = new LegacyTransactionSigner().SignTransaction(
            HexText.Decode("0x4646464646464646464646464646464646464646464646464646464646464646"),
            BigInteger.One, "0x3535353535353535353535353535353535353535", Ether, 9, 20 * Gwei, 21000);

        Assert.Equal(PublishedRawTransaction, HexText.Encode(HexText.Decode(raw)));
    }
}
