using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KioskService : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "kiosk_settlements",
                columns: table => new
                {
                    municipality = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    business_day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    payments = table.Column<int>(type: "INTEGER", nullable: false),
                    documents = table.Column<int>(type: "INTEGER", nullable: false),
                    amount_yen = table.Column<long>(type: "INTEGER", nullable: false),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kiosk_settlements", x => new { x.municipality, x.business_day });
                });

            migrationBuilder.CreateTable(
                name: "kiosk_stores",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    chain = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    store_number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    municipality = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kiosk_stores", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "kiosk_use_registrations",
                columns: table => new
                {
                    holder_reference = table.Column<Guid>(type: "TEXT", nullable: false),
                    municipality = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    registered_at = table.Column<long>(type: "INTEGER", nullable: false),
                    application_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kiosk_use_registrations", x => new { x.holder_reference, x.municipality });
                });

            migrationBuilder.CreateTable(
                name: "kiosk_machines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    store_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    secret_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    retired = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kiosk_machines", x => x.id);
                    table.ForeignKey(
                        name: "fk_kiosk_machines_kiosk_stores_store_id",
                        column: x => x.store_id,
                        principalTable: "kiosk_stores",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "kiosk_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    machine_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    opened_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    challenge = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    certificate_serial = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    holder_reference = table.Column<Guid>(type: "TEXT", nullable: true),
                    card_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    municipality = table.Column<string>(type: "TEXT", maxLength: 6, nullable: true),
                    certificate = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    copies = table.Column<int>(type: "INTEGER", nullable: false),
                    individual = table.Column<bool>(type: "INTEGER", nullable: false),
                    fiscal_year = table.Column<int>(type: "INTEGER", nullable: true),
                    fee_yen = table.Column<int>(type: "INTEGER", nullable: true),
                    refusal_rule = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    refusal = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    paid_at = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kiosk_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_kiosk_sessions_kiosk_machine_row_machine_id",
                        column: x => x.machine_id,
                        principalTable: "kiosk_machines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "kiosk_payments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    session_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    store_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    machine_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    municipality = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    certificate = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    copies = table.Column<int>(type: "INTEGER", nullable: false),
                    amount_yen = table.Column<int>(type: "INTEGER", nullable: false),
                    paid_at = table.Column<long>(type: "INTEGER", nullable: false),
                    business_day = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kiosk_payments", x => x.id);
                    table.ForeignKey(
                        name: "fk_kiosk_payments_kiosk_session_row_session_id",
                        column: x => x.session_id,
                        principalTable: "kiosk_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_kiosk_payments_kiosk_store_store_id",
                        column: x => x.store_id,
                        principalTable: "kiosk_stores",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "kiosk_documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    issue_number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    municipality = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    certificate = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    holder_reference = table.Column<Guid>(type: "TEXT", nullable: false),
                    issued_at = table.Column<long>(type: "INTEGER", nullable: false),
                    session_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    machine_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    payment_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    challenge_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    document_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    content_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    seal = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    pdf = table.Column<byte[]>(type: "BLOB", nullable: true),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    failed_prints = table.Column<int>(type: "INTEGER", nullable: false),
                    printed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kiosk_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_kiosk_documents_kiosk_payment_payment_id",
                        column: x => x.payment_id,
                        principalTable: "kiosk_payments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_kiosk_documents_kiosk_session_row_session_id",
                        column: x => x.session_id,
                        principalTable: "kiosk_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_kiosk_documents_municipality_issue_number",
                table: "kiosk_documents",
                columns: new[] { "municipality", "issue_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_kiosk_documents_payment_id",
                table: "kiosk_documents",
                column: "payment_id");

            migrationBuilder.CreateIndex(
                name: "ix_kiosk_documents_session_id_state",
                table: "kiosk_documents",
                columns: new[] { "session_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_kiosk_machines_store_id_number",
                table: "kiosk_machines",
                columns: new[] { "store_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_kiosk_payments_municipality_business_day",
                table: "kiosk_payments",
                columns: new[] { "municipality", "business_day" });

            migrationBuilder.CreateIndex(
                name: "ix_kiosk_payments_session_id",
                table: "kiosk_payments",
                column: "session_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_kiosk_payments_store_id_business_day",
                table: "kiosk_payments",
                columns: new[] { "store_id", "business_day" });

            migrationBuilder.CreateIndex(
                name: "ix_kiosk_sessions_holder_reference",
                table: "kiosk_sessions",
                column: "holder_reference");

            migrationBuilder.CreateIndex(
                name: "ix_kiosk_sessions_machine_id_state",
                table: "kiosk_sessions",
                columns: new[] { "machine_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_kiosk_stores_chain_store_number",
                table: "kiosk_stores",
                columns: new[] { "chain", "store_number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "kiosk_documents");

            migrationBuilder.DropTable(
                name: "kiosk_settlements");

            migrationBuilder.DropTable(
                name: "kiosk_use_registrations");

            migrationBuilder.DropTable(
                name: "kiosk_payments");

            migrationBuilder.DropTable(
                name: "kiosk_sessions");

            migrationBuilder.DropTable(
                name: "kiosk_machines");

            migrationBuilder.DropTable(
                name: "kiosk_stores");
        }
    }
}
