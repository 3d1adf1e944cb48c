using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RiskGovernance.Persistence.Sessions;

namespace RiskGovernance.Persistence.Configurations;

/// <summary>The Sessions table: unique token hash, looked up by address for the sessions page.</summary>
internal sealed class SessionConfiguration : IEntityTypeConfiguration<SessionRow>
{
    public void Configure(EntityTypeBuilder<SessionRow> builder)
    {
        builder.ToTable("Sessions", t =>
        {
            t.HasCheckConstraint("CK_Sessions_TokenHash", "length(\"TokenHash\") = 64");
            t.HasCheckConstraint("CK_Sessions_Expires", "\"ExpiresAtMs\" > \"CreatedAtMs\"");
        });
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedOnAdd();
        builder.Property(s => s.TokenHash).IsRequired().HasMaxLength(64);
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.Property(s => s.Address).IsRequired().HasMaxLength(42);
        builder.HasIndex(s => s.Address);
        builder.Property(s => s.Wallet).IsRequired().HasMaxLength(16);
        builder.Property(s => s.UserAgent).HasMaxLength(200);
        builder.Property(s => s.RevokedReason).HasMaxLength(100);
    }
}
