using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RiskGovernance.Migrations
{
    /// <inheritdoc />
    public partial class BookFiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "BookJson",
                table: "BookSnapshots",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<int>(
                name: "BookAccounts",
                table: "BookSnapshots",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "BookBytes",
                table: "BookSnapshots",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "BookFile",
                table: "BookSnapshots",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BookFileSha256",
                table: "BookSnapshots",
                type: "TEXT",
                maxLength: 66,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BookHash",
                table: "BookSnapshots",
                type: "TEXT",
                maxLength: 66,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MarketBytes",
                table: "BookSnapshots",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "MarketHash",
                table: "BookSnapshots",
                type: "TEXT",
                maxLength: 66,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MarketProvenance",
                table: "BookSnapshots",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_BookSnapshots_BookHash",
                table: "BookSnapshots",
                column: "BookHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BookSnapshots_BookHash",
                table: "BookSnapshots");

            migrationBuilder.DropColumn(
                name: "BookAccounts",
                table: "BookSnapshots");

            migrationBuilder.DropColumn(
                name: "BookBytes",
                table: "BookSnapshots");

            migrationBuilder.DropColumn(
                name: "BookFile",
                table: "BookSnapshots");

            migrationBuilder.DropColumn(
                name: "BookFileSha256",
                table: "BookSnapshots");

            migrationBuilder.DropColumn(
                name: "BookHash",
                table: "BookSnapshots");

            migrationBuilder.DropColumn(
                name: "MarketBytes",
                table: "BookSnapshots");

            migrationBuilder.DropColumn(
                name: "MarketHash",
                table: "BookSnapshots");

            migrationBuilder.DropColumn(
                name: "MarketProvenance",
                table: "BookSnapshots");

            migrationBuilder.AlterColumn<string>(
                name: "BookJson",
                table: "BookSnapshots",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
