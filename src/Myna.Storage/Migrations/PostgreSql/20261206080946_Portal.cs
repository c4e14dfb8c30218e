using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Myna.Storage.Migrations.PostgreSql
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    holder_reference = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_login_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_portal_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "portal_credentials",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    issuer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    serial_number = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    linked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    linked_by = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    challenge = table.Column<byte[]>(type: "bytea", nullable: false),
                    browser_secret_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    failure = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    consumed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    remote_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    user_agent = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
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
