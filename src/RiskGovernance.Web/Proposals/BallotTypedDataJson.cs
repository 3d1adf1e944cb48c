using System.Text.Json;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.Governance;
using RiskGovernance.Governance;

namespace RiskGovernance.Web.Proposals;

/// <summary>
/// The eth_signTypedData_v4 JSON of a committee ballot, built from <see cref="BallotTypedData"/>'s
/// constants and the service's <see cref="BallotDomain"/>: what a browser wallet is asked to sign.
/// Its EIP-712 digest is <see cref="BallotTypedData.Digest"/> (tested with Eip712TypedData.FromJson).
/// </summary>
public static class BallotTypedDataJson
{
    /// <summary>The typed data JSON of a ballot on <paramref name="proposalId"/> approving <paramref name="paramsHash"/>.</summary>
    public static string Build(BallotDomain domain, Hash32 proposalId, Hash32 paramsHash, BallotSupport support)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (!Enum.IsDefined(support))
        {
            throw new Engine.Validation.InputValidationException("ballot.support", $"must be Against (0), For (1) or Abstain (2) (was {(int)support})");
        }

        var typedData = new
        {
            types = new Dictionary<string, object[]>
            {
                ["EIP712Domain"] =
                [
                    new { name = "name", type = "string" },
                    new { name = "version", type = "string" },
                    new { name = "chainId", type = "uint256" },
                    new { name = "verifyingContract", type = "address" },
                ],
                ["Ballot"] =
                [
                    new { name = "proposalId", type = "bytes32" },
                    new { name = "paramsHash", type = "bytes32" },
                    new { name = "support", type = "uint8" },
                ],
            },
            primaryType = "Ballot",
            domain = new
            {
                name = BallotTypedData.DomainName,
                version = BallotTypedData.DomainVersion,
                chainId = domain.ChainId,
                verifyingContract = domain.Registry.ToString(),
            },
            message = new
            {
                proposalId = proposalId.ToString(),
                paramsHash = paramsHash.ToString(),
                support = (int)support,
            },
        };
        return JsonSerializer.Serialize(typedData);
    }
}
