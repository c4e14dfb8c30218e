using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Portal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "portal_accounts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    holder_reference = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_login_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_portal_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "portal_credentials",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    issuer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    serial_number = table.Column<string>(type: "TEXT", maxLength: 42, nullable: false),
                    linked_at = table.Column<long>(type: "INTEGER", nullable: false),
                    linked_by = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_portal_credentials", x => x.id);
                    table.ForeignKey(
                        name: "fk_portal_credentials_portal_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "portal_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "portal_login_challenges",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    challenge = table.Column<byte[]>(type: "BLOB", nullable: false),
                    browser_secret_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    answered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    account_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    failure = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    consumed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_portal_login_challenges", x => x.id);
                    table.ForeignKey(
                        name: "fk_portal_login_challenges_portal_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "portal_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "portal_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    remote_address = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    user_agent = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_portal_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_portal_sessions_portal_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "portal_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_portal_accounts_holder_reference",
                table: "portal_accounts",
                column: "holder_reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_portal_credentials_account_id",
                table: "portal_credentials",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_portal_credentials_issuer_serial_number",
                table: "portal_credentials",
                columns: new[] { "issuer", "serial_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_portal_login_challenges_account_id",
                table: "portal_login_challenges",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_portal_login_challenges_code",
                table: "portal_login_challenges",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_portal_login_challenges_expires_at",
                table: "portal_login_challenges",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_portal_sessions_account_id_ended_at",
                table: "portal_sessions",
                columns: new[] { "account_id", "ended_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_credentials");

            migrationBuilder.DropTable(
                name: "portal_login_challenges");

            migrationBuilder.DropTable(
                name: "portal_sessions");

            migrationBuilder.DropTable(
                name: "portal_accounts");
        }
    }
}
