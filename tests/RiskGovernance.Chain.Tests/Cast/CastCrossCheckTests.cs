using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3.Accounts;
using RiskGovernance.Chain.Tests.Contracts;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Chain.Tests.Cast;

/// <summary>
/// Cross-checks against Foundry's <c>cast</c>, an implementation nobody here wrote: when the two
/// disagree, our wiring is wrong. The keys are anvil's public development keys.
/// </summary>
public sealed class CastCrossCheckTests
{
    private static readonly BigInteger Gwei = BigInteger.Pow(10, 9);
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    public static TheoryData<string> Messages =>
    [
        "hello",
        "Approve parameter set 0xabc for BTC/ETH margin",
        "ünïcødé ✓",
        "portal.example.test wants you to sign in with your Ethereum account:\n0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n\nURI: https://portal.example.test\nVersion: 1\nChain ID: 31337\nNonce: 8a5c1b2e",
    ];

    public static TheoryData<string, string> TypedData => new()
    {
        { "Mail", TypedDataSamples.MailJson },
        { "Ballot", TypedDataSamples.BallotJson },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task SignPersonalMessage_Texts_EqualCastWalletSign(string message)
    {
        var expected = await CastTool.RunAsync(CancellationToken.None, "wallet", "sign", "--private-key", DevelopmentKeys.PrivateKeyHex(1), message);

        Assert.Equal(expected, DevelopmentKeys.Key(1).SignPersonalMessage(message).ToString());
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task RecoverSigner_CastSignature_CastSigner(string message)
    {
        var signature = EcdsaSignature.Parse(await CastTool.RunAsync(CancellationToken.None, "wallet", "sign", "--private-key", DevelopmentKeys.PrivateKeyHex(2), message));

        Assert.Equal(DevelopmentKeys.Addresses()[2], MessageSignatures.RecoverSigner(message, signature));
        Assert.NotEqual(DevelopmentKeys.Addresses()[2], MessageSignatures.RecoverSigner(message + " ", signature));
    }

    /// <summary>cast accepts the signature we make (the direction a wallet-side verifier would check).</summary>
    [Fact]
    public async Task SignPersonalMessage_Ours_VerifiedByCast()
    {
        const string message = "vote yes on 0x1111";
        var key = DevelopmentKeys.Key(3);

        var output = await CastTool.RunAsync(
            CancellationToken.None, "wallet", "verify", "--address", key.Address.ToString(), message, key.SignPersonalMessage(message).ToString());

        Assert.Contains("Validation succeeded", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Typed data with nested structs, arrays of structs, fixed and dynamic arrays, bytes and signed
    /// integers (Ballot), and the EIP's own Mail example.
    /// </summary>
    [Theory]
    [MemberData(nameof(TypedData))]
    public async Task SignTypedData_Json_EqualsCastWalletSignData(string name, string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"eip712-{name}-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json, CancellationToken.None);
        try
        {
            var expected = await CastTool.RunAsync(CancellationToken.None, "wallet", "sign", "--data", "--from-file", path, "--private-key", DevelopmentKeys.PrivateKeyHex(0));

            Assert.Equal(expected, DevelopmentKeys.Key(0).SignTypedData(json).ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("RiskGovernance parameter set v1")]
    [InlineData("ünïcødé ✓")]
    public async Task Keccak_Text_EqualsCastKeccak(string text)
        => Assert.Equal(await CastTool.RunAsync(CancellationToken.None, "keccak", text), Hash32.Keccak(text).ToString());

    /// <summary>cast reads 0x-prefixed input as bytes.</summary>
    [Fact]
    public async Task Keccak_Bytes_EqualsCastKeccakOfHex()
        => Assert.Equal(await CastTool.RunAsync(CancellationToken.None, "keccak", "0xdeadbeef00"), Hash32.Keccak([0xde, 0xad, 0xbe, 0xef, 0x00]).ToString());

    /// <summary>
    /// An EIP-1559 contract call signed offline by the transaction manager of <see cref="SigningKey.ToAccount"/>
    /// (the path <see cref="TransactionSender"/> signs through), with call data from the Nethereum message,
    /// byte for byte equal to <c>cast mktx</c> for the same fields.
    /// </summary>
    [Fact]
    public async Task SignTransaction_Eip1559ContractCall_EqualsCastMktx()
    {
        var key = DevelopmentKeys.Key(6);
        const string to = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
        var account = key.ToAccount(DevelopmentKeys.LocalChainId);
        var input = new StoreFunction { NewValue = 5, Note = "hello" }.CreateTransactionInput(to);
        input.From = account.Address;
        input.Type = new HexBigInteger(2);
        input.Nonce = new HexBigInteger(7);
        input.Gas = new HexBigInteger(100_000);
        input.MaxPriorityFeePerGas = new HexBigInteger(2 * Gwei);
        input.MaxFeePerGas = new HexBigInteger(30 * Gwei);
        input.Value = new HexBigInteger(Ether / 10);

        var ours = Assert.IsType<AccountSignerTransactionManager>(account.TransactionManager).SignTransaction(input);
        var cast = await CastTool.RunAsync(
            CancellationToken.None, "mktx", "--private-key", DevelopmentKeys.PrivateKeyHex(6), "--chain", "31337", "--nonce", "7",
            "--gas-limit", "100000", "--priority-gas-price", "2gwei", "--gas-price", "30gwei", "--value", "0.1ether",
            to, "store(uint256,string)", "5", "hello");

        Assert.StartsWith("0x02", cast, StringComparison.Ordinal);
        Assert.Equal(cast, HexText.Encode(HexText.Decode(ours)));
    }

    public static TheoryData<int> DevelopmentKeyIndexes => [.. Enumerable.Range(0, DevelopmentKeys.Count)];

    [Theory]
    [MemberData(nameof(DevelopmentKeyIndexes))]
    public async Task DevelopmentKeys_Address_EqualsCastWalletAddress(int index)
        => Assert.Equal(
            await CastTool.RunAsync(CancellationToken.None, "wallet", "address", "--private-key", DevelopmentKeys.PrivateKeyHex(index)),
            DevelopmentKeys.Key(index).Address.ToString());
}
