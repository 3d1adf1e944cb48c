using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Contracts.ContractHandlers;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Oracles.Dto;
using RiskGovernance.Contracts.Registry;
using RiskGovernance.Engine.MarketData;
using RiskGovernance.Primitives;

namespace RiskGovernance.Contracts.Oracles;

/// <summary>
/// Typed reads of any contract implementing Chainlink's AggregatorV3Interface (a Chainlink feed or
/// proxy, the adapters of Pyth, RedStone and API3, <see cref="OperatedPriceFeedService"/>), as calls
/// through Nethereum's <see cref="ContractHandler"/>. Reads are at the latest block, or at a given
/// block so that several feeds are read at one consistent state. A revert surfaces as
/// <see cref="ContractRevertException"/> (OperatedPriceFeed's errors are named).
/// </summary>
public sealed class AggregatorV3Reader
{
    private readonly ContractHandler _handler;

    /// <summary>Wraps the feed at <paramref name="feed"/>.</summary>
    public AggregatorV3Reader(ChainClient chain, Address feed)
    {
        ArgumentNullException.ThrowIfNull(chain);
        Address = feed;
        _handler = chain.Web3.Eth.GetContractHandler(feed.ToString());
    }

    /// <summary>Names OperatedPriceFeed's custom errors (other feeds revert with reasons or their own errors, reported as they come).</summary>
    public static RevertDecoder Errors => ContractArtifact.OperatedPriceFeed.Errors;

    /// <summary>The feed's address.</summary>
    public Address Address { get; }

    /// <summary>decimals(): the decimals of the answers.</summary>
    public async Task<int> GetDecimalsAsync(CancellationToken cancellationToken, long? blockNumber = null)
        => (int)await QueryAsync<FeedDecimalsFunction, byte>(new FeedDecimalsFunction(), blockNumber, cancellationToken).ConfigureAwait(false);

    /// <summary>description(): what the feed prices.</summary>
    public Task<string> GetDescriptionAsync(CancellationToken cancellationToken, long? blockNumber = null)
        => QueryAsync<FeedDescriptionFunction, string>(new FeedDescriptionFunction(), blockNumber, cancellationToken);

    /// <summary>version(): the version of the feed's implementation.</summary>
    public Task<BigInteger> GetVersionAsync(CancellationToken cancellationToken, long? blockNumber = null)
        => QueryAsync<FeedVersionFunction, BigInteger>(new FeedVersionFunction(), blockNumber, cancellationToken);

    /// <summary>latestRoundData(): the newest round.</summary>
    public async Task<OracleRound> GetLatestRoundAsync(CancellationToken cancellationToken, long? blockNumber = null)
        => ToRound(await QueryObjectAsync<LatestRoundDataFunction, RoundDataOutputDto>(new LatestRoundDataFunction(), blockNumber, cancellationToken).ConfigureAwait(false));

    /// <summary>getRoundData(roundId): a past round.</summary>
    public async Task<OracleRound> GetRoundAsync(BigInteger roundId, CancellationToken cancellationToken, long? blockNumber = null)
    {
        if (roundId.Sign < 0 || roundId >= BigInteger.One << 80)
        {
            throw new ArgumentOutOfRangeException(nameof(roundId), roundId, "a round id is a uint80.");
        }

        return ToRound(await QueryObjectAsync<GetRoundDataFunction, RoundDataOutputDto>(new GetRoundDataFunction { RoundId = roundId }, blockNumber, cancellationToken).ConfigureAwait(false));
    }

    private static OracleRound ToRound(RoundDataOutputDto dto)
        => new(dto.RoundId, dto.Answer, FromUnix(dto.StartedAt), FromUnix(dto.UpdatedAt), dto.AnsweredInRound);

    private static DateTimeOffset FromUnix(BigInteger seconds)
        => seconds.Sign <= 0 ? DateTimeOffset.UnixEpoch
            : seconds > 253_402_300_799 ? DateTimeOffset.MaxValue
            : DateTimeOffset.FromUnixTimeSeconds((long)seconds);

    private static BlockParameter Block(long? blockNumber)
        => blockNumber is { } n ? new BlockParameter(new HexBigInteger(n)) : BlockParameter.CreateLatest();

    private async Task<TResult> QueryAsync<TFunction, TResult>(TFunction function, long? blockNumber, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            return await _handler.QueryAsync<TFunction, TResult>(function, Block(blockNumber)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ContractRevertException && Errors.TryDecode(ex) is { } revert)
        {
            throw revert;
        }
    }

    private async Task<TOutput> QueryObjectAsync<TFunction, TOutput>(TFunction function, long? blockNumber, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new()
    {
        try
        {
            return await _handler.QueryDeserializingToObjectAsync<TFunction, TOutput>(function, Block(blockNumber)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ContractRevertException && Errors.TryDecode(ex) is { } revert)
        {
            throw revert;
        }
    }
}
