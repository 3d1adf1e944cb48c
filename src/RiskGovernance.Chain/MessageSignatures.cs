using Nethereum.Signer;
using RiskGovernance.Primitives;

namespace RiskGovernance.Chain;

/// <summary>EIP-191 personal messages (what Sign-In with Ethereum signs), read with Nethereum's <see cref="EthereumMessageSigner"/>.</summary>
public static class MessageSignatures
{
    /// <summary>
    /// The address whose key signed the UTF-8 <paramref name="message"/> with personal_sign, or null when
    /// no key recovers from <paramref name="signature"/>. The low-s rule is the caller's (<see cref="EcdsaSignature.IsLowS"/>).
    /// </summary>
    public static Address? RecoverSigner(string message, EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signature);
        try
        {
            var recovered = new EthereumMessageSigner().EncodeUTF8AndEcRecover(message, signature.ToString());
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
