using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Session.HallServer.Storage.PostgresMigrations
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
                type: "text",
                nullable: false,
                defaultValue: "hall",
                collation: "C");

            migrationBuilder.CreateTable(
                name: "DeputyDevices",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CouncilId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    DeputyId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CredentialId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    PublicKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    SignCount = table.Column<long>(type: "bigint", nullable: false),
                    Label = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastUsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeputyDevices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DeviceEnrolments",
                columns: table => new
                {
                    CodeHash = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CouncilId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    DeputyId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeviceEnrolments", x => x.CodeHash);
                });

            migrationBuilder.CreateTable(
                name: "PasskeyChallenges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Purpose = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    OptionsJson = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Subject = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ExpiresAtUnixMs = table.Column<long>(type: "bigint", nullable: false)
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
