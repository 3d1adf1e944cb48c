using Microsoft.Extensions.Options;
using RiskGovernance.Chain;
using RiskGovernance.Testing;
using RiskGovernance.Web.Identity.Siwe;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Tests.Identity;

/// <summary>The nonce store on its own: single use under concurrency, expiry and unknown nonces.</summary>
public sealed class SiweNonceStoreTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ManualTimeProvider _clock = ManualTimeProvider.At2026();
    private readonly SiweNonceStore _store;

    public SiweNonceStoreTests() => _store = NewStore();

    private SiweNonceStore NewStore() => new(Options.Create(new PortalOptions { SignInChallengeLifetime = Lifetime }), _clock);

    /// <summary>
    /// 32 threads (more than the processors, so that the scheduler interleaves them anywhere) call
    /// Consume on the same fresh nonce at the same moment, over 500 rounds: in every round exactly
    /// one gets Valid and the others Used.
    /// </summary>
    [Fact]
    public void Consume_ThirtyTwoThreadsReleasedTogetherOnOneNonce_ExactlyOneGetsValidAndTheOthersUsed() =>
        AssertSingleUseUnderRace(threads: 32, rounds: 500);

    [Fact]
    public void Consume_SecondCall_ReturnsUsed()
    {
        var (nonce, _, _) = _store.Issue(DevelopmentKeys.Key(1).Address);

        var first = _store.Consume(nonce);
        var second = _store.Consume(nonce);

        Assert.Equal((SiweNonceStatus.Valid, SiweNonceStatus.Used), (first, second));
    }

    [Fact]
    public void Consume_AfterTheLifetime_ReturnsExpiredAndLeavesItUnused()
    {
        var (nonce, _, _) = _store.Issue(DevelopmentKeys.Key(1).Address);
        _clock.Advance(Lifetime);

        Assert.Equal(SiweNonceStatus.Expired, _store.Consume(nonce));
        Assert.Equal(SiweNonceStatus.Expired, _store.Check(nonce).Status);
    }

    [Fact]
    public void Consume_NeverIssued_ReturnsUnknown()
    {
        Assert.Equal(SiweNonceStatus.Unknown, _store.Consume("made0up0nonce0000000"));
    }

    private void AssertSingleUseUnderRace(int threads, int rounds)
    {
        // One store per round: a store holds at most MaxOutstanding challenges.
        var stores = Enumerable.Range(0, rounds).Select(_ => NewStore()).ToArray();
        var nonces = stores.Select(s => s.Issue(DevelopmentKeys.Key(1).Address).Nonce).ToArray();

        var outcomes = Together.Run(threads, rounds, round => stores[round].Consume(nonces[round]));

        for (var round = 0; round < rounds; round++)
        {
            var valid = outcomes[round].Count(s => s == SiweNonceStatus.Valid);
            Assert.True(valid == 1, $"round {round}: {valid} of {threads} concurrent Consume calls got Valid for the same nonce");
            Assert.Equal(threads - 1, outcomes[round].Count(s => s == SiweNonceStatus.Used));
            Assert.Equal(SiweNonceStatus.Used, stores[round].Check(nonces[round]).Status);
        }
    }
}
