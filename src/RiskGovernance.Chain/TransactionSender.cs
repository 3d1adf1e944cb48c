using System.Collections.Concurrent;
using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Contracts.ContractHandlers;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using RiskGovernance.Primitives;

namespace RiskGovernance.Chain;

/// <summary>A signed transaction: its hash, the exact bytes to broadcast, its nonce and sender.</summary>
/// <param name="Hash">keccak256 of the raw bytes.</param>
/// <param name="RawHex">0x-prefixed signed transaction.</param>
/// <param name="Nonce">The sender's nonce it uses.</param>
/// <param name="Sender">The signing account.</param>
public sealed record SignedTransaction(Hash32 Hash, string RawHex, BigInteger Nonce, Address Sender);

/// <summary>What became of re-broadcasting a journaled transaction.</summary>
public enum RebroadcastOutcome
{
    /// <summary>The node took the bytes (again, or for the first time).</summary>
    Broadcast,

    /// <summary>The node already holds this very transaction.</summary>
    AlreadyKnown,

    /// <summary>Another transaction took its nonce: this one can never be mined.</summary>
    NonceTaken,
}

/// <summary>
/// Sends contract transactions through Nethereum (the signer's <see cref="Web3"/>, its account's
/// transaction manager, nonce service and EIP-1559 fee suggestion) with one rule Nethereum does not
/// have: the signed transaction is handed to the caller BEFORE it is broadcast, so that it can be
/// journaled, and a broadcast refused with "nonce too low" counts as sent when the node already
/// knows this very hash (a retried broadcast whose first attempt got through), so that a second
/// transaction is never signed for it. Sends of one key are serialised.
/// </summary>
public sealed class TransactionSender
{
    private readonly ConcurrentDictionary<Address, SemaphoreSlim> _gates = new();

    /// <summary>Sends on <paramref name="chain"/>.</summary>
    public TransactionSender(ChainClient chain) => Chain = chain ?? throw new ArgumentNullException(nameof(chain));

    /// <summary>The chain sent to.</summary>
    public ChainClient Chain { get; }

    /// <summary>
    /// Estimates gas (a revert throws <see cref="ContractRevertException"/>, named with
    /// <paramref name="errors"/>, and nothing is signed), signs, calls <paramref name="onSigned"/>,
    /// broadcasts. <paramref name="onSigned"/> runs again when a stale nonce forces a re-sign.
    /// </summary>
    /// <exception cref="ContractRevertException">The gas estimate reverted; nothing was sent.</exception>
    public async Task<SignedTransaction> BroadcastAsync<TFunction>(
        SigningKey signer, Address contract, TFunction function, RevertDecoder? errors,
        Func<SignedTransaction, CancellationToken, Task>? onSigned, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(function);
        var web3 = await Chain.Web3ForAsync(signer, cancellationToken).ConfigureAwait(false);
        var handler = web3.Eth.GetContractHandler(contract.ToString());
        function.FromAddress = signer.Address.ToString();
        var estimate = await WithRevertsNamed(() => handler.EstimateGasAsync(function), errors).WaitAsync(cancellationToken).ConfigureAwait(false);
        function.Gas = new HexBigInteger(estimate.Value * (100 + Chain.Options.GasMarginPercent) / 100);

        var gate = _gates.GetOrAdd(signer.Address, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                SignedTransaction signed;
                string raw;
                try
                {
                    function.Nonce = await web3.TransactionManager.Account.NonceService.GetNextNonceAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
                    raw = (await handler.SignTransactionAsync(function).WaitAsync(cancellationToken).ConfigureAwait(false)).EnsureHexPrefix();
                    signed = new SignedTransaction(Hash32.Keccak(raw.HexToByteArray()), raw, function.Nonce.Value, signer.Address);
                    if (onSigned is not null)
                    {
                        await onSigned(signed, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch
                {
                    // Nothing was broadcast (the journal failed, or the caller cancelled): the nonce is still
                    // free, so the next send must read it again rather than leave a gap that blocks every later one.
                    await web3.TransactionManager.Account.NonceService.ResetNonceAsync().ConfigureAwait(false);
                    throw;
                }

                try
                {
                    await web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(raw).WaitAsync(cancellationToken).ConfigureAwait(false);
                    return signed;
                }
                catch (RpcResponseException ex) when (IsAlreadyKnown(ex))
                {
                    return signed;
                }
                catch (RpcResponseException ex) when (IsNonceTooLow(ex))
                {
                    if (await Chain.IsKnownTransactionAsync(signed.Hash, cancellationToken).ConfigureAwait(false))
                    {
                        return signed;
                    }

                    await web3.TransactionManager.Account.NonceService.ResetNonceAsync().ConfigureAwait(false);
                    if (attempt >= Chain.Options.MaxNonceRetries)
                    {
                        throw;
                    }
                }
                catch
                {
                    // The node may or may not hold the transaction (a timeout is ambiguous): read the nonce again next time.
                    await web3.TransactionManager.Account.NonceService.ResetNonceAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Broadcasts, waits for <see cref="ChainOptions.Confirmations"/> and checks the status.</summary>
    /// <exception cref="ContractRevertException">The gas estimate reverted; nothing was sent.</exception>
    /// <exception cref="TransactionRevertedException">Mined with status 0 (the reason replayed when possible).</exception>
    public async Task<ChainReceipt> SendAsync<TFunction>(
        SigningKey signer, Address contract, TFunction function, RevertDecoder? errors, CancellationToken cancellationToken,
        Func<SignedTransaction, CancellationToken, Task>? onSigned = null)
        where TFunction : FunctionMessage, new()
    {
        var signed = await BroadcastAsync(signer, contract, function, errors, onSigned, cancellationToken).ConfigureAwait(false);
        var receipt = await Chain.WaitForReceiptAsync(signed.Hash, Chain.Options.Confirmations, cancellationToken).ConfigureAwait(false);
        if (receipt.Succeeded)
        {
            return receipt;
        }

        var reason = await ReplayForReasonAsync(contract, function, receipt.BlockNumber - 1, errors, cancellationToken).ConfigureAwait(false);
        throw new TransactionRevertedException(receipt.TransactionHash, receipt.BlockNumber, reason);
    }

    /// <summary>Deploys a contract (creation code and constructor arguments of <paramref name="deployment"/>) and returns its address.</summary>
    /// <exception cref="ContractRevertException">The constructor reverts in the gas estimate; nothing was sent.</exception>
    /// <exception cref="TransactionRevertedException">The creation was mined with status 0.</exception>
    public async Task<Address> DeployAsync<TDeployment>(SigningKey signer, TDeployment deployment, RevertDecoder? errors, CancellationToken cancellationToken)
        where TDeployment : ContractDeploymentMessage, new()
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(deployment);
        var web3 = await Chain.Web3ForAsync(signer, cancellationToken).ConfigureAwait(false);
        var gate = _gates.GetOrAdd(signer.Address, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        TransactionReceipt receipt;
        try
        {
            receipt = await WithRevertsNamed(
                () => web3.Eth.GetContractDeploymentHandler<TDeployment>().SendRequestAndWaitForReceiptAsync(deployment, cancellationToken), errors).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ContractRevertException)
        {
            await web3.TransactionManager.Account.NonceService.ResetNonceAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            gate.Release();
        }

        var mined = ChainClient.ToReceipt(receipt);
        if (!mined.Succeeded || mined.ContractAddress is not { } address)
        {
            throw new TransactionRevertedException(mined.TransactionHash, mined.BlockNumber);
        }

        return (await Chain.GetCodeAsync(address, cancellationToken).ConfigureAwait(false)).Length > 0
            ? address
            : throw new InvalidOperationException($"No code at {address} after creation transaction {mined.TransactionHash}.");
    }

    /// <summary>
    /// Broadcasts journaled bytes again (after a crash): the same bytes have the same hash and nonce,
    /// so this never makes a second transaction.
    /// </summary>
    public async Task<RebroadcastOutcome> RebroadcastAsync(string rawHex, Hash32 hash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rawHex);
        try
        {
            await Chain.Web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(rawHex.EnsureHexPrefix()).WaitAsync(cancellationToken).ConfigureAwait(false);
            return RebroadcastOutcome.Broadcast;
        }
        catch (RpcResponseException ex) when (IsAlreadyKnown(ex))
        {
            return RebroadcastOutcome.AlreadyKnown;
        }
        catch (RpcResponseException ex) when (IsNonceTooLow(ex))
        {
            return await Chain.IsKnownTransactionAsync(hash, cancellationToken).ConfigureAwait(false)
                ? RebroadcastOutcome.AlreadyKnown
                : RebroadcastOutcome.NonceTaken;
        }
    }

    internal static bool IsNonceTooLow(RpcResponseException ex)
        => ex.RpcError?.Message is { } m && (m.Contains("nonce too low", StringComparison.OrdinalIgnoreCase) || m.Contains("nonce is too low", StringComparison.OrdinalIgnoreCase));

    internal static bool IsAlreadyKnown(RpcResponseException ex)
        => ex.RpcError?.Message is { } m && (m.Contains("already known", StringComparison.OrdinalIgnoreCase) || m.Contains("already imported", StringComparison.OrdinalIgnoreCase));

    private static async Task<T> WithRevertsNamed<T>(Func<Task<T>> call, RevertDecoder? errors)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ContractRevertException && (errors ?? NoErrors).TryDecode(ex) is { } revert)
        {
            throw revert;
        }
    }

    private static RevertDecoder NoErrors { get; } = new("[]");

    private async Task<ContractRevertException?> ReplayForReasonAsync<TFunction>(Address contract, TFunction function, long block, RevertDecoder? errors, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            var handler = Chain.Web3.Eth.GetContractHandler(contract.ToString());
            await handler.QueryRawAsync(function, new BlockParameter(new HexBigInteger(Math.Max(block, 0)))).WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Best effort only: the replay approximates the state the transaction saw.
            return (errors ?? NoErrors).TryDecode(ex);
        }
    }
}
