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

    [Fact]
    public void Issue_MoreThanThePerAddressBound_DropsTheOldestOfThatAddressOnly()
    {
        var store = new SiweNonceStore(Options.Create(new PortalOptions { SignInChallengeLifetime = Lifetime, MaxSignInChallengesPerAddress = 3 }), _clock);
        var other = store.Issue(DevelopmentKeys.Key(2).Address).Nonce;
        var mine = Enumerable.Range(0, 4).Select(_ => store.Issue(DevelopmentKeys.Key(1).Address).Nonce).ToArray();

        Assert.Equal(SiweNonceStatus.Unknown, store.Check(mine[0]).Status);
        Assert.All(mine[1..], n => Assert.Equal(SiweNonceStatus.Valid, store.Check(n).Status));
        Assert.Equal(SiweNonceStatus.Valid, store.Check(other).Status);
    }

    /// <summary>
    /// The flood: many visitors' addresses fill the store, one member's address is asked for a
    /// thousand times. Visitors are then refused with a retry time within the challenge lifetime;
    /// the member still gets a valid challenge, and the store stays bounded.
    /// </summary>
    [Fact]
    public void Issue_VisitorsFloodAndOneMembersAddressFlooded_MemberStillServedVisitorsRefusedWithRetryAfter()
    {
        var store = new SiweNonceStore(Options.Create(new PortalOptions { SignInChallengeLifetime = Lifetime, MaxSignInChallenges = 50 }), _clock);
        var member = DevelopmentKeys.Key(1).Address;
        var refused = 0;
        TimeSpan? retry = null;
        for (var i = 0; i < 1_000; i++)
        {
            try
            {
                store.Issue(RandomAddress());
            }
            catch (SignInBusyException e)
            {
                refused++;
                retry = e.RetryAfter;
            }

            store.Issue(member, member: true);
        }

        var fresh = store.Issue(member, member: true).Nonce;

        Assert.Equal(950, refused);
        Assert.True(retry > TimeSpan.Zero && retry <= Lifetime, $"Retry-After {retry}");
        Assert.True(store.Count <= 50 + 3, $"{store.Count} entries held");
        Assert.Equal(SiweNonceStatus.Valid, store.Check(fresh).Status);
        Assert.Equal(SiweNonceStatus.Valid, store.Consume(fresh));
    }

    [Fact]
    public void Issue_StoreFull_FreedWhenTheChallengesExpire()
    {
        var store = new SiweNonceStore(Options.Create(new PortalOptions { SignInChallengeLifetime = Lifetime, MaxSignInChallenges = 5 }), _clock);
        for (var i = 0; i < 5; i++)
        {
            store.Issue(RandomAddress());
        }

        var busy = Assert.Throws<SignInBusyException>(() => store.Issue(RandomAddress()));
        _clock.Advance(busy.RetryAfter);
        var later = store.Issue(RandomAddress()).Nonce;

        Assert.Equal(Lifetime, busy.RetryAfter);
        Assert.StartsWith("siwe.nonce: too many sign-ins are in progress", busy.Message, StringComparison.Ordinal);
        Assert.Equal(SiweNonceStatus.Valid, store.Check(later).Status);
    }

    [Fact]
    public void Issue_UsedChallengesFreeTheirPlace()
    {
        var store = new SiweNonceStore(Options.Create(new PortalOptions { SignInChallengeLifetime = Lifetime, MaxSignInChallenges = 2 }), _clock);
        var a = store.Issue(RandomAddress()).Nonce;
        store.Issue(RandomAddress());
        Assert.Throws<SignInBusyException>(() => store.Issue(RandomAddress()));

        store.Consume(a);
        var c = store.Issue(RandomAddress()).Nonce;

        Assert.Equal(SiweNonceStatus.Valid, store.Check(c).Status);
        Assert.Equal(SiweNonceStatus.Used, store.Check(a).Status);
    }

    /// <summary>Sign-ins with throw-away keys (each challenge used at once) do not grow the store past twice its bound.</summary>
    [Fact]
    public void IssueAndConsume_ThousandThrowAwayAddresses_StoreStaysBounded()
    {
        var store = new SiweNonceStore(Options.Create(new PortalOptions { SignInChallengeLifetime = Lifetime, MaxSignInChallenges = 10 }), _clock);
        var largest = 0;
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(SiweNonceStatus.Valid, store.Consume(store.Issue(RandomAddress()).Nonce));
            largest = Math.Max(largest, store.Count);
        }

        Assert.True(largest <= 2 * 10 + 1, $"{largest} entries held");
    }

    private static RiskGovernance.Primitives.Address RandomAddress()
        => RiskGovernance.Primitives.Address.Parse("0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)), "address");

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
