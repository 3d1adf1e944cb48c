using RiskGovernance.Chain.Crypto;
using RiskGovernance.Chain.Signing;
using RiskGovernance.Testing;

namespace RiskGovernance.Chain.Tests.Signing;

public sealed class PersonalMessageTests
{
    private const string AnvilKey1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    [Theory]
    [InlineData("hello")]
    [InlineData("Approve parameter set 0xabc for BTC/ETH margin")]
    [InlineData("ünïcødé ✓")]
    public void Sign_TextMessages_MatchCastWalletSign(string message)
    {
        var expected = CastTool.Run("wallet", "sign", "--private-key", AnvilKey1, message);
        var key = EthPrivateKey.Parse(AnvilKey1);
        var signature = PersonalMessage.Sign(key, message);
        Assert.Equal(expected, signature.ToHex());
        Assert.Equal(key.Address, PersonalMessage.RecoverSigner(message, EthSignature.Parse(expected)));
    }

    [Fact]
    public void RecoverSigner_TamperedMessage_OtherAddress()
    {
        var key = EthPrivateKey.Parse(AnvilKey1);
        var signature = PersonalMessage.Sign(key, "vote yes");
        Assert.NotEqual(key.Address, PersonalMessage.RecoverSigner("vote no", signature));
    }
}
