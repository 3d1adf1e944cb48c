using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RiskGovernance.Migrations
{
    /// <inheritdoc />
    public partial class MarginBookIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MarginCollateralChanges",
                columns: table => new
                {
                    Contract = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    LogIndex = table.Column<long>(type: "INTEGER", nullable: false),
                    Account = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Asset = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Amount = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Balance = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarginCollateralChanges", x => new { x.Contract, x.BlockNumber, x.LogIndex });
                });

            migrationBuilder.CreateTable(
                name: "MarginIndexBlocks",
                columns: table => new
                {
                    Contract = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarginIndexBlocks", x => new { x.Contract, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "MarginIndexCursors",
                columns: table => new
                {
                    Contract = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    BlockNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarginIndexCursors", x => x.Contract);
                });

            migrationBuilder.CreateTable(
                name: "MarginPositions",
                columns: table => new
                {
                    Contract = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    PositionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Account = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Asset = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Right = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    Quantity = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Price = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Expiry = table.Column<long>(type: "INTEGER", nullable: true),
                    OpenedBlock = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedBlock = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarginPositions", x => new { x.Contract, x.PositionId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_MarginCollateralChanges_Contract_Account_Asset",
                table: "MarginCollateralChanges",
                columns: new[] { "Contract", "Account", "Asset" });

            migrationBuilder.CreateIndex(
                name: "IX_MarginPositions_Contract_ClosedBlock",
                table: "MarginPositions",
                columns: new[] { "Contract", "ClosedBlock" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MarginCollateralChanges");

            migrationBuilder.DropTable(
                name: "MarginIndexBlocks");

            migrationBuilder.DropTable(
                name: "MarginIndexCursors");

            migrationBuilder.DropTable(
                name: "MarginPositions");
        }
    }
}
