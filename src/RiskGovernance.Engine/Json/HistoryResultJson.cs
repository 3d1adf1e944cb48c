using System.Globalization;
using System.Text.Json;
using RiskGovernance.Engine.Backtesting;
using RiskGovernance.Engine.Estimation;
using RiskGovernance.Engine.Stress;

namespace RiskGovernance.Engine.Json;

/// <summary>The EWMA estimate (output of <c>riskgov history estimate</c>): <c>{asOf, lambda,
/// windowDays, returns, assets: [{asset, volatility}], correlation: {assets, matrix}}</c>, plus,
/// when compared with a parameter set, <c>comparison: {assets: [{asset, estimatedVolatility,
/// scanRange, scanRangeInDailySigmas}], pairs: [{first, second, estimated, proposed, difference}],
/// maxAbsCorrelationDifference}</c>.</summary>
public static class EstimateJson
{
    /// <summary>Writes an estimate, with the comparison when given.</summary>
    public static void Write(Utf8JsonWriter writer, EwmaEstimate estimate, EstimateComparison? comparison = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(estimate);
        writer.WriteStartObject();
        writer.WriteString("asOf", Date(estimate.AsOf));
        writer.Number("lambda", estimate.Lambda);
        writer.WriteNumber("windowDays", estimate.WindowDays);
        writer.WriteNumber("returns", estimate.Returns);
        writer.WriteStartArray("assets");
        for (var i = 0; i < estimate.Assets.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("asset", estimate.Assets[i]);
            writer.Number("volatility", estimate.Volatilities[i]);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartObject("correlation");
        writer.WriteStartArray("assets");
        foreach (var a in estimate.Assets)
        {
            writer.WriteStringValue(a);
        }
        writer.WriteEndArray();
        writer.NumberMatrix("matrix", estimate.Correlation);
        writer.WriteEndObject();
        if (comparison is not null)
        {
            writer.WriteStartObject("comparison");
            writer.WriteStartArray("assets");
            foreach (var a in comparison.Assets)
            {
                writer.WriteStartObject();
                writer.WriteString("asset", a.Asset);
                writer.Number("estimatedVolatility", a.EstimatedVolatility);
                writer.Number("scanRange", a.ScanRange);
                writer.Number("scanRangeInDailySigmas", a.ScanRangeInDailySigmas);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("pairs");
            foreach (var pair in comparison.Pairs)
            {
                writer.WriteStartObject();
                writer.WriteString("first", pair.First);
                writer.WriteString("second", pair.Second);
                writer.Number("estimated", pair.Estimated);
                writer.Number("proposed", pair.Proposed);
                writer.Number("difference", pair.Difference);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.Number("maxAbsCorrelationDifference", comparison.MaxAbsCorrelationDifference);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes the JSON text into a stream (UTF-8, indented, final newline).</summary>
    public static void WriteTo(Stream stream, EwmaEstimate estimate, EstimateComparison? comparison = null) =>
        JsonOutput.ToStream(stream, true, w => Write(w, estimate, comparison));

    internal static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The stress result (output of <c>riskgov stress</c>): the window and per-asset moves, the
/// assumptions, and per parameter set (<c>current</c>, <c>proposed</c> or null) the accounts, totals,
/// correlation stress and cascade.</summary>
public static class StressResultJson
{
    /// <summary>Writes the result.</summary>
    public static void Write(Utf8JsonWriter writer, StressResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        var w = result.Move.Window;
        writer.WriteStartObject();
        writer.WriteStartObject("window");
        writer.WriteString("name", w.Name);
        writer.WriteString("start", EstimateJson.Date(w.Start));
        writer.WriteString("end", EstimateJson.Date(w.End));
        writer.WriteString("baseDate", EstimateJson.Date(w.BaseDate));
        writer.WriteNumber("days", w.Days);
        writer.WriteEndObject();
        writer.WriteStartArray("moves");
        foreach (var m in result.Move.Assets)
        {
            writer.WriteStartObject();
            writer.WriteString("asset", m.Asset);
            writer.Number("closeBefore", m.CloseBefore);
            writer.Number("closeAfter", m.CloseAfter);
            writer.Number("return", m.Return);
            writer.Number("volatilityMultiplier", m.VolatilityMultiplier);
            writer.WriteString("volatilitySource", m.VolatilitySource switch
            {
                VolatilitySource.Dvol => "dvol",
                VolatilitySource.BtcDvol => "btc-dvol",
                _ => "ewma",
            });
            if (m.Proxy is null)
            {
                writer.WriteNull("proxy");
            }
            else
            {
                writer.WriteString("proxy", m.Proxy);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WritePropertyName("assumptions");
        StressAssumptionsJson.Write(writer, result.Assumptions);
        writer.WritePropertyName("current");
        Side(writer, result.Current);
        writer.WritePropertyName("proposed");
        if (result.Proposed is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            Side(writer, result.Proposed);
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes the JSON text into a stream (UTF-8, indented, final newline).</summary>
    public static void WriteTo(Stream stream, StressResult result) => JsonOutput.ToStream(stream, true, w => Write(w, result));

    private static void Side(Utf8JsonWriter writer, StressSide side)
    {
        writer.WriteStartObject();
        var t = side.Totals;
        writer.WriteStartObject("totals");
        writer.WriteNumber("accounts", t.Accounts);
        writer.Number("loss", t.Loss);
        writer.Number("equityBefore", t.EquityBefore);
        writer.Number("equityAfter", t.EquityAfter);
        writer.Number("initialMarginBefore", t.InitialMarginBefore);
        writer.WriteNumber("accountsWithLoss", t.AccountsWithLoss);
        writer.WriteNumber("accountsLossCoveredByMargin", t.AccountsLossCovered);
        if (t.ShareLossCovered is { } share)
        {
            writer.Number("shareLossCoveredByMargin", share);
        }
        else
        {
            writer.WriteNull("shareLossCoveredByMargin");
        }
        writer.WriteNumber("accountsWipedOut", t.AccountsWipedOut);
        writer.Number("badDebt", t.BadDebt);
        writer.Number("insuranceFund", t.InsuranceFund);
        writer.Number("shortfall", t.Shortfall);
        writer.WriteStartObject("statusAfter");
        foreach (var status in JsonNames.Statuses)
        {
            writer.WriteNumber(JsonNames.Of(status), t.StatusAfter[status]);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();

        var c = side.CorrelationStress;
        writer.WriteStartObject("correlationStress");
        CorrelationSide(writer, "towardsOne", c.TowardsOne);
        CorrelationSide(writer, "towardsZero", c.TowardsZero);
        writer.WriteString("worse", c.Worse == CorrelationDirection.TowardsOne ? "towards-one" : "towards-zero");
        writer.WriteEndObject();

        var k = side.Cascade;
        writer.WriteStartObject("cascade");
        writer.WriteNumber("accountsLiquidated", k.AccountsLiquidated);
        writer.Number("liquidatedNotional", k.LiquidatedNotional);
        writer.Number("badDebt", k.BadDebt);
        writer.Number("insuranceFundLeft", k.InsuranceFundLeft);
        writer.Number("shortfall", k.Shortfall);
        writer.WriteBoolean("converged", k.Converged);
        writer.WriteStartArray("rounds");
        foreach (var r in k.Rounds)
        {
            writer.WriteStartObject();
            writer.WriteNumber("round", r.Round);
            writer.WriteNumber("accountsLiquidated", r.AccountsLiquidated);
            writer.Number("liquidatedNotional", r.LiquidatedNotional);
            writer.Number("badDebt", r.BadDebt);
            writer.WriteStartArray("priceMoves");
            foreach (var m in r.PriceMoves)
            {
                writer.WriteStartObject();
                writer.WriteString("asset", m.Asset);
                writer.Number("netNotional", m.NetNotional);
                writer.Number("move", m.Move);
                writer.Number("priceAfter", m.PriceAfter);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartArray("accounts");
        foreach (var a in side.Accounts)
        {
            writer.WriteStartObject();
            writer.WriteString("id", a.Id);
            writer.Number("loss", a.Loss);
            writer.Number("equityBefore", a.EquityBefore);
            writer.Number("equityAfter", a.EquityAfter);
            writer.Number("initialMarginBefore", a.InitialMarginBefore);
            writer.WriteBoolean("lossCoveredByMargin", a.LossCoveredByMargin);
            writer.WriteBoolean("wipedOut", a.WipedOut);
            writer.WriteString("statusAfter", JsonNames.Of(a.StatusAfter));
            writer.WriteEndObject();
            JsonOutput.FlushEvery(writer);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void CorrelationSide(Utf8JsonWriter writer, string name, CorrelationStressSide side)
    {
        writer.WriteStartObject(name);
        writer.Number("initialMargin", side.InitialMargin);
        writer.Number("changeInitialMargin", side.ChangeInitialMargin);
        writer.WriteNumber("accountsBelowInitialMargin", side.AccountsBelowInitialMargin);
        writer.WriteNumber("accountsLiquidatable", side.AccountsLiquidatable);
        writer.WriteEndObject();
    }
}

/// <summary>The backtest result (output of <c>riskgov backtest</c>).</summary>
public static class BacktestResultJson
{
    /// <summary>Writes the result.</summary>
    public static void Write(Utf8JsonWriter writer, BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WriteString("method", JsonNames.Of(result.Method));
        writer.WriteString("from", EstimateJson.Date(result.From));
        writer.WriteString("to", EstimateJson.Date(result.To));
        writer.WriteNumber("horizonDays", result.HorizonDays);
        writer.Number("lambda", result.Lambda);
        writer.Number("expectedExceptionRate", result.ExpectedExceptionRate);
        writer.WriteNumber("dates", result.Dates.Count);
        writer.WriteNumber("skippedDates", result.SkippedDates);
        if (result.Dates.Count > 0)
        {
            writer.WriteString("firstDate", EstimateJson.Date(result.Dates[0]));
            writer.WriteString("lastDate", EstimateJson.Date(result.Dates[^1]));
        }
        var s = result.Summary;
        writer.WriteStartObject("summary");
        writer.WriteNumber("portfolios", s.Portfolios);
        writer.WriteNumber("green", s.Green);
        writer.WriteNumber("yellow", s.Yellow);
        writer.WriteNumber("red", s.Red);
        writer.WriteNumber("observations", s.Observations);
        writer.WriteNumber("exceptions", s.Exceptions);
        writer.WriteEndObject();
        writer.WriteStartArray("portfolios");
        foreach (var p in result.Portfolios)
        {
            writer.WriteStartObject();
            writer.WriteString("id", p.Id);
            writer.WriteNumber("observations", p.Observations);
            writer.WriteNumber("exceptions", p.Exceptions);
            writer.Number("exceptionRate", p.ExceptionRate);
            writer.WriteStartObject("kupiec");
            writer.Number("likelihoodRatio", p.Kupiec.LikelihoodRatio);
            writer.Number("pValue", p.Kupiec.PValue);
            writer.WriteEndObject();
            var c = p.Christoffersen;
            writer.WriteStartObject("christoffersen");
            writer.WriteNumber("n00", c.N00);
            writer.WriteNumber("n01", c.N01);
            writer.WriteNumber("n10", c.N10);
            writer.WriteNumber("n11", c.N11);
            writer.Number("independenceLikelihoodRatio", c.IndependenceLikelihoodRatio);
            writer.Number("independencePValue", c.IndependencePValue);
            writer.Number("conditionalCoverageLikelihoodRatio", c.ConditionalCoverageLikelihoodRatio);
            writer.Number("conditionalCoveragePValue", c.ConditionalCoveragePValue);
            writer.WriteEndObject();
            writer.WriteString("trafficLight", p.TrafficLight switch
            {
                TrafficLight.Green => "green",
                TrafficLight.Yellow => "yellow",
                _ => "red",
            });
            writer.WriteStartArray("exceptionDates");
            foreach (var d in p.ExceptionDates)
            {
                writer.WriteStringValue(EstimateJson.Date(d));
            }
            writer.WriteEndArray();
            if (p.Series is not null)
            {
                writer.WriteStartArray("series");
                foreach (var day in p.Series)
                {
                    writer.WriteStartObject();
                    writer.WriteString("date", EstimateJson.Date(day.Date));
                    writer.Number("initialMargin", day.InitialMargin);
                    writer.Number("loss", day.Loss);
                    writer.WriteBoolean("exception", day.Exception);
                    writer.WriteEndObject();
                    JsonOutput.FlushEvery(writer);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            JsonOutput.FlushEvery(writer);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes the JSON text into a stream (UTF-8, indented, final newline).</summary>
    public static void WriteTo(Stream stream, BacktestResult result) => JsonOutput.ToStream(stream, true, w => Write(w, result));
}
