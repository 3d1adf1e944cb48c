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
        var ids = new HashSet<string>(list.Length, StringComparer.Ordinal);
        for (var i = 0; i < list.Length; i++)
        {
            var a = list[i];
            if (a is null)
            {
                errors.Add($"book.accounts[{i}]", "must be an object");
                continue;
            }
            if (string.IsNullOrWhiteSpace(a.Id))
            {
                errors.Add($"book.accounts[{i}].id", "must be a non-empty id");
            }
            else if (!ids.Add(a.Id))
            {
                errors.Add($"book.accounts[{i}].id", $"'{a.Id}' is used by an earlier account");
            }
            // Paths are built only for a problem: a large valid book allocates nothing here.
            for (var c = 0; c < a.Collateral.Count; c++)
            {
                var balance = a.Collateral[c];
                for (var earlier = 0; earlier < c; earlier++)
                {
                    if (string.Equals(a.Collateral[earlier].Asset, balance.Asset, StringComparison.Ordinal))
                    {
                        errors.Add($"book.accounts[{i}].collateral.{balance.Asset}", "is listed more than once");
                        break;
                    }
                }
                if (!(double.IsFinite(balance.Amount) && balance.Amount >= 0))
                {
                    errors.NonNegative($"book.accounts[{i}].collateral.{balance.Asset}", balance.Amount);
                }
            }
            for (var j = 0; j < a.Positions.Count; j++)
            {
                if (!IsWellFormed(a.Positions[j]))
                {
                    ValidatePosition(errors, $"book.accounts[{i}].positions[{j}]", a.Positions[j]);
                }
            }
        }
        errors.ThrowIfAny();
        return new Book(list);
    }

    /// <summary>The same rules as <see cref="ValidatePosition"/>, without building any message.</summary>
    private static bool IsWellFormed(Position p) =>
        p is not null && !string.IsNullOrWhiteSpace(p.Asset) && double.IsFinite(p.Quantity) && p switch
        {
            PerpPosition perp => double.IsFinite(perp.EntryPrice) && perp.EntryPrice > 0,
            OptionPosition opt => double.IsFinite(opt.Strike) && opt.Strike > 0
                                  && double.IsFinite(opt.ExpiryDays) && opt.ExpiryDays >= 0 && Enum.IsDefined(opt.Right),
            _ => false,
        };

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
