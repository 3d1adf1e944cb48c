using System.Numerics;
using RiskGovernance.Chain;
using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Transactions;
using RiskGovernance.Contracts.Registry;

namespace RiskGovernance.Contracts.Tests;

/// <summary>Where the simulated process dies.</summary>
internal enum CrashPoint
{
    /// <summary>After the transaction was journaled, before it reached the node.</summary>
    BeforeBroadcast,

    /// <summary>After the node accepted the transaction, before its receipt was read.</summary>
    AfterBroadcast,
}

/// <summary>A gateway that "kills the process" (throws) at a chosen point of the first broadcast.</summary>
internal sealed class CrashingChainGateway(IChainGateway inner, CrashPoint crashPoint) : IChainGateway
{
    public Task<BigInteger> GetChainIdAsync(CancellationToken cancellationToken) => inner.GetChainIdAsync(cancellationToken);

    public Task<byte[]> CallAsync(Address? from, Address to, byte[] data, CancellationToken cancellationToken)
        => inner.CallAsync(from, to, data, cancellationToken);

    public Task<SignedTransaction> PrepareTransactionAsync(EthPrivateKey sender, Address? to, byte[] data, CancellationToken cancellationToken)
        => inner.PrepareTransactionAsync(sender, to, data, cancellationToken);

    public async Task<Hash32> BroadcastAsync(byte[] rawTransaction, CancellationToken cancellationToken)
    {
        if (crashPoint == CrashPoint.AfterBroadcast)
        {
            await inner.BroadcastAsync(rawTransaction, cancellationToken);
        }

        throw new SimulatedCrashException();
    }

    public Task<TransactionReceipt?> GetReceiptAsync(Hash32 transactionHash, CancellationToken cancellationToken)
        => inner.GetReceiptAsync(transactionHash, cancellationToken);

    public Task<TransactionReceipt> WaitForReceiptAsync(Hash32 transactionHash, TimeSpan timeout, CancellationToken cancellationToken)
        => inner.WaitForReceiptAsync(transactionHash, timeout, cancellationToken);

    public Task<BigInteger> GetTransactionCountAsync(Address address, CancellationToken cancellationToken)
        => inner.GetTransactionCountAsync(address, cancellationToken);

    public Task<long> GetLatestBlockTimestampAsync(CancellationToken cancellationToken) => inner.GetLatestBlockTimestampAsync(cancellationToken);
}

internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }
}
