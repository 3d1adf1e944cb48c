using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using RiskGovernance.Primitives;

namespace RiskGovernance.Chain;

/// <summary>
/// Who signed what, with Nethereum: EIP-191 personal messages (what Sign-In with Ethereum signs,
/// <see cref="EthereumMessageSigner"/>) and EIP-712 typed data in the eth_signTypedData_v4 JSON form
/// (<see cref="Eip712TypedDataSigner"/>). Signing is <see cref="SigningKey"/>'s. The low-s rule is
/// the caller's (<see cref="EcdsaSignature.IsLowS"/>).
/// </summary>
public static class MessageSignatures
{
    /// <summary>The address whose key signed the UTF-8 <paramref name="message"/> with personal_sign, or null when no key recovers.</summary>
    public static Address? RecoverSigner(string message, EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signature);
        return Recover(() => new EthereumMessageSigner().EncodeUTF8AndEcRecover(message, signature.ToString()));
    }

    /// <summary>The address whose key signed the typed data (eth_signTypedData_v4 JSON), or null when no key recovers.</summary>
    public static Address? RecoverTypedDataSigner(string typedDataJson, EcdsaSignature signature)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typedDataJson);
        ArgumentNullException.ThrowIfNull(signature);
        return Recover(() => new Eip712TypedDataSigner().RecoverFromSignatureV4(typedDataJson, signature.ToString()));
    }

    /// <summary>keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)): the EIP-712 digest a wallet signs for the typed data.</summary>
    public static Hash32 TypedDataDigest(string typedDataJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typedDataJson);
        return Hash32.Keccak(new Eip712TypedDataSigner().EncodeTypedData(typedDataJson));
    }

    private static Address? Recover(Func<string?> recover)
    {
        try
        {
            var recovered = recover();
            return Address.TryParse(recovered?.ToLowerInvariant(), out var address) ? address : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or ArithmeticException or NullReferenceException)
        {
            // Nethereum recovers no key when r is at or above the field prime (any sender can post such a
            // signature), and then fails with a NullReferenceException reading the missing key's address.
            return null;
        }
    }
}
