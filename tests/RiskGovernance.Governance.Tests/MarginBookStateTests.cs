using System.Numerics;
using RiskGovernance.Engine.Model;
using RiskGovernance.Governance.MarginBook;
using RiskGovernance.Primitives;

namespace RiskGovernance.Governance.Tests;

/// <summary>The indexed margin state as the engine's book: ids, ordering, units, expiry days, zero balances.</summary>
public sealed class MarginBookStateTests
{
    private static readonly BigInteger One = BigInteger.Pow(10, 18);
    private static readonly DateTimeOffset AsOf = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Address A = Address.Parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    private static readonly Address B = Address.Parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");

    [Fact]
    public void ToBook_BalancesAndPositions_AccountsByAddressCollateralByAssetPositionsById()
    {
        var state = new MarginBookState(null,
            [new MarginCollateral(A, "USDC", 250_000 * One), new MarginCollateral(A, "BTC", 5 * One / 2), new MarginCollateral(B, "ETH", One / 8)],
            [
                new MarginPosition(7, A, "ETH", MarginPositionKind.Option, OptionRight.Put, -25 * One, 1_200 * One, AsOf.AddDays(30)),
                new MarginPosition(3, A, "BTC", MarginPositionKind.Perp, null, -2 * One, 19_000 * One, null),
                new MarginPosition(4, B, "SOL", MarginPositionKind.Option, OptionRight.Call, One, 30 * One, AsOf.AddHours(-1)),
            ]);

        var book = state.ToBook(AsOf);

        Assert.Equal([B.ToString(), A.ToString()], book.Accounts.Select(a => a.Id));
        var a = book.Accounts[1];
        Assert.Equal([new CollateralBalance("BTC", 2.5), new CollateralBalance("USDC", 250_000)], a.Collateral);
        Assert.Equal<Position>([new PerpPosition("BTC", -2, 19_000), new OptionPosition("ETH", OptionRight.Put, 1_200, 30, -25)], a.Positions);
        Assert.Equal([new CollateralBalance("ETH", 0.125)], book.Accounts[0].Collateral);
        // An option past its expiry is kept with zero days left.
        Assert.Equal(new OptionPosition("SOL", OptionRight.Call, 30, 0, 1), book.Accounts[0].Positions.Single());
    }

    [Fact]
    public void ToBook_ZeroBalanceOnly_AccountLeftOut()
    {
        var state = new MarginBookState(null, [new MarginCollateral(A, "BTC", BigInteger.Zero)], []);

        Assert.Empty(state.ToBook(AsOf).Accounts);
    }

    [Theory]
    [InlineData("2500000000000000000", 2.5)]
    [InlineData("-3000000000000000000", -3.0)]
    [InlineData("1", 1e-18)]
    [InlineData("123456789000000000000000", 123_456.789)]
    public void ToDouble_EighteenDecimalInteger_TheNumberItStandsFor(string raw, double expected)
        => Assert.Equal(expected, MarginBookState.ToDouble(BigInteger.Parse(raw, System.Globalization.CultureInfo.InvariantCulture)));
}
