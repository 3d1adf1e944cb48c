using System.Numerics;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Transactions;

namespace RiskGovernance.Chain.Sending;

/// <summary>
/// Sends EIP-1559 transactions: estimates gas (plus a margin), fills fees from <c>eth_feeHistory</c>,
/// takes a nonce from the <see cref="NonceAllocator"/>, signs, reports the signed transaction (and so its
/// hash) to the caller BEFORE broadcasting, broadcasts, and waits for the receipt with the configured
/// confirmations. A reverted receipt raises <see cref="TransactionRevertedException"/>; a revert seen
/// while estimating raises <see cref="ContractRevertException"/> and nothing is sent.
/// </summary>
public sealed class TransactionSender
{
    private readonly EthRpcClient _rpc;
    private readonly NonceAllocator _nonces;
    private readonly TransactionSenderOptions _options;

    /// <summary>Creates a sender; the options are validated here.</summary>
    public TransactionSender(EthRpcClient rpc, NonceAllocator nonces, IOptions<TransactionSenderOptions> options)
    {
        _rpc = Preconditions.NotNull(rpc, nameof(rpc));
        _nonces = Preconditions.NotNull(nonces, nameof(nonces));
        _options = Preconditions.NotNull(Preconditions.NotNull(options, nameof(options)).Value, nameof(options));
        _options.EnsureValid();
    }

    /// <summary>The RPC client in use.</summary>
    public EthRpcClient Rpc => _rpc;

    /// <summary>
    /// Sends and waits for the receipt.
    /// </summary>
    /// <param name="signer">The sending account.</param>
    /// <param name="request">What to send.</param>
    /// <param name="cancellationToken">Cancels waiting; a transaction already broadcast stays broadcast.</param>
    /// <param name="onSigned">Called with the signed transaction (hash, nonce, raw bytes) before it is broadcast, e.g. to persist the hash.
    /// Called again if a "nonce too low" rejection forces a re-sign.</param>
    /// <param name="revertDecoder">Custom errors to decode reverts with.</param>
    /// <exception cref="ContractRevertException">The gas estimate reverted (nothing was sent).</exception>
    /// <exception cref="TransactionRevertedException">The transaction was mined with status 0.</exception>
    public async Task<TransactionReceipt> SendAsync(
        ITransactionSigner signer,
        TransactionRequest request,
        CancellationToken cancellationToken,
        Func<SignedTransaction, CancellationToken, Task>? onSigned = null,
        RevertDecoder? revertDecoder = null)
    {
        var signed = await BroadcastAsync(signer, request, cancellationToken, onSigned, revertDecoder).ConfigureAwait(false);
        return await WaitAsync(signed, request, revertDecoder, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Signs and broadcasts without waiting for the receipt; returns the broadcast transaction.</summary>
    public async Task<SignedTransaction> BroadcastAsync(
        ITransactionSigner signer,
        TransactionRequest request,
        CancellationToken cancellationToken,
        Func<SignedTransaction, CancellationToken, Task>? onSigned = null,
        RevertDecoder? revertDecoder = null)
    {
        Preconditions.NotNull(signer, nameof(signer));
        Preconditions.NotNull(request, nameof(request));
        var chainId = await _rpc.GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        var gasLimit = request.GasLimit ?? await EstimateGasAsync(signer.Address, request, revertDecoder, cancellationToken).ConfigureAwait(false);
        var fees = await _rpc.SuggestFeesAsync(_options.MinPriorityFeePerGas, cancellationToken).ConfigureAwait(false);
        var maxFee = fees.MaxFeePerGas(_options.BaseFeeMultiplier);

        for (var attempt = 0; ; attempt++)
        {
            using var reservation = await _nonces.ReserveAsync(signer.Address, _rpc, cancellationToken).ConfigureAwait(false);
            var transaction = new Eip1559Transaction(chainId, reservation.Nonce, fees.MaxPriorityFeePerGas, maxFee, gasLimit, request.To, request.Value, request.Data.Span);
            var signed = await signer.SignTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
            if (onSigned is not null)
            {
                await onSigned(signed, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await _rpc.SendRawTransactionAsync(signed, cancellationToken).ConfigureAwait(false);
                reservation.MarkUsed();
                return signed;
            }
            catch (ChainRpcException ex) when (ex.IsAlreadyKnown)
            {
                reservation.MarkUsed();
                return signed;
            }
            catch (ChainRpcException ex) when (ex.IsNonceTooLow)
            {
                // A retried broadcast whose first attempt got through also reports "nonce too low":
                // if the node knows this very transaction, it was sent; never send a second one.
                if (await IsKnownAsync(signed.Hash, cancellationToken).ConfigureAwait(false))
                {
                    reservation.MarkUsed();
                    return signed;
                }

                reservation.MarkStale();
                if (attempt >= _options.MaxNonceRetries)
                {
                    throw;
                }
            }
            catch
            {
                // The node may or may not hold the transaction (timeouts are ambiguous): re-read the nonce next time.
                reservation.MarkStale();
                throw;
            }
        }
    }

    /// <summary>Waits for the receipt of a broadcast transaction; status 0 raises <see cref="TransactionRevertedException"/>.</summary>
    public Task<TransactionReceipt> WaitAsync(SignedTransaction transaction, CancellationToken cancellationToken, RevertDecoder? revertDecoder = null)
        => WaitAsync(Preconditions.NotNull(transaction, nameof(transaction)), null, revertDecoder, cancellationToken);

    /// <summary>eth_estimateGas for the request plus the configured margin.</summary>
    public async Task<BigInteger> EstimateGasAsync(Address from, TransactionRequest request, RevertDecoder? revertDecoder, CancellationToken cancellationToken)
    {
        Preconditions.NotNull(request, nameof(request));
        var estimate = await _rpc.EstimateGasAsync(new CallRequest(request.To, request.Data.Span, from, request.Value), revertDecoder, cancellationToken).ConfigureAwait(false);
        return estimate * (100 + _options.GasMarginPercent) / 100;
    }

    private async Task<TransactionReceipt> WaitAsync(SignedTransaction signed, TransactionRequest? request, RevertDecoder? revertDecoder, CancellationToken cancellationToken)
    {
        var receipt = await _rpc.WaitForReceiptAsync(signed.Hash, _options.Confirmations, cancellationToken).ConfigureAwait(false);
        if (receipt.Succeeded)
        {
            return receipt;
        }

        RevertReason? reason = null;
        if (request is not null && receipt.BlockNumber > 0)
        {
            reason = await ReplayForReasonAsync(signed.Sender, request, receipt.BlockNumber - 1, revertDecoder, cancellationToken).ConfigureAwait(false);
        }

        throw new TransactionRevertedException(receipt, reason);
    }

    private async Task<bool> IsKnownAsync(Hash32 hash, CancellationToken cancellationToken)
    {
        return await _rpc.GetTransactionAsync(hash, cancellationToken).ConfigureAwait(false) is not null;
    }

    private async Task<RevertReason?> ReplayForReasonAsync(Address from, TransactionRequest request, BigInteger block, RevertDecoder? revertDecoder, CancellationToken cancellationToken)
    {
        try
        {
            await _rpc.CallAsync(new CallRequest(request.To, request.Data.Span, from, request.Value), BlockParameter.At(block), revertDecoder, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ContractRevertException ex)
        {
            return ex.Reason;
        }
        catch (ChainRpcException)
        {
            // Best effort only: the replay is an approximation of the state the transaction saw.
            return null;
        }
    }
}
