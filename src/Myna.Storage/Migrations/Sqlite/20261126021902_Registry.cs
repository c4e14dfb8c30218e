using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Registry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "card_id",
                table: "issued_certificates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "der",
                table: "issued_certificates",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "resident_id",
                table: "issued_certificates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "municipalities",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    prefecture = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    prefecture_romaji = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name_romaji = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_municipalities", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "server_settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_server_settings", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "staff_accounts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "residents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    municipality = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    record_code = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false),
                    my_number = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    sex = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    residence = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    domicile = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    nationality = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    residence_category = table.Column<string>(type: "TEXT", maxLength: 48, nullable: true),
                    residence_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    household_head = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    relationship_to_head = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    is_adult_ward = table.Column<bool>(type: "INTEGER", nullable: false),
                    has_support_measure = table.Column<bool>(type: "INTEGER", nullable: false),
                    registered_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    details_changed_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    family_name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    family_name_kana = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    former_surname = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    given_name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    given_name_kana = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_residents", x => x.id);
                    table.ForeignKey(
                        name: "fk_residents_municipalities_municipality",
                        column: x => x.municipality,
                        principalTable: "municipalities",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "card_applications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    received_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    applicant = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    representative_name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    wants_signature_certificate = table.Column<bool>(type: "INTEGER", nullable: false),
                    wants_authentication_certificate = table.Column<bool>(type: "INTEGER", nullable: false),
                    deliver_to = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    replaces_card = table.Column<Guid>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    card_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    delivered_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    fee_yen = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_card_applications", x => x.id);
                    table.ForeignKey(
                        name: "fk_card_applications_resident_resident_id",
                        column: x => x.resident_id,
                        principalTable: "residents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cards",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    serial_number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    security_code = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    card_public_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    issued_by = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    issued_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    expires_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    state_changed_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    state_reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    signature_hierarchy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    signature_serial = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    signature_issued_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    signature_expires_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    authentication_hierarchy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    authentication_serial = table.Column<string>(type: "TEXT", maxLength: 42, nullable: true),
                    authentication_issued_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    authentication_expires_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    replaced_by = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cards", x => x.id);
                    table.ForeignKey(
                        name: "fk_cards_resident_resident_id",
                        column: x => x.resident_id,
                        principalTable: "residents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "fee_ledger",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    card_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    taken_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount_yen = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fee_ledger", x => x.id);
                    table.ForeignKey(
                        name: "fk_fee_ledger_resident_resident_id",
                        column: x => x.resident_id,
                        principalTable: "residents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "number_documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    issued_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    handed_back_on = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_number_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_number_documents_resident_resident_id",
                        column: x => x.resident_id,
                        principalTable: "residents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "resident_moves",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resident_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    from = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    destination = table.Column<string>(type: "TEXT", nullable: false),
                    new_address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    to = table.Column<string>(type: "TEXT", maxLength: 6, nullable: true),
                    move_out_notified_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    planned_move_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    moved_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    move_in_notified_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    card_presented_at_move_in = table.Column<bool>(type: "INTEGER", nullable: false),
                    continued_on = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resident_moves", x => x.id);
                    table.ForeignKey(
                        name: "fk_resident_moves_residents_resident_id",
                        column: x => x.resident_id,
                        principalTable: "residents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "card_endorsements",
                columns: table => new
                {
                    line = table.Column<int>(type: "INTEGER", nullable: false),
                    card_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    written_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_card_endorsements", x => new { x.card_id, x.line });
                    table.ForeignKey(
                        name: "fk_card_endorsements_cards_card_id",
                        column: x => x.card_id,
                        principalTable: "cards",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_issued_certificates_card_id",
                table: "issued_certificates",
                column: "card_id");

            migrationBuilder.CreateIndex(
                name: "ix_issued_certificates_resident_id",
                table: "issued_certificates",
                column: "resident_id");

            migrationBuilder.CreateIndex(
                name: "ix_card_applications_resident_id",
                table: "card_applications",
                column: "resident_id");

            migrationBuilder.CreateIndex(
                name: "ix_cards_resident_id",
                table: "cards",
                column: "resident_id");

            migrationBuilder.CreateIndex(
                name: "ix_cards_serial_number",
                table: "cards",
                column: "serial_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cards_state_expires_on",
                table: "cards",
                columns: new[] { "state", "expires_on" });

            migrationBuilder.CreateIndex(
                name: "ix_fee_ledger_resident_id",
                table: "fee_ledger",
                column: "resident_id");

            migrationBuilder.CreateIndex(
                name: "ix_fee_ledger_taken_on",
                table: "fee_ledger",
                column: "taken_on");

            migrationBuilder.CreateIndex(
                name: "ix_number_documents_resident_id",
                table: "number_documents",
                column: "resident_id");

            migrationBuilder.CreateIndex(
                name: "ix_resident_moves_resident_id",
                table: "resident_moves",
                column: "resident_id");

            migrationBuilder.CreateIndex(
                name: "ix_residents_birth_date",
                table: "residents",
                column: "birth_date");

            migrationBuilder.CreateIndex(
                name: "ix_residents_municipality",
                table: "residents",
                column: "municipality");

            migrationBuilder.CreateIndex(
                name: "ix_residents_my_number",
                table: "residents",
                column: "my_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_residents_record_code",
                table: "residents",
                column: "record_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_staff_accounts_user_name",
                table: "staff_accounts",
                column: "user_name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "card_applications");

            migrationBuilder.DropTable(
                name: "card_endorsements");

            migrationBuilder.DropTable(
                name: "fee_ledger");

            migrationBuilder.DropTable(
                name: "number_documents");

            migrationBuilder.DropTable(
                name: "resident_moves");

            migrationBuilder.DropTable(
                name: "server_settings");

            migrationBuilder.DropTable(
                name: "staff_accounts");

            migrationBuilder.DropTable(
                name: "cards");

            migrationBuilder.DropTable(
                name: "residents");

            migrationBuilder.DropTable(
                name: "municipalities");

            migrationBuilder.DropIndex(
                name: "ix_issued_certificates_card_id",
                table: "issued_certificates");

            migrationBuilder.DropIndex(
                name: "ix_issued_certificates_resident_id",
                table: "issued_certificates");

            migrationBuilder.DropColumn(
                name: "card_id",
                table: "issued_certificates");

            migrationBuilder.DropColumn(
                name: "der",
                table: "issued_certificates");

            migrationBuilder.DropColumn(
                name: "resident_id",
                table: "issued_certificates");
        }
    }
}
