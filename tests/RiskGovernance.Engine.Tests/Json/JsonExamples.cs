using System.Text.Json.Nodes;

namespace RiskGovernance.Engine.Tests.Json;

/// <summary>The example inputs of FORMATS.md (as shipped beside the CLI), and a way to make a
/// variant of one by editing its JSON tree.</summary>
internal static class JsonExamples
{
    public const string Market = """
{
  "asOf": "2022-11-08",
  "assets": [
    { "symbol": "BTC",  "price": 18547.23, "volatility": 0.7666 },
    { "symbol": "ETH",  "price": 1334.77,  "volatility": 1.0485 },
    { "symbol": "SOL",  "price": 24.38,    "volatility": 1.20 },
    { "symbol": "USDC", "price": 1.0,      "volatility": 0.0 }
  ]
}
""";

    public const string Params = """
{
  "method": "grid",
  "imMultiplier": 1.0,
  "mmRatio": 0.6,
  "liquidationRatio": 0.8,
  "shortOptionMinimum": 0.01,
  "correlationStress": 0.0,
  "grid": { "steps": 3, "extremeMultiple": 3.0, "extremeCoverage": 0.33,
            "vegaPowerShort": 0.3, "vegaPowerLong": 0.13, "dteFloorDays": 1.0, "volFloor": 0.05 },
  "simulation": { "measure": "ES", "confidence": 0.99, "horizonDays": 1, "scenarios": 10000,
                  "seed": 42, "distribution": "normal", "degreesOfFreedom": 4, "historyDays": 730 },
  "assets": {
    "BTC": { "scanRange": 0.15, "volUp": 0.5, "volDown": 0.25, "haircut": 0.05 },
    "ETH": { "scanRange": 0.20, "volUp": 0.6, "volDown": 0.25, "haircut": 0.10 },
    "SOL": { "scanRange": 0.30, "volUp": 0.8, "volDown": 0.30, "haircut": 0.25 }
  },
  "correlation": {
    "assets": ["BTC", "ETH", "SOL"],
    "matrix": [[1.0, 0.85, 0.70], [0.85, 1.0, 0.75], [0.70, 0.75, 1.0]]
  }
}
""";

    public const string Book = """
{
  "accounts": [
    { "id": "0x8ba1f109551bd432803012645ac136ddd64dba72",
      "collateral": { "USDC": 250000, "BTC": 2.0 },
      "positions": [
        { "type": "perp",   "asset": "BTC", "quantity": -2.0, "entryPrice": 19000 },
        { "type": "option", "asset": "ETH", "right": "put", "strike": 1200, "expiryDays": 30, "quantity": -25 }
      ] },
    { "id": "0x71c7656ec7ab88b098defb751b7401b5f6d8976f",
      "collateral": { "USDC": 40000 },
      "positions": [
        { "type": "perp", "asset": "ETH", "quantity": 30.0, "entryPrice": 1500 },
        { "type": "perp", "asset": "SOL", "quantity": -800.0, "entryPrice": 30 },
        { "type": "option", "asset": "ETH", "right": "put", "strike": 1300, "expiryDays": 7, "quantity": 30 }
      ] },
    { "id": "0xdd2fd4581271e230360230f9337d5c0430bf44c0",
      "collateral": { "SOL": 5000 },
      "positions": [
        { "type": "option", "asset": "SOL", "right": "call", "strike": 30, "expiryDays": 2, "quantity": -4000 }
      ] }
  ]
}
""";

    /// <summary>The example with one change made to its JSON tree.</summary>
    public static string Edit(string json, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    /// <summary>Sets the property at a dotted path such as "grid.steps" or "assets.BTC.scanRange"
    /// (array items as "accounts.0.positions.1.strike"; the index one past the end appends); a null
    /// value writes JSON null.</summary>
    public static string Set(string json, string path, JsonNode? value) => Edit(json, root =>
    {
        var (parent, last) = Walk(root, path);
        if (parent is JsonArray array)
        {
            var index = int.Parse(last, System.Globalization.CultureInfo.InvariantCulture);
            if (index == array.Count)
            {
                array.Add(value);
            }
            else
            {
                array[index] = value;
            }
        }
        else
        {
            parent[last] = value;
        }
    });

    /// <summary>Removes the property at a dotted path.</summary>
    public static string Remove(string json, string path) => Edit(json, root =>
    {
        var (parent, last) = Walk(root, path);
        parent.AsObject().Remove(last);
    });

    private static (JsonNode Parent, string Last) Walk(JsonNode root, string path)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = node is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!;
        }
        return (node, parts[^1]);
    }
}
