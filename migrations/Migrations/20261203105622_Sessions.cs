using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RiskGovernance.Migrations
{
    /// <inheritdoc />
    public partial class Sessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Sessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    Wallet = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ChainId = table.Column<long>(type: "INTEGER", nullable: false),
                    SignedInAsMember = table.Column<bool>(type: "INTEGER", nullable: false),
                    UserAgent = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    RevokedAtMs = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedReason = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sessions", x => x.Id);
                    table.CheckConstraint("CK_Sessions_Expires", "\"ExpiresAtMs\" > \"CreatedAtMs\"");
                    table.CheckConstraint("CK_Sessions_TokenHash", "length(\"TokenHash\") = 64");
                });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_Address",
                table: "Sessions",
                column: "Address");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_TokenHash",
                table: "Sessions",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Sessions");
        }
    }
}
