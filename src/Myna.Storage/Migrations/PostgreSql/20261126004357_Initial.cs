using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Myna.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    instant = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "crl_numbers",
                columns: table => new
                {
                    hierarchy = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    last_number = table.Column<string>(type: "character varying(49)", maxLength: 49, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_crl_numbers", x => x.hierarchy);
                });

            migrationBuilder.CreateTable(
                name: "issued_certificates",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    hierarchy = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    serial_number = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    not_before = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    not_after = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_issued_certificates", x => x.id);
                    table.UniqueConstraint("ak_issued_certificates_hierarchy_serial_number", x => new { x.hierarchy, x.serial_number });
                });

            migrationBuilder.CreateTable(
                name: "revocations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    hierarchy = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    serial_number = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_revocations", x => x.id);
                    table.ForeignKey(
                        name: "fk_revocations_issued_certificates_hierarchy_serial_number",
                        columns: x => new { x.hierarchy, x.serial_number },
                        principalTable: "issued_certificates",
                        principalColumns: new[] { "hierarchy", "serial_number" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_instant",
                table: "audit_entries",
                column: "instant");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_subject_kind_subject_id",
                table: "audit_entries",
                columns: new[] { "subject_kind", "subject_id" });

            migrationBuilder.CreateIndex(
                name: "ix_revocations_hierarchy_serial_number",
                table: "revocations",
                columns: new[] { "hierarchy", "serial_number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "crl_numbers");

            migrationBuilder.DropTable(
                name: "revocations");

            migrationBuilder.DropTable(
                name: "issued_certificates");
        }
    }
}
