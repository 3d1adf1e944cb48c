using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RiskGovernance.Migrations
{
    /// <inheritdoc />
    public partial class ChainAuthoritativeGovernance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The registry now decides quorum (no local QuorumReachedAt) and committee changes carry a
            // guardian instead of a threshold. The two old columns are left in place, unmapped: dropping
            // them makes SQLite rebuild the table outside the migration's transaction, and a crash there
            // would leave the database half migrated.

            migrationBuilder.AddColumn<string>(
                name: "ProposedRulesJson",
                table: "Proposals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Epoch",
                table: "Proposals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransactionHash",
                table: "Votes",
                type: "TEXT",
                maxLength: 66,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OpenTransactionHash",
                table: "Proposals",
                type: "TEXT",
                maxLength: 66,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PayloadHash",
                table: "Proposals",
                type: "TEXT",
                maxLength: 66,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ProposedBoundsJson",
                table: "Proposals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RebasedFrom",
                table: "Proposals",
                type: "TEXT",
                maxLength: 66,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Salt",
                table: "Proposals",
                type: "TEXT",
                maxLength: 66,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "Conflict",
                table: "ProposalChanges",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Proposals of the previous version were never registered on the registry: no payload hash
            // and no salt (the zero hash; an empty text is not a hash and would make them unreadable),
            // and their voting rules were stored as fractions: rewritten in the registry's form.
            migrationBuilder.Sql(
                "UPDATE Proposals SET PayloadHash = '0x0000000000000000000000000000000000000000000000000000000000000000' WHERE PayloadHash = '';");
            migrationBuilder.Sql(
                "UPDATE Proposals SET Salt = '0x0000000000000000000000000000000000000000000000000000000000000000' WHERE Salt = '';");
            migrationBuilder.Sql(
                "UPDATE Proposals SET RulesJson = json_object(" +
                "'votingPeriod', json_extract(RulesJson, '$.votingPeriod'), " +
                "'lateQuorumExtension', json_extract(RulesJson, '$.lateQuorumExtension'), " +
                "'timelockDelay', json_extract(RulesJson, '$.timelockDelay'), " +
                "'gracePeriod', json_extract(RulesJson, '$.gracePeriod'), " +
                "'quorumBps', CAST(round(json_extract(RulesJson, '$.quorumFraction') * 10000) AS INTEGER), " +
                "'supermajorityBps', CAST(round(json_extract(RulesJson, '$.supermajorityFraction') * 10000) AS INTEGER)) " +
                "WHERE RulesJson IS NOT NULL AND json_extract(RulesJson, '$.quorumFraction') IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TransactionHash",
                table: "Votes");

            migrationBuilder.DropColumn(
                name: "OpenTransactionHash",
                table: "Proposals");

            migrationBuilder.DropColumn(
                name: "PayloadHash",
                table: "Proposals");

            migrationBuilder.DropColumn(
                name: "ProposedBoundsJson",
                table: "Proposals");

            migrationBuilder.DropColumn(
                name: "RebasedFrom",
                table: "Proposals");

            migrationBuilder.DropColumn(
                name: "Salt",
                table: "Proposals");

            migrationBuilder.DropColumn(
                name: "Conflict",
                table: "ProposalChanges");

            migrationBuilder.DropColumn(
                name: "ProposedRulesJson",
                table: "Proposals");

            migrationBuilder.DropColumn(
                name: "Epoch",
                table: "Proposals");

        }
    }
}
