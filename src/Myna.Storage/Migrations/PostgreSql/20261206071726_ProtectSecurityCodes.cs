using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.PostgreSql
{
    /// <summary>
    /// Security codes at rest (docs/storage.md): the plain column gives way to the encrypted value. The keys are not SQL's,
    /// so the plain codes of existing cards wait in security_codes_to_encrypt until MynaDbContextFactory.MigrateAsync
    /// encrypts them and drops that table.
    /// </summary>
    public partial class ProtectSecurityCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE TABLE security_codes_to_encrypt AS SELECT id, security_code FROM cards;");

            migrationBuilder.DropColumn(
                name: "security_code",
                table: "cards");

            migrationBuilder.AddColumn<byte[]>(
                name: "security_code_ciphertext",
                table: "cards",
                type: "bytea",
                maxLength: 33,
                nullable: false,
                defaultValue: new byte[0]);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Going back would need the codes in plain text, which only the application's keys can give.
            throw new NotSupportedException("Security codes cannot be decrypted by a migration: restore a backup taken before ProtectSecurityCodes instead.");
        }
    }
}
