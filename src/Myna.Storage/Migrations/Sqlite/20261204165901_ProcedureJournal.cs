using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProcedureJournal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "request_id",
                table: "issued_certificates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "details_japanese",
                table: "audit_entries",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "real_instant",
                table: "audit_entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "procedure_intents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    card_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_procedure_intents", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_issued_certificates_request_id",
                table: "issued_certificates",
                column: "request_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "procedure_intents");

            migrationBuilder.DropIndex(
                name: "ix_issued_certificates_request_id",
                table: "issued_certificates");

            migrationBuilder.DropColumn(
                name: "request_id",
                table: "issued_certificates");

            migrationBuilder.DropColumn(
                name: "details_japanese",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "real_instant",
                table: "audit_entries");
        }
    }
}
