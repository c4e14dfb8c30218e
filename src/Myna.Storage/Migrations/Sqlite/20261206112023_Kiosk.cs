using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Kiosk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "address_since",
                table: "residents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "previous_address",
                table: "residents",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "family_registers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    municipality = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    domicile = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    head_name = table.Column<string>(type: "TEXT", maxLength: 121, nullable: false),
                    made_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_family_registers", x => x.id);
                    table.ForeignKey(
                        name: "fk_family_registers_municipalities_municipality",
                        column: x => x.municipality,
                        principalTable: "municipalities",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "kiosk_settings",
                columns: table => new
                {
                    municipality = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    fees = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    maintenance_days = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    family_register_for_non_residents = table.Column<bool>(type: "INTEGER", nullable: false),
                    city_hall_opens = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    city_hall_closes = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kiosk_settings", x => x.municipality);
                });

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
                name: "seal_registrations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    municipality = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    registration_number = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    card_number = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    registered_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    impression = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    abolished_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    abolition_reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seal_registrations", x => x.id);
                    table.ForeignKey(
                        name: "fk_seal_registrations_municipalities_municipality",
                        column: x => x.municipality,
                        principalTable: "municipalities",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_seal_registrations_residents_resident_id",
                        column: x => x.resident_id,
                        principalTable: "residents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tax_assessments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    fiscal_year = table.Column<int>(type: "INTEGER", nullable: false),
                    released_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    recorded_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    deductions_total = table.Column<long>(type: "INTEGER", nullable: false),
                    municipal_income_levy = table.Column<long>(type: "INTEGER", nullable: false),
                    municipal_per_capita = table.Column<long>(type: "INTEGER", nullable: false),
                    other_income = table.Column<long>(type: "INTEGER", nullable: false),
                    prefectural_income_levy = table.Column<long>(type: "INTEGER", nullable: false),
                    prefectural_per_capita = table.Column<long>(type: "INTEGER", nullable: false),
                    salary_income = table.Column<long>(type: "INTEGER", nullable: false),
                    salary_revenue = table.Column<long>(type: "INTEGER", nullable: false),
                    taxable_income = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tax_assessments", x => x.id);
                    table.ForeignKey(
                        name: "fk_tax_assessments_residents_resident_id",
                        column: x => x.resident_id,
                        principalTable: "residents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "family_register_members",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    line = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 121, nullable: false),
                    kana = table.Column<string>(type: "TEXT", maxLength: 121, nullable: true),
                    birth_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    sex = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    father_name = table.Column<string>(type: "TEXT", maxLength: 121, nullable: true),
                    mother_name = table.Column<string>(type: "TEXT", maxLength: 121, nullable: true),
                    relationship = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    resident_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    is_removed = table.Column<bool>(type: "INTEGER", nullable: false),
                    removed_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    removal_reason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    family_register_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_family_register_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_family_register_members_family_registers_family_register_id",
                        column: x => x.family_register_id,
                        principalTable: "family_registers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_family_register_members_resident_resident_id",
                        column: x => x.resident_id,
                        principalTable: "residents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
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
                name: "family_register_attachment",
                columns: table => new
                {
                    line = table.Column<int>(type: "INTEGER", nullable: false),
                    member_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    until = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_family_register_attachment", x => new { x.member_id, x.line });
                    table.ForeignKey(
                        name: "fk_family_register_attachment_family_register_members_member_id",
                        column: x => x.member_id,
                        principalTable: "family_register_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "family_register_events",
                columns: table => new
                {
                    line = table.Column<int>(type: "INTEGER", nullable: false),
                    member_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    details = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_family_register_events", x => new { x.member_id, x.line });
                    table.ForeignKey(
                        name: "fk_family_register_events_family_register_members_member_id",
                        column: x => x.member_id,
                        principalTable: "family_register_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
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
                name: "ix_family_register_members_family_register_id",
                table: "family_register_members",
                column: "family_register_id");

            migrationBuilder.CreateIndex(
                name: "ix_family_register_members_resident_id",
                table: "family_register_members",
                column: "resident_id");

            migrationBuilder.CreateIndex(
                name: "ix_family_registers_municipality_domicile_head_name",
                table: "family_registers",
                columns: new[] { "municipality", "domicile", "head_name" },
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "ix_seal_registrations_live_resident_id",
                table: "seal_registrations",
                column: "resident_id",
                unique: true,
                filter: "state = 'Registered'");

            migrationBuilder.CreateIndex(
                name: "ix_seal_registrations_municipality_card_number",
                table: "seal_registrations",
                columns: new[] { "municipality", "card_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_seal_registrations_municipality_registration_number",
                table: "seal_registrations",
                columns: new[] { "municipality", "registration_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tax_assessments_resident_id_fiscal_year",
                table: "tax_assessments",
                columns: new[] { "resident_id", "fiscal_year" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "family_register_attachment");

            migrationBuilder.DropTable(
                name: "family_register_events");

            migrationBuilder.DropTable(
                name: "kiosk_documents");

            migrationBuilder.DropTable(
                name: "kiosk_settings");

            migrationBuilder.DropTable(
                name: "kiosk_settlements");

            migrationBuilder.DropTable(
                name: "kiosk_use_registrations");

            migrationBuilder.DropTable(
                name: "seal_registrations");

            migrationBuilder.DropTable(
                name: "tax_assessments");

            migrationBuilder.DropTable(
                name: "family_register_members");

            migrationBuilder.DropTable(
                name: "kiosk_payments");

            migrationBuilder.DropTable(
                name: "family_registers");

            migrationBuilder.DropTable(
                name: "kiosk_sessions");

            migrationBuilder.DropTable(
                name: "kiosk_machines");

            migrationBuilder.DropTable(
                name: "kiosk_stores");

            migrationBuilder.DropColumn(
                name: "address_since",
                table: "residents");

            migrationBuilder.DropColumn(
                name: "previous_address",
                table: "residents");
        }
    }
}
