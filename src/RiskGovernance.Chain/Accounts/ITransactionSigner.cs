using RiskGovernance.Chain.Transactions;

namespace RiskGovernance.Chain.Accounts;

/// <summary>
/// Signs transactions for one account. Implementations: <see cref="LocalKeySigner"/> (a key from an
/// environment variable or <see cref="DevelopmentKeys"/>); a remote signer or HSM can implement it too.
/// </summary>
public interface ITransactionSigner
{
    /// <summary>The signing account.</summary>
    Address Address { get; }

    /// <summary>Signs an EIP-1559 transaction.</summary>
    Task<SignedTransaction> SignTransactionAsync(Eip1559Transaction transaction, CancellationToken cancellationToken);
}
