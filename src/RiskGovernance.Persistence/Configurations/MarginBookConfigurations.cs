using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RiskGovernance.Persistence.MarginBook;

namespace RiskGovernance.Persistence.Configurations;

/// <summary>The MarginIndexCursors table, one row per contract.</summary>
internal sealed class MarginIndexCursorConfiguration : IEntityTypeConfiguration<MarginIndexCursorRow>
{
    public void Configure(EntityTypeBuilder<MarginIndexCursorRow> builder)
    {
        builder.ToTable("MarginIndexCursors");
        builder.HasKey(e => e.Contract);
        builder.Property(e => e.Contract).HasMaxLength(42);
        builder.Property(e => e.BlockHash).HasMaxLength(66);
    }
}

/// <summary>The MarginIndexBlocks table, key (contract, number).</summary>
internal sealed class MarginIndexBlockConfiguration : IEntityTypeConfiguration<MarginIndexBlockRow>
{
    public void Configure(EntityTypeBuilder<MarginIndexBlockRow> builder)
    {
        builder.ToTable("MarginIndexBlocks");
        builder.HasKey(e => new { e.Contract, e.Number });
        builder.Property(e => e.Contract).HasMaxLength(42);
        builder.Property(e => e.Hash).HasMaxLength(66);
    }
}

/// <summary>The MarginCollateralChanges table, key (contract, block, log index).</summary>
internal sealed class MarginCollateralChangeConfiguration : IEntityTypeConfiguration<MarginCollateralChangeRow>
{
    public void Configure(EntityTypeBuilder<MarginCollateralChangeRow> builder)
    {
        builder.ToTable("MarginCollateralChanges");
        builder.HasKey(e => new { e.Contract, e.BlockNumber, e.LogIndex });
        builder.HasIndex(e => new { e.Contract, e.Account, e.Asset });
        builder.Property(e => e.Contract).HasMaxLength(42);
        builder.Property(e => e.Account).HasMaxLength(42);
        builder.Property(e => e.Asset).HasMaxLength(32);
        builder.Property(e => e.Amount).HasMaxLength(80);
        builder.Property(e => e.Balance).HasMaxLength(80);
    }
}

/// <summary>The MarginPositions table, key (contract, position id).</summary>
internal sealed class MarginPositionConfiguration : IEntityTypeConfiguration<MarginPositionRow>
{
    public void Configure(EntityTypeBuilder<MarginPositionRow> builder)
    {
        builder.ToTable("MarginPositions");
        builder.HasKey(e => new { e.Contract, e.PositionId });
        builder.HasIndex(e => new { e.Contract, e.ClosedBlock });
        builder.Property(e => e.Contract).HasMaxLength(42);
        builder.Property(e => e.Account).HasMaxLength(42);
        builder.Property(e => e.Asset).HasMaxLength(32);
        builder.Property(e => e.Kind).HasMaxLength(8);
        builder.Property(e => e.Right).HasMaxLength(8);
        builder.Property(e => e.Quantity).HasMaxLength(80);
        builder.Property(e => e.Price).HasMaxLength(80);
    }
}
