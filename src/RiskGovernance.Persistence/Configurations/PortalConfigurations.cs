using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RiskGovernance.Persistence.Portal;

namespace RiskGovernance.Persistence.Configurations;

/// <summary>The BookSnapshots table.</summary>
internal sealed class BookSnapshotConfiguration : IEntityTypeConfiguration<BookSnapshotRow>
{
    public void Configure(EntityTypeBuilder<BookSnapshotRow> builder)
    {
        builder.ToTable("BookSnapshots");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedOnAdd();
        builder.Property(b => b.MarketJson).IsRequired();
        builder.Property(b => b.MarketHash).HasMaxLength(66);
        builder.Property(b => b.BookHash).HasMaxLength(66);
        builder.Property(b => b.BookFile).HasMaxLength(100);
        builder.Property(b => b.BookFileSha256).HasMaxLength(66);
        builder.Property(b => b.BookJson).IsRequired(false);
        builder.HasIndex(b => b.BookHash);
        builder.Property(b => b.Source).IsRequired().HasMaxLength(500);
    }
}

/// <summary>The StoredResults table.</summary>
internal sealed class StoredResultConfiguration : IEntityTypeConfiguration<StoredResultRow>
{
    public void Configure(EntityTypeBuilder<StoredResultRow> builder)
    {
        builder.ToTable("StoredResults");
        builder.HasKey(r => r.Key);
        builder.Property(r => r.Key).HasMaxLength(66);
        builder.Property(r => r.Kind).IsRequired().HasMaxLength(32);
        builder.Property(r => r.ResultGzip).IsRequired();
        builder.Property(r => r.ResultHash).HasMaxLength(66);
    }
}
