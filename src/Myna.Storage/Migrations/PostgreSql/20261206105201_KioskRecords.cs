using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class KioskRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "address_since",
                table: "residents",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "previous_address",
                table: "residents",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "family_registers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    domicile = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    head_name = table.Column<string>(type: "character varying(121)", maxLength: 121, nullable: false),
                    made_on = table.Column<DateOnly>(type: "date", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
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
                name: "seal_registrations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    resident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    registration_number = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    card_number = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    registered_on = table.Column<DateOnly>(type: "date", nullable: false),
                    impression = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    abolished_on = table.Column<DateOnly>(type: "date", nullable: true),
                    abolition_reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    resident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    fiscal_year = table.Column<int>(type: "integer", nullable: false),
                    released_on = table.Column<DateOnly>(type: "date", nullable: false),
                    recorded_on = table.Column<DateOnly>(type: "date", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    deductions_total = table.Column<long>(type: "bigint", nullable: false),
                    municipal_income_levy = table.Column<long>(type: "bigint", nullable: false),
                    municipal_per_capita = table.Column<long>(type: "bigint", nullable: false),
                    other_income = table.Column<long>(type: "bigint", nullable: false),
                    prefectural_income_levy = table.Column<long>(type: "bigint", nullable: false),
                    prefectural_per_capita = table.Column<long>(type: "bigint", nullable: false),
                    salary_income = table.Column<long>(type: "bigint", nullable: false),
                    salary_revenue = table.Column<long>(type: "bigint", nullable: false),
                    taxable_income = table.Column<long>(type: "bigint", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    line = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(121)", maxLength: 121, nullable: false),
                    kana = table.Column<string>(type: "character varying(121)", maxLength: 121, nullable: true),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    sex = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    father_name = table.Column<string>(type: "character varying(121)", maxLength: 121, nullable: true),
                    mother_name = table.Column<string>(type: "character varying(121)", maxLength: 121, nullable: true),
                    relationship = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    resident_id = table.Column<Guid>(type: "uuid", nullable: true),
                    is_removed = table.Column<bool>(type: "boolean", nullable: false),
                    removed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    removal_reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    family_register_id = table.Column<Guid>(type: "uuid", nullable: false)
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
                name: "family_register_attachment",
                columns: table => new
                {
                    line = table.Column<int>(type: "integer", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    from = table.Column<DateOnly>(type: "date", nullable: false),
                    until = table.Column<DateOnly>(type: "date", nullable: true)
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
                    line = table.Column<int>(type: "integer", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    details = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
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
                name: "seal_registrations");

            migrationBuilder.DropTable(
                name: "tax_assessments");

            migrationBuilder.DropTable(
                name: "family_register_members");

            migrationBuilder.DropTable(
                name: "family_registers");

            migrationBuilder.DropColumn(
                name: "address_since",
                table: "residents");

            migrationBuilder.DropColumn(
                name: "previous_address",
                table: "residents");
        }
    }
}
