using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Eligibility : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "medical_institutions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_medical_institutions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reception_terminals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    institution_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    secret_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reception_terminals", x => x.id);
                    table.ForeignKey(
                        name: "fk_reception_terminals_medical_institutions_institution_id",
                        column: x => x.institution_id,
                        principalTable: "medical_institutions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "eligibility_checks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    terminal_id = table.Column<Guid>(type: "uuid", nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    challenge = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    identity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    holder_reference = table.Column<Guid>(type: "uuid", nullable: true),
                    certificate_serial = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    visit_day = table.Column<DateOnly>(type: "date", nullable: true),
                    result = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    refusal_rule = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    consent_medication = table.Column<bool>(type: "boolean", nullable: false),
                    consent_health_checks = table.Column<bool>(type: "boolean", nullable: false),
                    consent_treatments = table.Column<bool>(type: "boolean", nullable: false),
                    consent_ceiling = table.Column<bool>(type: "boolean", nullable: false),
                    receipt_id = table.Column<Guid>(type: "uuid", nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_eligibility_checks", x => x.id);
                    table.ForeignKey(
                        name: "fk_eligibility_checks_reception_terminal_terminal_id",
                        column: x => x.terminal_id,
                        principalTable: "reception_terminals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "eligibility_receipts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    check_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    signature = table.Column<byte[]>(type: "bytea", maxLength: 64, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_eligibility_receipts", x => x.id);
                    table.ForeignKey(
                        name: "fk_eligibility_receipts_eligibility_checks_check_id",
                        column: x => x.check_id,
                        principalTable: "eligibility_checks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_eligibility_checks_holder_reference",
                table: "eligibility_checks",
                column: "holder_reference");

            migrationBuilder.CreateIndex(
                name: "ix_eligibility_checks_terminal_id_opened_at",
                table: "eligibility_checks",
                columns: new[] { "terminal_id", "opened_at" });

            migrationBuilder.CreateIndex(
                name: "ix_eligibility_receipts_check_id",
                table: "eligibility_receipts",
                column: "check_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_medical_institutions_code",
                table: "medical_institutions",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reception_terminals_institution_id_number",
                table: "reception_terminals",
                columns: new[] { "institution_id", "number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "eligibility_receipts");

            migrationBuilder.DropTable(
                name: "eligibility_checks");

            migrationBuilder.DropTable(
                name: "reception_terminals");

            migrationBuilder.DropTable(
                name: "medical_institutions");
        }
    }
}
