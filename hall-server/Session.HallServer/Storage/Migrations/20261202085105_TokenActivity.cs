using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Session.HallServer.Storage.Migrations
{
    /// <inheritdoc />
    public partial class TokenActivity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastUsedAt",
                table: "Tokens",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.CreateIndex(
                name: "IX_Tokens_Login",
                table: "Tokens",
                column: "Login");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tokens_Login",
                table: "Tokens");

            migrationBuilder.DropColumn(
                name: "LastUsedAt",
                table: "Tokens");
        }
    }
}
