using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RiskGovernance.Persistence.History;

namespace RiskGovernance.Persistence.Configurations;

/// <summary>The MarketHistory table, keyed by (series, asset, date).</summary>
internal sealed class MarketHistoryConfiguration : IEntityTypeConfiguration<MarketHistoryRow>
{
    public void Configure(EntityTypeBuilder<MarketHistoryRow> builder)
    {
        builder.ToTable("MarketHistory", t => t.HasCheckConstraint("CK_MarketHistory_Value", "\"Value\" > 0"));
        builder.HasKey(e => new { e.Series, e.Asset, e.Date });
        builder.Property(e => e.Series).HasMaxLength(16);
        builder.Property(e => e.Asset).HasMaxLength(32);
    }
}
