using RiskGovernance.Engine.Model;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Governance.Simulation;

/// <summary>
/// The checks a book and market snapshot passes before it is stored (after its texts are read): the
/// book has an account, and, when a parameter set is in force, every proposal can be simulated on it
/// (the book's assets are in the market, the set covers the market's assets).
/// </summary>
public static class SnapshotValidation
{
    /// <summary>Throws <see cref="InputValidationException"/> with every problem, each naming its field.</summary>
    /// <param name="market">The market snapshot.</param>
    /// <param name="book">The book.</param>
    /// <param name="ratified">The parameter set in force, to check against; null when none is.</param>
    public static void Check(MarketSnapshot market, Book book, ParameterSet? ratified)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(book);
        if (book.Accounts.Count == 0)
        {
            throw new InputValidationException("book.accounts", "must hold at least one account");
        }

        if (ratified is null)
        {
            return;
        }

        List<ValidationError> errors;
        try
        {
            MarginInputs.Create(market, ratified, book);
            return;
        }
        catch (InputValidationException e)
        {
            errors = [.. e.Errors];
        }

        // The price history a historical method needs is the portal's own, not the upload's.
        errors.RemoveAll(e => e.Field == "history");
        if (errors.Count > 0)
        {
            throw new InputValidationException(errors.Select(AgainstRatified).ToArray());
        }
    }

    // A problem of the ratified set against this market (an asset it covers that the market lacks)
    // is the market's problem here: the upload must fit the set in force.
    private static ValidationError AgainstRatified(ValidationError error)
        => error.Field.StartsWith("params.", StringComparison.Ordinal)
            ? new ValidationError("market.assets", $"the ratified parameter set in force covers {error.Field["params.".Length..]}: {error.Message}")
            : error;
}
