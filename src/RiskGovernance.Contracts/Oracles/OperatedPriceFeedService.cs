using System.Numerics;
using Nethereum.Contracts;
using Nethereum.Contracts.ContractHandlers;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Oracles.Dto;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Oracles;

/// <summary>
/// An OperatedPriceFeed: a feed that its owner updates with <c>submit(answer)</c>, read through
/// AggregatorV3Interface (<see cref="Reader"/>). Writes go through the <see cref="TransactionSender"/>.
/// </summary>
public sealed class OperatedPriceFeedService
{
    private readonly ContractHandler _handler;

    /// <summary>Wraps the feed at <paramref name="address"/>.</summary>
    public OperatedPriceFeedService(TransactionSender sender, Address address)
    {
        Sender = sender ?? throw new ArgumentNullException(nameof(sender));
        Address = address;
        Reader = new AggregatorV3Reader(sender.Chain, address);
        _handler = sender.Chain.Web3.Eth.GetContractHandler(address.ToString());
    }

    /// <summary>The sender used for writes.</summary>
    public TransactionSender Sender { get; }

    /// <summary>The feed's address.</summary>
    public Address Address { get; }

    /// <summary>AggregatorV3Interface reads of this feed.</summary>
    public AggregatorV3Reader Reader { get; }

    /// <summary>Deploys a feed owned by <paramref name="owner"/>, with no round yet, and waits for it to be mined.</summary>
    public static async Task<OperatedPriceFeedService> DeployAsync(TransactionSender sender, SigningKey owner, byte decimals, string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(description);
        var address = await sender.DeployAsync(owner, new OperatedPriceFeedDeployment { Decimals = decimals, Description = description }, AggregatorV3Reader.Errors, cancellationToken)
            .ConfigureAwait(false);
        return new OperatedPriceFeedService(sender, address);
    }

    /// <summary>The call data of <c>submit(answer)</c> (for a batch of transactions).</summary>
    public static byte[] SubmitCall(BigInteger answer) => new SubmitFunction { Answer = answer }.GetCallData();

    /// <summary>The creation data of a feed (bytecode and constructor arguments; for a batch of transactions).</summary>
    public static byte[] CreationData(byte decimals, string description)
        => Batching.TransactionBatch.CreationData(new OperatedPriceFeedDeployment { Decimals = decimals, Description = description ?? throw new ArgumentNullException(nameof(description)) });

    /// <summary>Records <paramref name="answer"/> (the price times 10^decimals) as a new round at the block's time (owner only).</summary>
    public Task<ChainReceipt> SubmitAsync(SigningKey owner, BigInteger answer, CancellationToken cancellationToken)
        => Sender.SendAsync(owner, Address, new SubmitFunction { Answer = answer }, AggregatorV3Reader.Errors, cancellationToken);

    /// <summary>Hands the feed to another operator (owner only).</summary>
    public Task<ChainReceipt> TransferOwnershipAsync(SigningKey owner, Address newOwner, CancellationToken cancellationToken)
        => Sender.SendAsync(owner, Address, new FeedTransferOwnershipFunction { NewOwner = newOwner.ToString() }, AggregatorV3Reader.Errors, cancellationToken);

    /// <summary>The account allowed to submit.</summary>
    public async Task<Address> GetOwnerAsync(CancellationToken cancellationToken)
        => Address.Parse(await _handler.QueryAsync<FeedOwnerFunction, string>(new FeedOwnerFunction()).WaitAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>The newest round's id (0 before the first submit).</summary>
    public Task<BigInteger> GetLatestRoundIdAsync(CancellationToken cancellationToken)
        => _handler.QueryAsync<LatestRoundFunction, BigInteger>(new LatestRoundFunction()).WaitAsync(cancellationToken);
}
