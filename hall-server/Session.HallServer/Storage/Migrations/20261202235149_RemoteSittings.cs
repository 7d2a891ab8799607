using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Session.HallServer.Storage.Migrations
{
    /// <inheritdoc />
    public partial class RemoteSittings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Mode",
                table: "Sittings",
                type: "TEXT",
                nullable: false,
                defaultValue: "hall");

            migrationBuilder.CreateTable(
                name: "DeputyDevices",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CouncilId = table.Column<string>(type: "TEXT", nullable: false),
                    DeputyId = table.Column<string>(type: "TEXT", nullable: false),
                    CredentialId = table.Column<string>(type: "TEXT", nullable: false),
                    PublicKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    SignCount = table.Column<long>(type: "INTEGER", nullable: false),
                    Label = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LastUsedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeputyDevices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DeviceEnrolments",
                columns: table => new
                {
                    CodeHash = table.Column<string>(type: "TEXT", nullable: false),
                    CouncilId = table.Column<string>(type: "TEXT", nullable: false),
                    DeputyId = table.Column<string>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeviceEnrolments", x => x.CodeHash);
                });

            migrationBuilder.CreateTable(
                name: "PasskeyChallenges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", nullable: false),
                    OptionsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: false),
                    ExpiresAtUnixMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PasskeyChallenges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DeputyDevices_CouncilId_DeputyId",
                table: "DeputyDevices",
                columns: new[] { "CouncilId", "DeputyId" });

            migrationBuilder.CreateIndex(
                name: "IX_DeputyDevices_CredentialId",
                table: "DeputyDevices",
                column: "CredentialId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeputyDevices");

            migrationBuilder.DropTable(
                name: "DeviceEnrolments");

            migrationBuilder.DropTable(
                name: "PasskeyChallenges");

            migrationBuilder.DropColumn(
                name: "Mode",
                table: "Sittings");
        }
    }
}
