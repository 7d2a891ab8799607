using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Session.HallServer.Storage.Migrations
{
    /// <inheritdoc />
    public partial class DeputyDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "BirthDate",
                table: "Deputies",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Gender",
                table: "Deputies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ConvocationFrom",
                table: "Councils",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ConvocationUntil",
                table: "Councils",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BirthDate",
                table: "Deputies");

            migrationBuilder.DropColumn(
                name: "Gender",
                table: "Deputies");

            migrationBuilder.DropColumn(
                name: "ConvocationFrom",
                table: "Councils");

            migrationBuilder.DropColumn(
                name: "ConvocationUntil",
                table: "Councils");
        }
    }
}
