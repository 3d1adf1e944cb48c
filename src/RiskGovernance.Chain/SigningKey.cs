using System.Numerics;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Web3.Accounts;
using RiskGovernance.Primitives;

namespace RiskGovernance.Chain;

/// <summary>
/// A private key held in process memory, and what it signs: transactions (as a Nethereum
/// <see cref="Account"/>), EIP-191 personal messages and EIP-712 typed data. Create it from an
/// environment variable (<see cref="FromEnvironment"/>, default <c>RISKGOV_SIGNER_KEY</c>), never
/// from appsettings or a file of the repository, or from <see cref="DevelopmentKeys"/> for a local
/// chain. No message and no <see cref="ToString"/> ever shows the key.
/// </summary>
public sealed class SigningKey
{
    /// <summary>The default environment variable holding the hex private key.</summary>
    public const string DefaultEnvironmentVariable = "RISKGOV_SIGNER_KEY";

    private static readonly BigInteger CurveOrder = 2 * EcdsaSignature.HalfCurveOrder + 1;

    private readonly EthECKey _key;

    private SigningKey(byte[] privateKey)
    {
        _key = new EthECKey(privateKey, isPrivate: true);
        Address = Address.Parse(_key.GetPublicAddress().ToLowerInvariant());
    }

    /// <summary>The account's address.</summary>
    public Address Address { get; }

    /// <summary>Reads a 32-byte hex private key (0x optional); errors name <paramref name="field"/>, never the value.</summary>
    /// <exception cref="ArgumentException">Not 32 bytes of hex, zero, or not below the curve order.</exception>
    public static SigningKey Parse(string privateKeyHex, string field = "privateKey")
    {
        ArgumentNullException.ThrowIfNull(privateKeyHex, field);
        byte[] bytes;
        try
        {
            bytes = HexText.DecodeFixed(privateKeyHex.Trim(), 32, field);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"{field}: a private key is 32 bytes of hex (64 hex digits).", field);
        }

        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        if (value.IsZero || value >= CurveOrder)
        {
            throw new ArgumentException($"{field}: not a valid secp256k1 private key (must be in [1, n-1]).", field);
        }

        return new SigningKey(bytes);
    }

    /// <summary>Reads the key from an environment variable; messages name the variable, never its value.</summary>
    /// <exception cref="InvalidOperationException">The variable is missing or empty.</exception>
    /// <exception cref="ArgumentException">The value is not a valid private key.</exception>
    public static SigningKey FromEnvironment(string variableName = DefaultEnvironmentVariable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variableName);
        var value = Environment.GetEnvironmentVariable(variableName);
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException($"Environment variable {variableName} is not set: it must hold the signer's hex private key.")
            : Parse(value, variableName);
    }

    /// <summary>A Nethereum account of this key for <paramref name="chainId"/> (its transaction manager signs EIP-1559 transactions).</summary>
    public Account ToAccount(long chainId) => new(_key, chainId);

    /// <summary>EIP-191 personal_sign of the UTF-8 text (Nethereum's <see cref="EthereumMessageSigner"/>; equal to <c>cast wallet sign</c>).</summary>
    public EcdsaSignature SignPersonalMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return EcdsaSignature.Parse(new EthereumMessageSigner().EncodeUTF8AndSign(message, _key));
    }

    /// <summary>EIP-712 signature of typed data in the eth_signTypedData_v4 JSON form (Nethereum's <see cref="Eip712TypedDataSigner"/>).</summary>
    public EcdsaSignature SignTypedData(string typedDataJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typedDataJson);
        return EcdsaSignature.Parse(new Eip712TypedDataSigner().SignTypedDataV4(typedDataJson, _key));
    }

    /// <inheritdoc/>
    public override string ToString() => $"SigningKey({Address})";
}

/// <summary>
/// The ten accounts that anvil and Hardhat create from the public mnemonic
/// "test test test test test test test test test test test junk" (m/44'/60'/0'/0/i).
/// These keys are public knowledge: anyone can spend from them on any chain. LOCAL DEVELOPMENT
/// AND TESTS ONLY: the portal allows them only in the Development environment on chain 31337.
/// </summary>
public static class DevelopmentKeys
{
    /// <summary>The public development mnemonic.</summary>
    public const string Mnemonic = "test test test test test test test test test test test junk";

    /// <summary>The chain id of anvil and Hardhat networks.</summary>
    public const int LocalChainId = 31337;

    private static readonly string[] PrivateKeysHex =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    /// <summary>Number of development accounts.</summary>
    public static int Count => PrivateKeysHex.Length;

    /// <summary>The development key at <paramref name="index"/> (0-9).</summary>
    public static SigningKey Key(int index) => SigningKey.Parse(PrivateKeyHex(index));

    /// <summary>The hex private key at <paramref name="index"/> (0-9): public knowledge, for tests and tools such as <c>cast</c>.</summary>
    public static string PrivateKeyHex(int index)
        => index >= 0 && index < PrivateKeysHex.Length
            ? PrivateKeysHex[index]
            : throw new ArgumentOutOfRangeException(nameof(index), $"index must be in [0, {PrivateKeysHex.Length - 1}] (was {index}).");

    /// <summary>The ten development addresses.</summary>
    public static IReadOnlyList<Address> Addresses() => [.. Enumerable.Range(0, Count).Select(i => Key(i).Address)];
}
