using RiskGovernance.Testing;
using RiskGovernance.Primitives;
using System.Numerics;
using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Web.Identity.Siwe;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>The server-side verifier with real signatures by the public development keys.</summary>
public sealed class SiweVerifierTests
{
    private const string Domain = "127.0.0.1:5080";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private static readonly BigInteger CurveOrder = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337");
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero));
    private readonly SiweNonceStore _nonces;
    private readonly SiweVerifier _verifier;

    public SiweVerifierTests()
    {
        // 20 outstanding challenges of one address in the concurrency test below (the default keeps 3).
        _nonces = new SiweNonceStore(Options.Create(new PortalOptions { SignInChallengeLifetime = Lifetime, MaxSignInChallengesPerAddress = 20 }), _clock);
        _verifier = new SiweVerifier(Options.Create(new GovernanceRulesOptions { ChainId = 31337 }), Options.Create(new PortalOptions { PublicOrigin = "http://" + Domain }), _nonces, _clock);
    }

    private static SigningKey Key(int index) => DevelopmentKeys.Key(index);

    private static string Sign(int keyIndex, string text) => Key(keyIndex).SignPersonalMessage(text).ToString();

    private string Challenge(int keyIndex) => _verifier.CreateChallenge(Key(keyIndex).Address).Format();

    private static InputValidationException Refused(Action verify) => Assert.Throws<InputValidationException>(verify);

    [Fact]
    public void Verify_ChallengeSignedByItsAddress_ReturnsTheMessage()
    {
        var text = Challenge(1);

        var message = _verifier.Verify(text, Sign(1, text));

        Assert.Equal(Key(1).Address, message.Address);
        Assert.Equal(31337, message.ChainId);
        Assert.Equal(Domain, message.Domain);
        Assert.Equal("http://127.0.0.1:5080/", message.Uri);
        Assert.Equal(_clock.GetUtcNow(), message.IssuedAt);
        Assert.Equal(_clock.GetUtcNow() + Lifetime, message.ExpirationTime);
        Assert.Equal(SiweNonceStatus.Used, _nonces.Check(message.Nonce).Status);
    }

    /// <summary>
    /// Some wallets write v as the bare recovery id (0 or 1) instead of 27 or 28. Challenges are drawn
    /// until one is signed with the wanted recovery id, so both ids are exercised.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Verify_RecoveryIdWrittenAs0Or1_IsAccepted(int recoveryId)
    {
        var (text, bytes) = Enumerable.Range(0, 64)
            .Select(_ => Challenge(2))
            .Select(t => (Text: t, Bytes: Key(2).SignPersonalMessage(t).ToBytes()))
            .First(c => c.Bytes[64] - 27 == recoveryId);
        bytes[64] = (byte)recoveryId;

        var message = _verifier.Verify(text, "0x" + Convert.ToHexStringLower(bytes));

        Assert.Equal(Key(2).Address, message.Address);
    }

    [Fact]
    public void Verify_MessageForAnotherDomain_RefusedNamingDomainAndNonceKept()
    {
        var text = Challenge(1).Replace(Domain + " wants", "riskgov-portal.evil.example wants", StringComparison.Ordinal);

        var error = Refused(() => _verifier.Verify(text, Sign(1, text)));

        Assert.Equal("siwe.domain", error.Errors.Single().Field);
        Assert.Equal(SiweNonceStatus.Valid, _nonces.Check(SiweMessage.Parse(text).Nonce).Status);
    }

    [Fact]
    public void Verify_OtherChain_RefusedNamingChainId()
    {
        var (nonce, _, expires) = _nonces.Issue(Key(1).Address);
        var text = new SiweMessage(Domain, Key(1).Address, null, $"http://{Domain}/", 1, nonce, _clock.GetUtcNow(), expires).Format();

        var error = Refused(() => _verifier.Verify(text, Sign(1, text)));

        Assert.Equal("siwe.chainId", error.Errors.Single().Field);
        Assert.Contains("chain 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UriOnAnotherHost_RefusedNamingUri()
    {
        var (nonce, _, expires) = _nonces.Issue(Key(1).Address);
        var text = new SiweMessage(Domain, Key(1).Address, null, "https://evil.example/", 31337, nonce, _clock.GetUtcNow(), expires).Format();

        var error = Refused(() => _verifier.Verify(text, Sign(1, text)));

        Assert.Equal("siwe.uri", error.Errors.Single().Field);
    }

    [Fact]
    public void Verify_AfterTheChallengeLifetime_RefusedNamingExpirationTime()
    {
        var text = Challenge(1);
        _clock.Advance(Lifetime + TimeSpan.FromSeconds(1));

        var error = Refused(() => _verifier.Verify(text, Sign(1, text)));

        Assert.Equal("siwe.expirationTime", error.Errors.Single().Field);
    }

    [Fact]
    public void Verify_NonceExpiredButMessageNot_RefusedNamingNonce()
    {
        var (nonce, _, _) = _nonces.Issue(Key(1).Address);
        var text = new SiweMessage(Domain, Key(1).Address, null, $"http://{Domain}/", 31337, nonce, _clock.GetUtcNow(), _clock.GetUtcNow().AddHours(1)).Format();
        _clock.Advance(Lifetime + TimeSpan.FromSeconds(1));

        var error = Refused(() => _verifier.Verify(text, Sign(1, text)));

        Assert.Equal("siwe.nonce", error.Errors.Single().Field);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_MessageWithoutExpirationTime_RefusedNamingIt()
    {
        var (nonce, _, _) = _nonces.Issue(Key(1).Address);
        var text = new SiweMessage(Domain, Key(1).Address, null, $"http://{Domain}/", 31337, nonce, _clock.GetUtcNow()).Format();

        var error = Refused(() => _verifier.Verify(text, Sign(1, text)));

        Assert.Equal("siwe.expirationTime", error.Errors.Single().Field);
    }

    [Fact]
    public void Verify_NotBeforeInTheFuture_RefusedNamingNotBefore()
    {
        var (nonce, _, expires) = _nonces.Issue(Key(1).Address);
        var now = _clock.GetUtcNow();
        var text = new SiweMessage(Domain, Key(1).Address, null, $"http://{Domain}/", 31337, nonce, now, expires, notBefore: now.AddMinutes(2)).Format();

        var error = Refused(() => _verifier.Verify(text, Sign(1, text)));

        Assert.Equal("siwe.notBefore", error.Errors.Single().Field);
    }

    [Fact]
    public void Verify_NonceNeverIssued_RefusedNamingNonce()
    {
        var now = _clock.GetUtcNow();
        var text = new SiweMessage(Domain, Key(1).Address, null, $"http://{Domain}/", 31337, "made0up0nonce", now, now.AddMinutes(5)).Format();

        var error = Refused(() => _verifier.Verify(text, Sign(1, text)));

        Assert.Equal("siwe.nonce", error.Errors.Single().Field);
        Assert.Contains("was not issued by this server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SameMessageTwice_SecondRefusedAsAlreadyUsed()
    {
        var text = Challenge(3);
        var signature = Sign(3, text);
        _verifier.Verify(text, signature);

        var error = Refused(() => _verifier.Verify(text, signature));

        Assert.Equal("siwe.nonce: was already used; ask for a new challenge", error.Errors.Single().ToString());
    }

    /// <summary>
    /// The same signed challenge presented by 32 logins at once (threads released together at a
    /// gate), over several challenges: each time exactly one login succeeds and every other is
    /// refused as a replay. A nonce check that is not atomic with marking the nonce used lets two
    /// or more through.
    /// </summary>
    [Fact]
    public void Verify_ThirtyTwoConcurrentLoginsWithOneSignedChallenge_ExactlyOneSucceedsAndTheOthersAreRefusedAsUsed()
    {
        const int logins = 32;
        const int challenges = 20;
        var signed = Enumerable.Range(0, challenges).Select(_ => Challenge(4)).Select(text => (Text: text, Signature: Sign(4, text))).ToArray();

        var outcomes = Together.Run(logins, challenges, round =>
        {
            try
            {
                return _verifier.Verify(signed[round].Text, signed[round].Signature).Address.ToString();
            }
            catch (InputValidationException e)
            {
                return e.Errors.Single().ToString();
            }
        });

        for (var round = 0; round < challenges; round++)
        {
            var succeeded = outcomes[round].Count(o => o == Key(4).Address.ToString());
            Assert.True(succeeded == 1, $"challenge {round}: {succeeded} of {logins} concurrent logins with the same signed message succeeded");
            Assert.All(outcomes[round].Where(o => o != Key(4).Address.ToString()),
                o => Assert.Equal("siwe.nonce: was already used; ask for a new challenge", o));
        }
    }

    [Fact]
    public void Verify_SignedByAnotherKey_RefusedNamingSignatureAndNonceStillUsable()
    {
        var text = Challenge(1);

        var error = Refused(() => _verifier.Verify(text, Sign(2, text)));

        Assert.Equal("siwe.signature", error.Errors.Single().Field);
        Assert.Contains(Key(2).Address.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(Key(1).Address, _verifier.Verify(text, Sign(1, text)).Address);
    }

    [Fact]
    public void Verify_MessageNamesAnotherAddressThanTheChallenge_RefusedNamingAddress()
    {
        var (nonce, _, expires) = _nonces.Issue(Key(1).Address);
        var text = new SiweMessage(Domain, Key(2).Address, null, $"http://{Domain}/", 31337, nonce, _clock.GetUtcNow(), expires).Format();

        var error = Refused(() => _verifier.Verify(text, Sign(2, text)));

        Assert.Equal("siwe.address", error.Errors.Single().Field);
    }

    [Fact]
    public void Verify_HighSTwinOfAValidSignature_RefusedNamingSignature()
    {
        var text = Challenge(1);
        var low = Key(1).SignPersonalMessage(text);
        var bytes = low.ToBytes();
        (CurveOrder - low.S).TryWriteBytes(bytes.AsSpan(32, 32), out _, isUnsigned: true, isBigEndian: true);
        bytes[64] = (byte)(low.V == 27 ? 28 : 27);
        var high = EcdsaSignature.FromBytes(bytes);
        Assert.False(high.IsLowS);

        var error = Refused(() => _verifier.Verify(text, high.ToString()));

        Assert.Equal("siwe.signature", error.Errors.Single().Field);
        Assert.Contains("upper half", error.Message, StringComparison.Ordinal);
        Assert.Equal(SiweNonceStatus.Valid, _nonces.Check(SiweMessage.Parse(text).Nonce).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x1234")]
    [InlineData("not hex at all")]
    public void Verify_MalformedSignature_RefusedNamingSignature(string? signature)
    {
        var text = Challenge(1);

        var error = Refused(() => _verifier.Verify(text, signature));

        Assert.Equal("siwe.signature", error.Errors.Single().Field);
    }

    [Fact]
    public void Verify_WrongRecoveryByte_RefusedNamingSignature()
    {
        var text = Challenge(1);
        var bytes = Key(1).SignPersonalMessage(text).ToBytes();
        bytes[64] = 29;

        var error = Refused(() => _verifier.Verify(text, "0x" + Convert.ToHexStringLower(bytes)));

        Assert.Equal("siwe.signature", error.Errors.Single().Field);
    }

    [Fact]
    public void Verify_MessageAlteredAfterSigning_RecoversAnotherSignerAndIsRefused()
    {
        var text = Challenge(1);
        var signature = Sign(1, text);
        var altered = text.Replace(SiweVerifier.Statement, "Sign in to the RiskGovernance portal as admin.", StringComparison.Ordinal);

        var error = Refused(() => _verifier.Verify(altered, signature));

        Assert.Equal("siwe.signature", error.Errors.Single().Field);
    }

    [Fact]
    public void CreateChallenge_NamesTheConfiguredOriginAsDomainAndUri()
    {
        var message = SiweMessage.Parse(Challenge(1));

        Assert.Equal(Domain, message.Domain);
        Assert.Equal("http://" + Domain + "/", message.Uri);
    }

    [Fact]
    public void CreateChallenge_TwoCalls_GiveDistinctNoncesOfTwentyCharacters()
    {
        var a = SiweMessage.Parse(Challenge(1)).Nonce;
        var b = SiweMessage.Parse(Challenge(1)).Nonce;

        Assert.NotEqual(a, b);
        Assert.Equal(20, a.Length);
    }
}
