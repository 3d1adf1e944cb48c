using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Signing;
using RiskGovernance.Chain.Transactions;

namespace RiskGovernance.Chain.Accounts;

/// <summary>
/// Signs with a private key held in process memory. Create it from an environment variable
/// (<see cref="FromEnvironment"/>, default <c>RISKGOV_SIGNER_KEY</c>) — never from appsettings or a file
/// in the repository — or from <see cref="DevelopmentKeys"/> for a local chain.
/// </summary>
public sealed class LocalKeySigner : ITransactionSigner
{
    /// <summary>The default environment variable holding the hex private key.</summary>
    public const string DefaultEnvironmentVariable = "RISKGOV_SIGNER_KEY";

    private readonly EthPrivateKey _key;

    /// <summary>Wraps a key.</summary>
    public LocalKeySigner(EthPrivateKey key) => _key = Preconditions.NotNull(key, nameof(key));

    /// <inheritdoc/>
    public Address Address => _key.Address;

    /// <summary>
    /// Reads a 32-byte hex key from an environment variable. Messages name the variable, never its value.
    /// </summary>
    /// <exception cref="InvalidOperationException">The variable is missing or empty.</exception>
    /// <exception cref="ArgumentException">The value is not a valid secp256k1 private key.</exception>
    public static LocalKeySigner FromEnvironment(string variableName = DefaultEnvironmentVariable)
    {
        Preconditions.NotBlank(variableName, nameof(variableName));
        var value = Environment.GetEnvironmentVariable(variableName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"Environment variable {variableName} is not set: it must hold the signer's hex private key.");
        }

        return new LocalKeySigner(EthPrivateKey.Parse(value, variableName));
    }

    /// <inheritdoc/>
    public Task<SignedTransaction> SignTransactionAsync(Eip1559Transaction transaction, CancellationToken cancellationToken)
    {
        Preconditions.NotNull(transaction, nameof(transaction));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(transaction.Sign(_key));
    }

    /// <summary>Signs a 32-byte digest (RFC 6979, low s).</summary>
    public EthSignature SignDigest(Hash32 digest) => _key.Sign(digest);

    /// <summary>EIP-191 personal_sign of UTF-8 text.</summary>
    public EthSignature SignPersonalMessage(string message) => PersonalMessage.Sign(_key, message);

    /// <summary>EIP-712 signature of typed data.</summary>
    public EthSignature SignTypedData(Eip712TypedData typedData) => Preconditions.NotNull(typedData, nameof(typedData)).Sign(_key);

    /// <inheritdoc/>
    public override string ToString() => $"LocalKeySigner({Address})";
}
