using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Myna.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PublishedCrls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "published_crls",
                columns: table => new
                {
                    hierarchy = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    number = table.Column<string>(type: "character varying(49)", maxLength: 49, nullable: false),
                    der = table.Column<byte[]>(type: "bytea", nullable: false),
                    this_update = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_update = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_published_crls", x => new { x.hierarchy, x.number });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "published_crls");
        }
    }
}
