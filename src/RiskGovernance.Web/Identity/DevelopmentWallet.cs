using RiskGovernance.Primitives;
using RiskGovernance.Chain;
using RiskGovernance.Contracts.GovernanceAdapters;
using RiskGovernance.Governance;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Web.Demo;

namespace RiskGovernance.Web.Identity;

/// <summary>
/// The development wallet: signs as any member of the demo committee with the public anvil keys.
/// Registered only in Development on the local chain (Portal:DevWallet); absent in Production.
/// </summary>
public sealed class DevelopmentWallet
{
    /// <summary>The accounts it can sign as (the demo committee).</summary>
    public IReadOnlyList<DemoMember> Accounts => DemoCommittee.Members;

    /// <summary>An EIP-191 personal_sign signature (0x, 65 bytes, v 27/28) by <paramref name="account"/>.</summary>
    public string SignPersonalMessage(Address account, string message)
        => Signer(account).SignPersonalMessage(message).ToString();

    /// <summary>An EIP-712 ballot signature (0x, 65 bytes, v 27/28) by <paramref name="account"/>.</summary>
    public string SignBallot(Address account, BallotDomain domain, Ballot ballot)
        => new BallotTypedData(domain, ballot).Sign(Signer(account)).ToString();

    private static SigningKey Signer(Address account)
    {
        var member = DemoCommittee.Find(account)
                     ?? throw new Engine.Validation.InputValidationException("account", $"{account} is not an account of the development wallet");
        return DevelopmentKeys.Key(member.KeyIndex);
    }
}
