using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Engine.Model;

public enum OptionRight
{
    Call,
    Put,
}

/// <summary>A position of an account; the underlying is <see cref="Asset"/>.</summary>
public abstract record Position(string Asset, double Quantity);

/// <summary>A perpetual (or future): quantity q (+ long, - short) entered at price E.</summary>
public sealed record PerpPosition(string Asset, double Quantity, double EntryPrice) : Position(Asset, Quantity);

/// <summary>A European cash-settled option on one unit of the underlying per contract.</summary>
public sealed record OptionPosition(string Asset, OptionRight Right, double Strike, double ExpiryDays, double Quantity)
    : Position(Asset, Quantity);

/// <summary>A collateral balance of an account (amount &gt;= 0).</summary>
public sealed record CollateralBalance(string Asset, double Amount);

/// <summary>An account: collateral and positions, in the order given.</summary>
public sealed record Account(string Id, IReadOnlyList<CollateralBalance> Collateral, IReadOnlyList<Position> Positions);

/// <summary>A validated book of accounts. Validation here covers what the book says of itself
/// (finite numbers, signs, unique ids); the checks against a market and a parameter set are in
/// <see cref="MarginInputs"/>.</summary>
public sealed class Book
{
    private Book(IReadOnlyList<Account> accounts) => Accounts = accounts;

    public IReadOnlyList<Account> Accounts { get; }

    public static Book Create(IEnumerable<Account> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var list = accounts.ToArray();
        var errors = new ValidationErrors();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Length; i++)
        {
            var a = list[i];
            var path = $"book.accounts[{i}]";
            if (a is null)
            {
                errors.Add(path, "must be an object");
                continue;
            }
            if (string.IsNullOrWhiteSpace(a.Id))
            {
                errors.Add($"{path}.id", "must be a non-empty id");
            }
            else if (!ids.Add(a.Id))
            {
                errors.Add($"{path}.id", $"'{a.Id}' is used by an earlier account");
            }
            var assets = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in a.Collateral)
            {
                var cpath = $"{path}.collateral.{c.Asset}";
                if (!assets.Add(c.Asset))
                {
                    errors.Add(cpath, "is listed more than once");
                }
                errors.NonNegative(cpath, c.Amount);
            }
            for (var j = 0; j < a.Positions.Count; j++)
            {
                ValidatePosition(errors, $"{path}.positions[{j}]", a.Positions[j]);
            }
        }
        errors.ThrowIfAny();
        return new Book(list);
    }

    private static void ValidatePosition(ValidationErrors errors, string path, Position p)
    {
        if (p is null)
        {
            errors.Add(path, "must be an object");
            return;
        }
        if (string.IsNullOrWhiteSpace(p.Asset))
        {
            errors.Add($"{path}.asset", "must name an asset");
        }
        errors.Finite($"{path}.quantity", p.Quantity);
        switch (p)
        {
            case PerpPosition perp:
                errors.Positive($"{path}.entryPrice", perp.EntryPrice);
                break;
            case OptionPosition opt:
                errors.Positive($"{path}.strike", opt.Strike);
                errors.NonNegative($"{path}.expiryDays", opt.ExpiryDays);
                if (!Enum.IsDefined(opt.Right))
                {
                    errors.Add($"{path}.right", "must be call or put");
                }
                break;
            default:
                errors.Add($"{path}.type", "must be perp or option");
                break;
        }
    }
}
