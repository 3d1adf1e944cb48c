using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RiskGovernance.Governance.Proposals;
using RiskGovernance.Governance.Simulation;
using RiskGovernance.Persistence.Conversions;

namespace RiskGovernance.Persistence.Configurations;

/// <summary>
/// The proposal aggregate: the Proposals table (Revision is the optimistic concurrency token), the
/// registry's rules at opening, a rules proposal's rules and bounds, and the simulation record as JSON columns, and its append-only owned
/// collections in their own tables keyed by (ProposalId, Ordinal): the timeline, the diff, the
/// proposed membership and the committee snapshot. Votes are configured in <see cref="VoteConfiguration"/>.
/// </summary>
internal sealed class ProposalConfiguration : IEntityTypeConfiguration<Proposal>
{
    /// <summary>The shadow position column of the owned collections and of votes.</summary>
    public const string Ordinal = "Ordinal";

    /// <summary>The owner key column of the owned collections.</summary>
    public const string ProposalId = "ProposalId";

    public void Configure(EntityTypeBuilder<Proposal> builder)
    {
        builder.ToTable("Proposals");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(66);
        builder.Property(p => p.Title).IsRequired().HasMaxLength(Proposal.MaxTitleLength);
        builder.Property(p => p.Rationale).IsRequired().HasMaxLength(Proposal.MaxRationaleLength);
        builder.Property(p => p.Author).HasMaxLength(42);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.ParamsHash).HasMaxLength(66);
        builder.Property(p => p.BaseParamsHash).HasMaxLength(66);
        builder.Property(p => p.PayloadHash).HasMaxLength(66);
        builder.Property(p => p.Salt).HasMaxLength(66);
        builder.Property(p => p.RebasedFrom).HasMaxLength(66);
        builder.Property(p => p.OpenTransactionHash).HasMaxLength(66);
        builder.Property(p => p.QueueTransactionHash).HasMaxLength(66);
        builder.Property(p => p.ExecuteTransactionHash).HasMaxLength(66);
        builder.Property(p => p.Revision).IsConcurrencyToken();
        builder.Property(p => p.Rules)
            .HasConversion(r => JsonColumn.RulesToJson(r!), s => JsonColumn.RulesFromJson(s))
            .HasColumnName("RulesJson");
        builder.Property(p => p.ProposedRules)
            .HasConversion(r => JsonColumn.RulesToJson(r!), s => JsonColumn.RulesFromJson(s))
            .HasColumnName("ProposedRulesJson");
        builder.Property(p => p.ProposedBounds)
            .HasConversion(
                b => JsonColumn.BoundsToJson(b!),
                s => JsonColumn.BoundsFromJson(s),
                new ValueComparer<Governance.Rules.RegistryBounds?>((a, b) => Equals(a, b), b => b == null ? 0 : b.GetHashCode(), b => b))
            .HasColumnName("ProposedBoundsJson");
        builder.Property(p => p.Simulation)
            .HasConversion(
                r => JsonColumn.SimulationToJson(r!),
                s => JsonColumn.SimulationFromJson(s),
                new ValueComparer<SimulationRecord?>((a, b) => Equals(a, b), r => r == null ? 0 : r.GetHashCode(), r => r))
            .HasColumnName("SimulationJson");
        builder.HasIndex(p => p.State);
        builder.Ignore(p => p.PendingAuditEvents);
        builder.Ignore(p => p.Snapshot);
        builder.Ignore(p => p.IsOpen);
        builder.Ignore(p => p.MembershipGuardian);

        builder.HasMany(p => p.Votes).WithOne().HasForeignKey(v => v.ProposalId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Votes).HasField("_votes").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(p => p.Timeline, t =>
        {
            t.ToTable("ProposalTimeline");
            t.WithOwner().HasForeignKey(ProposalId);
            t.Property<int>(Ordinal).ValueGeneratedNever();
            t.HasKey(ProposalId, Ordinal);
            t.Property(e => e.From).HasConversion<string>().HasMaxLength(16);
            t.Property(e => e.To).HasConversion<string>().HasMaxLength(16);
            t.Property(e => e.Actor).IsRequired().HasMaxLength(200);
            t.Property(e => e.Action).IsRequired().HasMaxLength(50);
            t.Property(e => e.TransactionHash).HasMaxLength(66);
        });
        builder.Navigation(p => p.Timeline).HasField("_timeline").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(p => p.Changes, c =>
        {
            c.ToTable("ProposalChanges");
            c.WithOwner().HasForeignKey(ProposalId);
            c.Property<int>(Ordinal).ValueGeneratedNever();
            c.HasKey(ProposalId, Ordinal);
            c.Property(e => e.Field).IsRequired().HasMaxLength(200);
            c.Property(e => e.Old).IsRequired().HasMaxLength(100);
            c.Property(e => e.New).IsRequired().HasMaxLength(100);
        });
        builder.Navigation(p => p.Changes).HasField("_changes").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(p => p.Membership, m =>
        {
            m.ToTable("ProposalMembership");
            Member(m);
        });
        builder.Navigation(p => p.Membership).HasField("_membership").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(p => p.SnapshotMembers, m =>
        {
            m.ToTable("ProposalCommitteeSnapshot");
            Member(m);
        });
        builder.Navigation(p => p.SnapshotMembers).HasField("_snapshot").UsePropertyAccessMode(PropertyAccessMode.Field);
    }

    private static void Member(OwnedNavigationBuilder<Proposal, Governance.Committees.CommitteeMember> m)
    {
        m.WithOwner().HasForeignKey(ProposalId);
        m.Property<int>(Ordinal).ValueGeneratedNever();
        m.HasKey(ProposalId, Ordinal);
        m.Property(e => e.Address).HasMaxLength(42);
        m.Property(e => e.DisplayName).IsRequired().HasMaxLength(Governance.Committees.CommitteeMember.MaxDisplayNameLength);
        m.Property(e => e.Weight).IsRequired();
        m.Property(e => e.Role).HasConversion<string>().HasMaxLength(16);
        m.HasIndex(ProposalId, nameof(Governance.Committees.CommitteeMember.Address)).IsUnique();
        m.Ignore(e => e.IsGuardian);
    }
}

/// <summary>The Votes table: one row per member and proposal (the key (ProposalId, Voter) forbids a second vote).</summary>
internal sealed class VoteConfiguration : IEntityTypeConfiguration<Vote>
{
    public void Configure(EntityTypeBuilder<Vote> builder)
    {
        builder.ToTable("Votes");
        builder.HasKey(v => new { v.ProposalId, v.Voter });
        builder.Property(v => v.ProposalId).HasMaxLength(66);
        builder.Property(v => v.Voter).HasMaxLength(42);
        builder.Property(v => v.ParamsHash).HasMaxLength(66);
        builder.Property(v => v.Support).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Reason).HasMaxLength(10_000);
        builder.Property(v => v.Signature).IsRequired().HasMaxLength(132);
        builder.Property(v => v.TransactionHash).HasMaxLength(66);
        builder.Property<int>(ProposalConfiguration.Ordinal);
        builder.HasIndex(ProposalConfiguration.ProposalId, ProposalConfiguration.Ordinal).IsUnique();
    }
}
