using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Session.HallServer.Storage.Migrations
{
    /// <summary>Issue 10: second factors and recovery codes, disabled accounts and forced password change, limited tokens, the audit's user agent.</summary>
    public partial class AccountSecondFactors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(name: "Disabled", table: "Accounts", type: "INTEGER", nullable: false, defaultValue: false);
            migrationBuilder.AddColumn<bool>(name: "MustChangePassword", table: "Accounts", type: "INTEGER", nullable: false, defaultValue: false);
            // Tokens issued before this step were full logins.
            migrationBuilder.AddColumn<string>(name: "Scope", table: "Tokens", type: "TEXT", nullable: false, defaultValue: "full");
            migrationBuilder.AddColumn<string>(name: "UserAgent", table: "Audit", type: "TEXT", nullable: false, defaultValue: "");

            migrationBuilder.CreateTable(
                name: "RecoveryCodes",
                columns: table => new
                {
                    Login = table.Column<string>(type: "TEXT", nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                },
                constraints: table => table.PrimaryKey("PK_RecoveryCodes", x => new { x.Login, x.CodeHash }));

            migrationBuilder.CreateTable(
                name: "SecondFactors",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Login = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Secret = table.Column<string>(type: "TEXT", nullable: false),
                    CredentialId = table.Column<string>(type: "TEXT", nullable: true),
                    LastStep = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                },
                constraints: table => table.PrimaryKey("PK_SecondFactors", x => x.Id));

            migrationBuilder.CreateIndex(name: "IX_SecondFactors_Login", table: "SecondFactors", column: "Login");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "RecoveryCodes");
            migrationBuilder.DropTable(name: "SecondFactors");
            migrationBuilder.DropColumn(name: "Disabled", table: "Accounts");
            migrationBuilder.DropColumn(name: "MustChangePassword", table: "Accounts");
            migrationBuilder.DropColumn(name: "Scope", table: "Tokens");
            migrationBuilder.DropColumn(name: "UserAgent", table: "Audit");
        }
    }
}
