using System.Collections.Concurrent;
using System.Numerics;
using RiskGovernance.Chain.Rpc;

namespace RiskGovernance.Chain.Sending;

/// <summary>
/// Hands out nonces per account, safe for concurrent sends: one reservation per account at a time
/// (a <see cref="SemaphoreSlim"/> each). The first reservation — and any after
/// <see cref="NonceReservation.MarkStale"/> — reads the pending transaction count from the chain;
/// later ones continue from the cache. Register one instance per chain (singleton): it holds no connection.
/// </summary>
public sealed class NonceAllocator
{
    private readonly ConcurrentDictionary<Address, AccountNonces> _accounts = new();

    /// <summary>
    /// Waits for exclusive use of <paramref name="account"/>'s next nonce. Dispose the reservation to
    /// release it; call <see cref="NonceReservation.MarkUsed"/> once the node accepted a transaction with it.
    /// </summary>
    /// <param name="account">The sending account.</param>
    /// <param name="rpc">Where to read the pending nonce when the cache is empty or stale.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<NonceReservation> ReserveAsync(Address account, EthRpcClient rpc, CancellationToken cancellationToken)
    {
        Preconditions.NotNull(rpc, nameof(rpc));
        var state = _accounts.GetOrAdd(account, _ => new AccountNonces());
        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (state.Next is null)
            {
                state.Next = await rpc.GetTransactionCountAsync(account, BlockParameter.Pending, cancellationToken).ConfigureAwait(false);
            }

            return new NonceReservation(state, state.Next.Value);
        }
        catch
        {
            state.Gate.Release();
            throw;
        }
    }

    /// <summary>Forgets the cached nonce of <paramref name="account"/>; the next reservation reads the chain.</summary>
    public async Task ResyncAsync(Address account, CancellationToken cancellationToken)
    {
        var state = _accounts.GetOrAdd(account, _ => new AccountNonces());
        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        state.Next = null;
        state.Gate.Release();
    }

    internal sealed class AccountNonces
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public BigInteger? Next { get; set; }
    }
}

/// <summary>Exclusive use of one account's next nonce until disposed.</summary>
public sealed class NonceReservation : IDisposable
{
    private readonly NonceAllocator.AccountNonces _state;
    private int _disposed;

    internal NonceReservation(NonceAllocator.AccountNonces state, BigInteger nonce)
    {
        _state = state;
        Nonce = nonce;
    }

    /// <summary>The reserved nonce.</summary>
    public BigInteger Nonce { get; }

    /// <summary>The node accepted a transaction with <see cref="Nonce"/>: the next reservation gets Nonce + 1.</summary>
    public void MarkUsed()
    {
        ThrowIfDisposed();
        _state.Next = Nonce + 1;
    }

    /// <summary>The cached nonce is wrong or unknown (nonce too low, ambiguous failure): re-read it from the chain next time.</summary>
    public void MarkStale()
    {
        ThrowIfDisposed();
        _state.Next = null;
    }

    /// <summary>Releases the account for the next reservation.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _state.Gate.Release();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
}
