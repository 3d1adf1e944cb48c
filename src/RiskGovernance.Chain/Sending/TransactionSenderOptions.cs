namespace RiskGovernance.Chain.Sending;

/// <summary>Policy of <see cref="TransactionSender"/> (configuration section <see cref="SectionName"/>).</summary>
public sealed class TransactionSenderOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Chain:Sender";

    /// <summary>Added to the gas estimate, in percent (anvil's estimates are exact).</summary>
    public int GasMarginPercent { get; set; } = 20;

    /// <summary>maxFeePerGas = next base fee * this + tip.</summary>
    public int BaseFeeMultiplier { get; set; } = 2;

    /// <summary>Lower bound of the tip, in wei (default 1 gwei).</summary>
    public long MinPriorityFeePerGas { get; set; } = 1_000_000_000;

    /// <summary>Confirmations to wait for (1 = mined).</summary>
    public int Confirmations { get; set; } = 1;

    /// <summary>How many times a "nonce too low" rejection is retried with a fresh nonce.</summary>
    public int MaxNonceRetries { get; set; } = 3;

    /// <summary>The problems with these settings, each naming the property; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (GasMarginPercent is < 0 or > 500)
        {
            errors.Add($"{SectionName}:{nameof(GasMarginPercent)}: must be in [0, 500] (was {GasMarginPercent}).");
        }

        if (BaseFeeMultiplier is < 1 or > 10)
        {
            errors.Add($"{SectionName}:{nameof(BaseFeeMultiplier)}: must be in [1, 10] (was {BaseFeeMultiplier}).");
        }

        if (MinPriorityFeePerGas < 0)
        {
            errors.Add($"{SectionName}:{nameof(MinPriorityFeePerGas)}: must be >= 0.");
        }

        if (Confirmations is < 1 or > 100)
        {
            errors.Add($"{SectionName}:{nameof(Confirmations)}: must be in [1, 100] (was {Confirmations}).");
        }

        if (MaxNonceRetries is < 0 or > 10)
        {
            errors.Add($"{SectionName}:{nameof(MaxNonceRetries)}: must be in [0, 10] (was {MaxNonceRetries}).");
        }

        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems.</summary>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("options: " + string.Join(" ", errors), "options");
        }
    }
}
