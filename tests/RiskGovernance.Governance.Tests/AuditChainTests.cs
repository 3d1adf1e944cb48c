using RiskGovernance.Chain;
using RiskGovernance.Governance.Audit;
using RiskGovernance.Governance.Tests.Support;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests;

public sealed class AuditChainTests
{
    private static AuditEvent Event(int i) => new("0xabc", $"proposal.step{i}", "0x01", $"{{\"i\":{i}}}", Samples.Start.AddMinutes(i));

    private static List<AuditEntry> Chain(int n)
    {
        var list = new List<AuditEntry>();
        for (var i = 0; i < n; i++)
        {
            list.Add(AuditChain.Next(list.Count == 0 ? null : list[^1], Event(i)));
        }

        return list;
    }

    [Fact]
    public void EntryHash_IsKeccakOfPreviousHashAndCanonicalBytes()
    {
        var prev = Hash32.Keccak("previous");
        var body = AuditChain.CanonicalBytes(7, Event(1));
        Assert.Equal(
            "{\"sequence\":7,\"at\":\"2026-01-05T12:01:00.0000000Z\",\"actor\":\"0xabc\",\"action\":\"proposal.step1\",\"subject\":\"0x01\",\"payload\":\"{\\\"i\\\":1}\"}",
            System.Text.Encoding.UTF8.GetString(body));
        Assert.Equal(Hash32.Keccak([.. prev.ToBytes(), .. body]), AuditChain.EntryHash(prev, 7, Event(1)));
    }

    [Fact]
    public void EntryHash_SameInstantInAnotherOffset_SameHash()
        => Assert.Equal(
            AuditChain.EntryHash(Hash32.Zero, 1, Event(1)),
            AuditChain.EntryHash(Hash32.Zero, 1, Event(1) with { At = Event(1).At.ToOffset(TimeSpan.FromHours(2)) }));

    [Fact]
    public void Verify_IntactChain_Valid()
    {
        var chain = Chain(5);
        Assert.Equal(Hash32.Zero, chain[0].PreviousHash);
        Assert.Equal(new AuditVerification(true, 5, null, null), AuditChain.Verify(chain, chain[^1].Hash));
    }

    [Fact]
    public void Verify_EditedPayload_DetectedAtThatEntry()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Event = chain[2].Event with { PayloadJson = "{\"i\":99}" } };
        var result = AuditChain.Verify(chain);
        Assert.False(result.IsValid);
        Assert.Equal(3, result.FirstInvalidSequence);
        Assert.Contains("edited", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_EditedAndRehashedEntry_DetectedAtNextLink()
    {
        var chain = Chain(5);
        var edited = chain[2].Event with { Actor = "0xevil" };
        chain[2] = chain[2] with { Event = edited, Hash = AuditChain.EntryHash(chain[2].PreviousHash, 3, edited) };
        var result = AuditChain.Verify(chain);
        Assert.Equal(4, result.FirstInvalidSequence);
    }

    [Fact]
    public void Verify_DeletedEntry_Detected()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        var result = AuditChain.Verify(chain);
        Assert.False(result.IsValid);
        Assert.Equal(2, result.FirstInvalidSequence);
    }

    [Fact]
    public void Verify_TruncatedTail_DetectedAgainstKnownHead()
    {
        var chain = Chain(5);
        var head = chain[^1].Hash;
        chain.RemoveAt(4);
        Assert.True(AuditChain.Verify(chain).IsValid);
        Assert.False(AuditChain.Verify(chain, head).IsValid);
    }
}
