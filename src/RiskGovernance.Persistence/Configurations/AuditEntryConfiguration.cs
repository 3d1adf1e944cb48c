using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RiskGovernance.Persistence.Audit;

namespace RiskGovernance.Persistence.Configurations;

/// <summary>The AuditEntries table: keyed by sequence (no auto-increment: the appender assigns it).</summary>
internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntryRow>
{
    public void Configure(EntityTypeBuilder<AuditEntryRow> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Time).IsRequired();
        builder.Property(e => e.Actor).IsRequired().HasMaxLength(200);
        builder.Property(e => e.Action).IsRequired().HasMaxLength(100);
        builder.Property(e => e.Subject).IsRequired().HasMaxLength(200);
        builder.Property(e => e.PayloadJson).IsRequired();
        builder.Property(e => e.PrevHash).IsRequired().HasMaxLength(66);
        builder.Property(e => e.Hash).IsRequired().HasMaxLength(66);
        builder.HasIndex(e => e.Hash).IsUnique();
        builder.HasIndex(e => e.Subject);
    }
}

/// <summary>The AuditHead table: one row holding the last sequence and hash.</summary>
internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHeadRow>
{
    public void Configure(EntityTypeBuilder<AuditHeadRow> builder)
    {
        builder.ToTable("AuditHead", t => t.HasCheckConstraint("CK_AuditHead_Single", "\"Id\" = 1"));
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Hash).IsRequired().HasMaxLength(66);
    }
}
