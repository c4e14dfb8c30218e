using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Myna.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ExchangeHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "exchange_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    holder_reference = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    content = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    leaf_index = table.Column<long>(type: "bigint", nullable: true),
                    flagged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    flag_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_exchange_history", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "history_checkpoints",
                columns: table => new
                {
                    tree_size = table.Column<long>(type: "bigint", nullable: false),
                    signed_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_history_checkpoints", x => x.tree_size);
                });

            migrationBuilder.CreateTable(
                name: "history_nodes",
                columns: table => new
                {
                    level = table.Column<int>(type: "integer", nullable: false),
                    index = table.Column<long>(type: "bigint", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_history_nodes", x => new { x.level, x.index });
                });

            migrationBuilder.CreateIndex(
                name: "ix_exchange_history_flagged_at",
                table: "exchange_history",
                column: "flagged_at");

            migrationBuilder.CreateIndex(
                name: "ix_exchange_history_holder_reference_id",
                table: "exchange_history",
                columns: new[] { "holder_reference", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_exchange_history_leaf_index",
                table: "exchange_history",
                column: "leaf_index",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_exchange_history_leaf_index_id",
                table: "exchange_history",
                columns: new[] { "leaf_index", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "exchange_history");

            migrationBuilder.DropTable(
                name: "history_checkpoints");

            migrationBuilder.DropTable(
                name: "history_nodes");
        }
    }
}
