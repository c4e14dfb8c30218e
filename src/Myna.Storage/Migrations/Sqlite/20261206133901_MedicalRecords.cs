using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MedicalRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "health_check_results",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    insurer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    holder_reference = table.Column<Guid>(type: "TEXT", nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    height_cm = table.Column<double>(type: "REAL", nullable: false),
                    weight_kg = table.Column<double>(type: "REAL", nullable: false),
                    waist_cm = table.Column<double>(type: "REAL", nullable: true),
                    systolic_mm_hg = table.Column<int>(type: "INTEGER", nullable: false),
                    diastolic_mm_hg = table.Column<int>(type: "INTEGER", nullable: false),
                    hb_a1c_percent = table.Column<double>(type: "REAL", nullable: true),
                    ldl_mg_per_dl = table.Column<int>(type: "INTEGER", nullable: true),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_health_check_results", x => x.id);
                    table.ForeignKey(
                        name: "fk_health_check_results_insurers_insurer_id",
                        column: x => x.insurer_id,
                        principalTable: "insurers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_health_check_results_resident_holder_reference",
                        column: x => x.holder_reference,
                        principalTable: "residents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "medical_claims",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    check_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    institution_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    holder_reference = table.Column<Guid>(type: "TEXT", nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    total_yen = table.Column<int>(type: "INTEGER", nullable: false),
                    copayment_yen = table.Column<int>(type: "INTEGER", nullable: false),
                    copayment_percent = table.Column<int>(type: "INTEGER", nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    submitted_at = table.Column<long>(type: "INTEGER", nullable: false),
                    submitted_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_medical_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_medical_claims_eligibility_checks_check_id",
                        column: x => x.check_id,
                        principalTable: "eligibility_checks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_medical_claims_medical_institutions_institution_id",
                        column: x => x.institution_id,
                        principalTable: "medical_institutions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_medical_claims_resident_holder_reference",
                        column: x => x.holder_reference,
                        principalTable: "residents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "claim_drugs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    claim_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    line = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    strength = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    daily_quantity = table.Column<double>(type: "REAL", nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    days = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_claim_drugs", x => x.id);
                    table.ForeignKey(
                        name: "fk_claim_drugs_medical_claims_claim_id",
                        column: x => x.claim_id,
                        principalTable: "medical_claims",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "claim_treatments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    claim_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    line = table.Column<int>(type: "INTEGER", nullable: false),
                    diagnosis = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    procedure = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_claim_treatments", x => x.id);
                    table.ForeignKey(
                        name: "fk_claim_treatments_medical_claims_claim_id",
                        column: x => x.claim_id,
                        principalTable: "medical_claims",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_claim_drugs_claim_id_line",
                table: "claim_drugs",
                columns: new[] { "claim_id", "line" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_claim_treatments_claim_id_line",
                table: "claim_treatments",
                columns: new[] { "claim_id", "line" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_health_check_results_holder_reference_day",
                table: "health_check_results",
                columns: new[] { "holder_reference", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_health_check_results_insurer_id",
                table: "health_check_results",
                column: "insurer_id");

            migrationBuilder.CreateIndex(
                name: "ix_medical_claims_check_id",
                table: "medical_claims",
                column: "check_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_medical_claims_holder_reference_day",
                table: "medical_claims",
                columns: new[] { "holder_reference", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_medical_claims_institution_id",
                table: "medical_claims",
                column: "institution_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "claim_drugs");

            migrationBuilder.DropTable(
                name: "claim_treatments");

            migrationBuilder.DropTable(
                name: "health_check_results");

            migrationBuilder.DropTable(
                name: "medical_claims");
        }
    }
}
