using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RiskGovernance.Persistence;

namespace RiskGovernance.Migrations;

/// <summary>
/// Used by <c>dotnet ef migrations add</c> only: the model needs no real database, so the context
/// points at a throw-away file in the temporary directory.
/// </summary>
public sealed class DesignTimeGovernanceDbContextFactory : IDesignTimeDbContextFactory<GovernanceDbContext>
{
    /// <inheritdoc />
    public GovernanceDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<GovernanceDbContext>();
        GovernanceDbContext.Configure(builder, Path.Combine(Path.GetTempPath(), "riskgovernance-design.db"), TimeSpan.FromSeconds(5));
        return new GovernanceDbContext(builder.Options);
    }
}
