using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OnlineApplications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "insurance_use_registrations",
                columns: table => new
                {
                    holder_reference = table.Column<Guid>(type: "TEXT", nullable: false),
                    account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    registered_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insurance_use_registrations", x => x.holder_reference);
                    table.ForeignKey(
                        name: "fk_insurance_use_registrations_portal_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "portal_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "portal_applications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    holder_reference = table.Column<Guid>(type: "TEXT", nullable: false),
                    procedure_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    municipality = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    content = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    signed_data = table.Column<byte[]>(type: "BLOB", maxLength: 16384, nullable: true),
                    signed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    signer_certificate_serial = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    signer_name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    decision_note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_portal_applications", x => x.id);
                    table.ForeignKey(
                        name: "fk_portal_applications_portal_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "portal_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_insurance_use_registrations_account_id",
                table: "insurance_use_registrations",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_portal_applications_account_id_created_at",
                table: "portal_applications",
                columns: new[] { "account_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_portal_applications_municipality_state",
                table: "portal_applications",
                columns: new[] { "municipality", "state" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "insurance_use_registrations");

            migrationBuilder.DropTable(
                name: "portal_applications");
        }
    }
}
