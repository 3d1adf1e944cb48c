using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RiskGovernance.Migrations
{
    /// <inheritdoc />
    public partial class PortalState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BookSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    MarketJson = table.Column<string>(type: "TEXT", nullable: false),
                    BookJson = table.Column<string>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    StoredAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BookSnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StoredResults",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ResultGzip = table.Column<byte[]>(type: "BLOB", nullable: false),
                    ResultHash = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    ElapsedMilliseconds = table.Column<double>(type: "REAL", nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoredResults", x => x.Key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BookSnapshots");

            migrationBuilder.DropTable(
                name: "StoredResults");
        }
    }
}
