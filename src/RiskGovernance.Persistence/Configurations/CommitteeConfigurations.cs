using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RiskGovernance.Persistence.Committees;

namespace RiskGovernance.Persistence.Configurations;

/// <summary>The CommitteeMembers table: the current committee, keyed by address.</summary>
internal sealed class CommitteeMemberConfiguration : IEntityTypeConfiguration<CommitteeMemberRow>
{
    public void Configure(EntityTypeBuilder<CommitteeMemberRow> builder)
    {
        builder.ToTable("CommitteeMembers");
        builder.HasKey(m => m.Address);
        builder.Property(m => m.Address).HasMaxLength(42);
        builder.Property(m => m.DisplayName).IsRequired().HasMaxLength(100);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
    }
}

/// <summary>The RatifiedParameterSets table: every ratified version, keyed by version.</summary>
internal sealed class RatifiedParameterSetConfiguration : IEntityTypeConfiguration<RatifiedParameterSetRow>
{
    public void Configure(EntityTypeBuilder<RatifiedParameterSetRow> builder)
    {
        builder.ToTable("RatifiedParameterSets");
        builder.HasKey(r => r.Version);
        builder.Property(r => r.Version).ValueGeneratedNever();
        builder.Property(r => r.ParamsJson).IsRequired();
        builder.Property(r => r.ParamsHash).HasMaxLength(66);
    }
}
