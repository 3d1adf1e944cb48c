using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RiskGovernance.Migrations
{
    /// <inheritdoc />
    public partial class MarketHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MarketHistory",
                columns: table => new
                {
                    Series = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Asset = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarketHistory", x => new { x.Series, x.Asset, x.Date });
                    table.CheckConstraint("CK_MarketHistory_Value", "\"Value\" > 0");
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MarketHistory");
        }
    }
}
