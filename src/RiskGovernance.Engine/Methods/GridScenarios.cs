using RiskGovernance.Engine.Model;

namespace RiskGovernance.Engine.Methods;

/// <summary>Vol shock of a grid scenario.</summary>
internal enum VolShock
{
    Up,
    None,
    Down,
}

/// <summary>The scenarios of METHODOLOGY section 4, common to every unit: core moves
/// (i / n) * scanRange for i = -n..n, each with vol up, none and down (weight 1), then the two
/// extreme moves +/- extremeMultiple * scanRange with vol none (weight extremeCoverage). A move is
/// held in scan ranges, so the same list serves every asset.</summary>
internal sealed class GridScenarios
{
    private GridScenarios(double[] moves, VolShock[] shocks, double[] weights, int plusScan, int minusScan)
    {
        MovesInScanRanges = moves;
        Shocks = shocks;
        Weights = weights;
        PlusScan = plusScan;
        MinusScan = minusScan;
    }

    /// <summary>m / scanRange_u of each scenario.</summary>
    public double[] MovesInScanRanges { get; }

    public VolShock[] Shocks { get; }

    public double[] Weights { get; }

    public int Count => Weights.Length;

    /// <summary>The core scenario m = +scanRange, vol none.</summary>
    public int PlusScan { get; }

    /// <summary>The core scenario m = -scanRange, vol none.</summary>
    public int MinusScan { get; }

    public static GridScenarios Create(GridParameters grid)
    {
        var n = grid.Steps;
        var moves = new List<double>();
        var shocks = new List<VolShock>();
        var weights = new List<double>();
        int plus = -1, minus = -1;
        for (var i = -n; i <= n; i++)
        {
            foreach (var shock in new[] { VolShock.Up, VolShock.None, VolShock.Down })
            {
                if (shock == VolShock.None && i == n)
                {
                    plus = moves.Count;
                }
                if (shock == VolShock.None && i == -n)
                {
                    minus = moves.Count;
                }
                moves.Add((double)i / n);
                shocks.Add(shock);
                weights.Add(1.0);
            }
        }
        foreach (var sign in new[] { 1.0, -1.0 })
        {
            moves.Add(sign * grid.ExtremeMultiple);
            shocks.Add(VolShock.None);
            weights.Add(grid.ExtremeCoverage);
        }
        return new GridScenarios(moves.ToArray(), shocks.ToArray(), weights.ToArray(), plus, minus);
    }

    /// <summary>scale(T) = (30 / max(T, dteFloorDays))^p, p = vegaPowerShort if T &lt;= 30 else vegaPowerLong.</summary>
    public static double VolScale(GridParameters grid, double expiryDays)
    {
        var p = expiryDays <= 30 ? grid.VegaPowerShort : grid.VegaPowerLong;
        return Math.Pow(30.0 / Math.Max(expiryDays, grid.DteFloorDays), p);
    }

    /// <summary>The shocked volatility sigma' of an option of the unit.</summary>
    public static double ShockedVol(VolShock shock, double sigma, double scale, AssetRiskParameters asset, GridParameters grid) =>
        shock switch
        {
            VolShock.Up => sigma * (1 + (asset.VolUp * scale)),
            VolShock.Down => Math.Max(sigma * (1 - (asset.VolDown * scale)), Math.Min(sigma, grid.VolFloor)),
            _ => sigma,
        };
}
