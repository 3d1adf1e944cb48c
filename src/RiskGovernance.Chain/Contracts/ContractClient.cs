using System.Numerics;
using RiskGovernance.Chain.Abi;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;
using RiskGovernance.Chain.Transactions;

namespace RiskGovernance.Chain.Contracts;

/// <summary>A decoded event log.</summary>
public sealed record DecodedEvent(AbiEvent Event, AbiValues Values, LogEntry Log);

/// <summary>
/// Calls, transactions and event queries against one deployed contract, with its custom errors
/// decoded in reverts. Describe functions with <see cref="AbiFunction.Parse"/>, e.g.
/// <c>AbiFunction.Parse("value() view returns (uint256)")</c>.
/// </summary>
public sealed class ContractClient
{
    private readonly EthRpcClient _rpc;

    /// <summary>Creates a client for the contract at <paramref name="address"/>.</summary>
    public ContractClient(EthRpcClient rpc, Address address, RevertDecoder? revertDecoder = null)
    {
        _rpc = Preconditions.NotNull(rpc, nameof(rpc));
        Address = address;
        RevertDecoder = revertDecoder ?? RevertDecoder.BuiltInOnly;
    }

    /// <summary>The contract address.</summary>
    public Address Address { get; }

    /// <summary>The decoder used for reverts.</summary>
    public RevertDecoder RevertDecoder { get; }

    /// <summary>eth_call of <paramref name="function"/>; decodes the declared outputs.</summary>
    /// <exception cref="ContractRevertException">The call reverted.</exception>
    public async Task<AbiValues> CallAsync(AbiFunction function, IReadOnlyList<object?> arguments, CancellationToken cancellationToken, Address? from = null, BlockParameter block = default)
    {
        Preconditions.NotNull(function, nameof(function));
        var data = function.EncodeCall([.. Preconditions.NotNull(arguments, nameof(arguments))]);
        var result = await _rpc.CallAsync(new CallRequest(Address, data, from), block, RevertDecoder, cancellationToken).ConfigureAwait(false);
        return function.DecodeOutput(result);
    }

    /// <summary>eth_call returning the single (first) output as <typeparamref name="T"/>.</summary>
    public async Task<T> CallAsync<T>(AbiFunction function, IReadOnlyList<object?> arguments, CancellationToken cancellationToken, Address? from = null)
    {
        var values = await CallAsync(function, arguments, cancellationToken, from).ConfigureAwait(false);
        return values.Get<T>(0);
    }

    /// <summary>Sends a transaction calling <paramref name="function"/> and waits for its receipt.</summary>
    public Task<TransactionReceipt> SendAsync(
        TransactionSender sender,
        ITransactionSigner signer,
        AbiFunction function,
        IReadOnlyList<object?> arguments,
        CancellationToken cancellationToken,
        BigInteger? value = null,
        Func<SignedTransaction, CancellationToken, Task>? onSigned = null)
    {
        Preconditions.NotNull(sender, nameof(sender));
        Preconditions.NotNull(function, nameof(function));
        var data = function.EncodeCall([.. Preconditions.NotNull(arguments, nameof(arguments))]);
        return sender.SendAsync(signer, new TransactionRequest(Address, value ?? BigInteger.Zero, data), cancellationToken, onSigned, RevertDecoder);
    }

    /// <summary>The logs of <paramref name="abiEvent"/> emitted by this contract in the block range, decoded.</summary>
    public async Task<IReadOnlyList<DecodedEvent>> GetEventsAsync(AbiEvent abiEvent, BlockParameter fromBlock, BlockParameter toBlock, CancellationToken cancellationToken, IReadOnlyList<Hash32?>? indexedTopics = null)
    {
        Preconditions.NotNull(abiEvent, nameof(abiEvent));
        var topics = new List<Hash32?> { abiEvent.Topic0 };
        if (indexedTopics is not null)
        {
            topics.AddRange(indexedTopics);
        }

        var logs = await _rpc.GetLogsAsync(new LogFilter(fromBlock, toBlock, [Address], topics), cancellationToken).ConfigureAwait(false);
        return [.. logs.Select(log => new DecodedEvent(abiEvent, abiEvent.Decode(log.Topics, log.Data.Span), log))];
    }

    /// <summary>Decodes the logs of <paramref name="abiEvent"/> in a receipt that this contract emitted.</summary>
    public IReadOnlyList<DecodedEvent> DecodeEvents(AbiEvent abiEvent, TransactionReceipt receipt)
    {
        Preconditions.NotNull(abiEvent, nameof(abiEvent));
        Preconditions.NotNull(receipt, nameof(receipt));
        return [.. receipt.Logs
            .Where(log => log.Address == Address && abiEvent.Matches(log.Topics))
            .Select(log => new DecodedEvent(abiEvent, abiEvent.Decode(log.Topics, log.Data.Span), log))];
    }
}
