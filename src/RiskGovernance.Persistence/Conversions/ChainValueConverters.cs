using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RiskGovernance.Primitives;

namespace RiskGovernance.Persistence.Conversions;

/// <summary>A <see cref="Hash32"/> column as its 0x-prefixed lowercase hex text.</summary>
internal sealed class Hash32Converter() : ValueConverter<Hash32, string>(h => h.ToString(), s => Hash32.Parse(s, "hash"));

/// <summary>An <see cref="Address"/> column as its EIP-55 text.</summary>
internal sealed class AddressConverter() : ValueConverter<Address, string>(a => a.ToString(), s => Address.Parse(s, "address"));
