using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RiskGovernance.Persistence.Push;

namespace RiskGovernance.Persistence.Configurations;

/// <summary>The PushJournal table, keyed by (registry, proposal id).</summary>
internal sealed class PushJournalConfiguration : IEntityTypeConfiguration<PushJournalRow>
{
    public void Configure(EntityTypeBuilder<PushJournalRow> builder)
    {
        builder.ToTable("PushJournal");
        builder.HasKey(e => new { e.Registry, e.ProposalId });
        builder.Property(e => e.Registry).HasMaxLength(42);
        builder.Property(e => e.ProposalId).HasMaxLength(66);
        builder.Property(e => e.QueueHash).HasMaxLength(66);
        builder.Property(e => e.QueueStatus).HasMaxLength(16);
        builder.Property(e => e.ExecuteHash).HasMaxLength(66);
        builder.Property(e => e.ExecuteStatus).HasMaxLength(16);
        builder.HasIndex(e => e.QueueHash).IsUnique();
        builder.HasIndex(e => e.ExecuteHash).IsUnique();
    }
}
