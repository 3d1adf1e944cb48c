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
                name: "IX_PushJournal_ExecuteHash",
                table: "PushJournal",
                column: "ExecuteHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PushJournal_QueueHash",
                table: "PushJournal",
                column: "QueueHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "PushJournal");
        }
    }
}
