using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class RegistryScaleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_resident_moves_continued_on",
                table: "resident_moves",
                column: "continued_on");

            migrationBuilder.CreateIndex(
                name: "ix_cards_authentication_expires_on_active",
                table: "cards",
                column: "authentication_expires_on",
                filter: "\"state\" = 'Active'");

            migrationBuilder.CreateIndex(
                name: "ix_cards_signature_expires_on_active",
                table: "cards",
                column: "signature_expires_on",
                filter: "\"state\" = 'Active'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_resident_moves_continued_on",
                table: "resident_moves");

            migrationBuilder.DropIndex(
                name: "ix_cards_authentication_expires_on_active",
                table: "cards");

            migrationBuilder.DropIndex(
                name: "ix_cards_signature_expires_on_active",
                table: "cards");
        }
    }
}
