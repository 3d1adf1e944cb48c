using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Persistence.Sessions;
using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Tests;

/// <summary>The portal's sign-in sessions on a real migrated SQLite file.</summary>
public sealed class SessionStoreTests(TemporaryDirectory directory) : IClassFixture<TemporaryDirectory>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static string NewHash() => Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(32)));

    private static SessionRecord Session(Address address, DateTimeOffset at, TimeSpan? lifetime = null, string? hash = null)
        => new(0, hash ?? NewHash(), address, "browser", 31337, true, "test agent", at, at, at + (lifetime ?? TimeSpan.FromHours(8)), null, null);

    [Fact]
    public async Task Create_ThenFindByHash_RoundTripsAndListsActiveNewestFirst()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<SqliteSessionStore>();
        var me = DevelopmentKeys.Key(1).Address;
        var first = await store.CreateAsync(Session(me, T0), Ct);
        var second = await store.CreateAsync(Session(me, T0.AddMinutes(5)), Ct);
        await store.CreateAsync(Session(DevelopmentKeys.Key(2).Address, T0), Ct);

        var found = await store.FindAsync(first.TokenHash, Ct);
        var active = await store.ListActiveAsync(me, T0.AddMinutes(10), Ct);

        Assert.Equal(first, found);
        Assert.True(found!.IsActiveAt(T0.AddMinutes(1)));
        Assert.Equal([second.Id, first.Id], active.Select(s => s.Id));
        Assert.Null(await store.FindAsync(NewHash(), Ct));
    }

    [Fact]
    public async Task Revoke_OnlyByTheOwnerAndOnlyOnce()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<SqliteSessionStore>();
        var me = DevelopmentKeys.Key(1).Address;
        var session = await store.CreateAsync(Session(me, T0), Ct);

        var byOther = await store.RevokeAsync(session.Id, DevelopmentKeys.Key(2).Address, T0.AddMinutes(1), "revoked", Ct);
        var byOwner = await store.RevokeAsync(session.Id, me, T0.AddMinutes(2), "signed out", Ct);
        var again = await store.RevokeAsync(session.Id, me, T0.AddMinutes(3), "signed out", Ct);
        var row = await store.FindAsync(session.TokenHash, Ct);

        Assert.False(byOther);
        Assert.True(byOwner);
        Assert.False(again);
        Assert.Equal((T0.AddMinutes(2), "signed out"), (row!.RevokedAt!.Value, row.RevokedReason));
        Assert.False(row.IsActiveAt(T0.AddMinutes(2)));
        Assert.Empty(await store.ListActiveAsync(me, T0.AddMinutes(4), Ct));
    }

    [Fact]
    public async Task RevokeAll_EndsEverySessionOfThatAddressOnly()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<SqliteSessionStore>();
        var me = DevelopmentKeys.Key(1).Address;
        var other = DevelopmentKeys.Key(2).Address;
        await store.CreateAsync(Session(me, T0), Ct);
        await store.CreateAsync(Session(me, T0), Ct);
        var theirs = await store.CreateAsync(Session(other, T0), Ct);

        var revoked = await store.RevokeAllAsync(me, T0.AddMinutes(1), "signed out everywhere", Ct);

        Assert.Equal(2, revoked);
        Assert.Empty(await store.ListActiveAsync(me, T0.AddMinutes(2), Ct));
        Assert.Equal([theirs.Id], (await store.ListActiveAsync(other, T0.AddMinutes(2), Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task ListActive_PastTheEnd_NotListed_AndTouchMovesLastSeenForwardOnly()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<SqliteSessionStore>();
        var me = DevelopmentKeys.Key(1).Address;
        var session = await store.CreateAsync(Session(me, T0, TimeSpan.FromHours(1)), Ct);

        await store.TouchAsync(session.Id, T0.AddMinutes(30), Ct);
        await store.TouchAsync(session.Id, T0.AddMinutes(10), Ct);

        Assert.Equal(T0.AddMinutes(30), (await store.FindAsync(session.TokenHash, Ct))!.LastSeenAt);
        Assert.Single(await store.ListActiveAsync(me, T0.AddMinutes(59), Ct));
        Assert.Empty(await store.ListActiveAsync(me, T0.AddHours(1), Ct));
    }

    [Theory]
    [InlineData("abc", "session.tokenHash")]
    [InlineData("0x1111111111111111111111111111111111111111111111111111111111111111", "session.tokenHash")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "session.tokenHash")]
    public async Task Create_NotASha256_RefusedNamingTheFieldAndNothingStored(string hash, string field)
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<SqliteSessionStore>();

        var error = await Assert.ThrowsAsync<InputValidationException>(() => store.CreateAsync(Session(DevelopmentKeys.Key(1).Address, T0, hash: hash), Ct));

        Assert.Equal(field, error.Errors.Single().Field);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM Sessions"));
    }

    [Fact]
    public async Task Create_SameTokenHashTwice_SecondRefusedByTheUniqueIndex()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<SqliteSessionStore>();
        var hash = NewHash();
        await store.CreateAsync(Session(DevelopmentKeys.Key(1).Address, T0, hash: hash), Ct);

        await Assert.ThrowsAsync<DbUpdateException>(() => store.CreateAsync(Session(DevelopmentKeys.Key(2).Address, T0, hash: hash), Ct));

        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM Sessions"));
    }

    [Fact]
    public async Task Create_OldEndedRowsAreForgotten()
    {
        await using var database = await TestDatabase.CreateAsync(directory);
        var store = database.Services.GetRequiredService<SqliteSessionStore>();
        var old = await store.CreateAsync(Session(DevelopmentKeys.Key(1).Address, T0), Ct);

        await store.CreateAsync(Session(DevelopmentKeys.Key(1).Address, T0 + SqliteSessionStore.Retention + TimeSpan.FromDays(1)), Ct);

        Assert.Null(await store.FindAsync(old.TokenHash, Ct));
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM Sessions"));
    }
}
