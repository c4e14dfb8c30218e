using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.PostgreSql
{
    /// <summary>
    /// My Numbers at rest (docs/storage.md): the plain column gives way to the encrypted value and the blind index.
    /// The keys are not SQL's, so the plain numbers of existing rows wait in my_numbers_to_encrypt until
    /// MynaDbContextFactory.MigrateAsync encrypts them and drops that table; meanwhile each row's index holds a
    /// unique placeholder (its id's bytes, never 32 bytes long like an index).
    /// </summary>
    public partial class EncryptMyNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE TABLE my_numbers_to_encrypt AS SELECT id, my_number FROM residents;");

            migrationBuilder.DropIndex(
                name: "ix_residents_my_number",
                table: "residents");

            migrationBuilder.DropColumn(
                name: "my_number",
                table: "residents");

            migrationBuilder.AddColumn<byte[]>(
                name: "my_number_ciphertext",
                table: "residents",
                type: "bytea",
                maxLength: 41,
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<byte[]>(
                name: "my_number_index",
                table: "residents",
                type: "bytea",
                maxLength: 32,
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.Sql("UPDATE residents SET my_number_index = uuid_send(id);");

            migrationBuilder.CreateIndex(
                name: "ix_residents_my_number_index",
                table: "residents",
                column: "my_number_index",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Going back would need the numbers in plain text, which only the application's keys can give.
            throw new NotSupportedException("My Numbers cannot be decrypted by a migration: restore a backup taken before EncryptMyNumbers instead.");
        }
    }
}
