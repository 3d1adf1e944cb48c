using RiskGovernance.Primitives;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance.Ports;

namespace RiskGovernance.Persistence.Tests;

public sealed class CommitteeStoreTests(TemporaryDirectory directory) : IClassFixture<TemporaryDirectory>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task GetCommittee_NothingStored_ThrowsSayingSo()
    {
        await using var database = await TestDatabase.CreateAsync(directory);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.Services.GetRequiredService<ICommitteeStore>().GetCommitteeAsync(Ct));

        Assert.Contains("no committee", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetCommittee_ThenReplace_ReturnsTheLatestMembersInOrder()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<ICommitteeStore>();
        var first = GovernanceSamples.Committee(5);
        var second = GovernanceSamples.Committee(3);

        await store.SetCommitteeAsync(first, Ct);
        var stored = await store.GetCommitteeAsync(Ct);
        await store.SetCommitteeAsync(second, Ct);
        var replaced = await store.GetCommitteeAsync(Ct);

        Assert.Equal(first.Members, stored.Members);
        Assert.Equal(15, stored.TotalWeight);
        Assert.True(stored.IsGuardian(first.Members[0].Address));
        Assert.Equal(second.Members, replaced.Members);
        Assert.Equal(3L, await database.ScalarAsync("SELECT count(*) FROM CommitteeMembers"));
    }

    [Fact]
    public async Task SetRatified_OlderOrSameVersionAfterNewer_IsIgnored()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<ICommitteeStore>();
        var v2 = new RatifiedParameterSet(2, """{"v":2}""", Hash32.Keccak("""{"v":2}"""));

        Assert.Null(await store.GetRatifiedAsync(Ct));
        await store.SetRatifiedAsync(new RatifiedParameterSet(1, """{"v":1}""", Hash32.Keccak("""{"v":1}""")), Ct);
        await store.SetRatifiedAsync(v2, Ct);
        await store.SetRatifiedAsync(new RatifiedParameterSet(2, """{"v":"other"}""", Hash32.Keccak("other")), Ct);
        await store.SetRatifiedAsync(new RatifiedParameterSet(1, """{"v":1}""", Hash32.Keccak("""{"v":1}""")), Ct);

        Assert.Equal(v2, await store.GetRatifiedAsync(Ct));
        Assert.Equal(2L, await database.ScalarAsync("SELECT count(*) FROM RatifiedParameterSets"));
    }

    [Theory]
    [InlineData(0, "{}", "ratified.version")]
    [InlineData(3, " ", "ratified.paramsJson")]
    public async Task SetRatified_InvalidField_RejectedNamingItAndNothingStored(long version, string json, string field)
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<ICommitteeStore>();

        var error = await Assert.ThrowsAsync<InputValidationException>(() => store.SetRatifiedAsync(new RatifiedParameterSet(version, json, Hash32.Zero), Ct));

        Assert.Equal(field, error.Errors[0].Field);
        Assert.Null(await store.GetRatifiedAsync(Ct));
    }
}
