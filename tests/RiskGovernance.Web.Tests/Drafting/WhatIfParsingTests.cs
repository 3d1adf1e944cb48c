using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Web.Drafting;

namespace RiskGovernance.Web.Tests.Drafting;

/// <summary>What-if input: typed rows and pasted JSON, every error naming its field.</summary>
public sealed class WhatIfParsingTests
{
    [Fact]
    public void FromRows_Valid_OneAccountWithPositions()
    {
        var book = WhatIfCalculator.FromRows(
            [new CollateralRow { Asset = "USDC", Amount = "250000" }],
            [
                new PositionRow { Asset = "BTC", Kind = "perp", Quantity = "-2", EntryPrice = "19000" },
                new PositionRow { Asset = "ETH", Kind = "option", Right = "put", Strike = "1200", ExpiryDays = "30", Quantity = "-25" },
            ]);

        var account = Assert.Single(book.Accounts);
        Assert.Equal(WhatIfCalculator.TypedAccountId, account.Id);
        Assert.Equal(new PerpPosition("BTC", -2, 19000), account.Positions[0]);
        Assert.Equal(new OptionPosition("ETH", OptionRight.Put, 1200, 30, -25), account.Positions[1]);
    }

    [Fact]
    public void FromRows_BadInput_EveryFieldNamed()
    {
        var e = Assert.Throws<InputValidationException>(() => WhatIfCalculator.FromRows(
            [new CollateralRow { Asset = "USDC", Amount = "lots" }],
            [
                new PositionRow { Asset = "BTC", Kind = "perp", Quantity = "1", EntryPrice = "" },
                new PositionRow { Asset = "ETH", Kind = "option", Right = "put", Strike = "12OO", ExpiryDays = "30", Quantity = "-1" },
            ]));

        Assert.Equal(
            ["collateral[0].amount", "positions[0].entryPrice", "positions[1].strike"],
            e.Errors.Select(x => x.Field));
        Assert.Contains(e.Errors, x => x.Message == "'12OO' is not a number (use a dot for decimals)");
    }

    [Fact]
    public void ParseJson_OneAccount_Wrapped()
    {
        var book = WhatIfCalculator.ParseJson("""{ "id": "0xabc", "collateral": { "USDC": 1000 }, "positions": [] }""");

        Assert.Equal("0xabc", Assert.Single(book.Accounts).Id);
    }

    [Fact]
    public void ParseJson_ArrayOfAccounts_Wrapped()
    {
        var book = WhatIfCalculator.ParseJson("""[{ "id": "a", "collateral": {}, "positions": [] }, { "id": "b", "collateral": {}, "positions": [] }]""");

        Assert.Equal(["a", "b"], book.Accounts.Select(a => a.Id));
    }

    [Fact]
    public void ParseJson_BadStrike_FieldNamed()
    {
        var e = Assert.Throws<InputValidationException>(() => WhatIfCalculator.ParseJson(
            """{ "accounts": [ { "id": "a", "collateral": {}, "positions": [ { "type": "option", "asset": "ETH", "right": "put", "strike": "x", "expiryDays": 30, "quantity": -1 } ] } ] }"""));

        Assert.Contains(e.Errors, x => x.Field == "book.accounts[0].positions[0].strike");
    }

    [Fact]
    public void ParseJson_Empty_Refused()
    {
        var e = Assert.Throws<InputValidationException>(() => WhatIfCalculator.ParseJson("  "));

        Assert.Equal("book", Assert.Single(e.Errors).Field);
    }
}
