using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RiskGovernance.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Time = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PayloadJson = table.Column<string>(type: "TEXT", nullable: false),
                    PrevHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "AuditHead",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditHead", x => x.Id);
                    table.CheckConstraint("CK_AuditHead_Single", "\"Id\" = 1");
                });

            migrationBuilder.CreateTable(
                name: "CommitteeMembers",
                columns: table => new
                {
                    Address = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Weight = table.Column<long>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitteeMembers", x => x.Address);
                });

            migrationBuilder.CreateTable(
                name: "Proposals",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Rationale = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ParamsJson = table.Column<string>(type: "TEXT", nullable: true),
                    ParamsHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    BaseVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    BaseParamsHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    RequiresSupermajority = table.Column<bool>(type: "INTEGER", nullable: false),
                    MembershipThresholdBps = table.Column<int>(type: "INTEGER", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    VotingEndsAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    QuorumReachedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Eta = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    QueueTransactionHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    ExecuteTransactionHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    ExecutedVersion = table.Column<long>(type: "INTEGER", nullable: true),
                    RulesJson = table.Column<string>(type: "TEXT", nullable: true),
                    SimulationJson = table.Column<string>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Proposals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PushJournal",
                columns: table => new
                {
                    Registry = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    ProposalId = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    QueueHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    QueueRaw = table.Column<string>(type: "TEXT", nullable: true),
                    QueueStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ExecuteHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true),
                    ExecuteRaw = table.Column<string>(type: "TEXT", nullable: true),
                    ExecuteStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PushJournal", x => new { x.Registry, x.ProposalId });
                });

            migrationBuilder.CreateTable(
                name: "RatifiedParameterSets",
                columns: table => new
                {
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    ParamsJson = table.Column<string>(type: "TEXT", nullable: false),
                    ParamsHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RatifiedParameterSets", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "ProposalChanges",
                columns: table => new
                {
                    ProposalId = table.Column<string>(type: "TEXT", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Old = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    New = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ExceedsStepBound = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProposalChanges", x => new { x.ProposalId, x.Ordinal });
                    table.ForeignKey(
                        name: "FK_ProposalChanges_Proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "Proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProposalCommitteeSnapshot",
                columns: table => new
                {
                    ProposalId = table.Column<string>(type: "TEXT", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Weight = table.Column<long>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProposalCommitteeSnapshot", x => new { x.ProposalId, x.Ordinal });
                    table.ForeignKey(
                        name: "FK_ProposalCommitteeSnapshot_Proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "Proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProposalMembership",
                columns: table => new
                {
                    ProposalId = table.Column<string>(type: "TEXT", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Weight = table.Column<long>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProposalMembership", x => new { x.ProposalId, x.Ordinal });
                    table.ForeignKey(
                        name: "FK_ProposalMembership_Proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "Proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProposalTimeline",
                columns: table => new
                {
                    ProposalId = table.Column<string>(type: "TEXT", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    TransactionHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProposalTimeline", x => new { x.ProposalId, x.Ordinal });
                    table.ForeignKey(
                        name: "FK_ProposalTimeline_Proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "Proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Votes",
                columns: table => new
                {
                    ProposalId = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    Voter = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    ParamsHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    Support = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Weight = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    Signature = table.Column<string>(type: "TEXT", maxLength: 132, nullable: false),
                    CastAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Votes", x => new { x.ProposalId, x.Voter });
                    table.ForeignKey(
                        name: "FK_Votes_Proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "Proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Hash",
                table: "AuditEntries",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Subject",
                table: "AuditEntries",
                column: "Subject");

            migrationBuilder.CreateIndex(
                name: "IX_ProposalCommitteeSnapshot_ProposalId_Address",
                table: "ProposalCommitteeSnapshot",
                columns: new[] { "ProposalId", "Address" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProposalMembership_ProposalId_Address",
                table: "ProposalMembership",
                columns: new[] { "ProposalId", "Address" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Proposals_State",
                table: "Proposals",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_PushJournal_ExecuteHash",
                table: "PushJournal",
                column: "ExecuteHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PushJournal_QueueHash",
                table: "PushJournal",
                column: "QueueHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Votes_ProposalId_Ordinal",
                table: "Votes",
                columns: new[] { "ProposalId", "Ordinal" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "AuditHead");

            migrationBuilder.DropTable(
                name: "CommitteeMembers");

            migrationBuilder.DropTable(
                name: "ProposalChanges");

            migrationBuilder.DropTable(
                name: "ProposalCommitteeSnapshot");

            migrationBuilder.DropTable(
                name: "ProposalMembership");

            migrationBuilder.DropTable(
                name: "ProposalTimeline");

            migrationBuilder.DropTable(
                name: "PushJournal");

            migrationBuilder.DropTable(
                name: "RatifiedParameterSets");

            migrationBuilder.DropTable(
                name: "Votes");

            migrationBuilder.DropTable(
                name: "Proposals");
        }
    }
}
