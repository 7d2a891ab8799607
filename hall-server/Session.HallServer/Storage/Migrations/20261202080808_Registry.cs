using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Session.HallServer.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Registry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A data dir from before the registry upgrades in place: keep the council's convocation before its columns go.
            migrationBuilder.Sql("CREATE TABLE \"_Convocation\" AS SELECT \"Id\", \"Convocation\", \"ConvocationFrom\", \"ConvocationUntil\" FROM \"Councils\";");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Seats",
                table: "Seats");

            migrationBuilder.DropIndex(
                name: "IX_Deputies_PinHash",
                table: "Deputies");

            migrationBuilder.DropColumn(
                name: "Convocation",
                table: "Councils");

            migrationBuilder.DropColumn(
                name: "ConvocationFrom",
                table: "Councils");

            migrationBuilder.DropColumn(
                name: "ConvocationUntil",
                table: "Councils");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Councils");

            migrationBuilder.RenameColumn(
                name: "ParentId",
                table: "Councils",
                newName: "PublicBaseUrl");

            migrationBuilder.AddColumn<string>(
                name: "CouncilId",
                table: "Tokens",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CouncilId",
                table: "Terminals",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "HallId",
                table: "Terminals",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<string>(
                name: "SessionId",
                table: "Sittings",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "BodyId",
                table: "Sittings",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CouncilId",
                table: "Sittings",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "HallId",
                table: "Sittings",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<TimeOnly>(
                name: "Time",
                table: "Sittings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Convocation",
                table: "Sessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "HallId",
                table: "Seats",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<double>(
                name: "X",
                table: "Seats",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "Y",
                table: "Seats",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "MandateEnd",
                table: "Deputies",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MandateEndReason",
                table: "Deputies",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "MandateStart",
                table: "Deputies",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<string>(
                name: "CouncilId",
                table: "Cards",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CouncilId",
                table: "Accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "PK_Seats",
                table: "Seats",
                columns: new[] { "HallId", "Number" });

            migrationBuilder.CreateTable(
                name: "AgendaDrafts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    SittingId = table.Column<string>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    ProjectNumber = table.Column<string>(type: "TEXT", nullable: true),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Author = table.Column<string>(type: "TEXT", nullable: true),
                    Text = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgendaDrafts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Audit",
                columns: table => new
                {
                    CouncilId = table.Column<string>(type: "TEXT", nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: false),
                    Data = table.Column<string>(type: "TEXT", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Audit", x => new { x.CouncilId, x.Seq });
                });

            migrationBuilder.CreateTable(
                name: "Bodies",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CouncilId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    QuorumRule = table.Column<string>(type: "TEXT", nullable: false),
                    DefaultRule = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Bodies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BodyMembers",
                columns: table => new
                {
                    BodyId = table.Column<string>(type: "TEXT", nullable: false),
                    DeputyId = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BodyMembers", x => new { x.BodyId, x.DeputyId });
                });

            migrationBuilder.CreateTable(
                name: "Convocations",
                columns: table => new
                {
                    CouncilId = table.Column<string>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    DateFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DateUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ActualEnd = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Convocations", x => new { x.CouncilId, x.Number });
                });

            migrationBuilder.CreateTable(
                name: "Documents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CouncilId = table.Column<string>(type: "TEXT", nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Documents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Halls",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CouncilId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Place = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Halls", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Sittings_HallId_Status",
                table: "Sittings",
                columns: new[] { "HallId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Deputies_CouncilId_PinHash",
                table: "Deputies",
                columns: new[] { "CouncilId", "PinHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgendaDrafts_SittingId",
                table: "AgendaDrafts",
                column: "SittingId");

            // The one council of an older data dir gets its hall, plenary body and convocation; its rows get their council.
            migrationBuilder.Sql("""
                INSERT INTO "Convocations" ("CouncilId", "Number", "DateFrom", "DateUntil", "ActualEnd")
                    SELECT "Id", "Convocation", COALESCE("ConvocationFrom", '2020-12-01'),
                           COALESCE("ConvocationUntil", date(COALESCE("ConvocationFrom", '2020-12-01'), '+5 years')), NULL
                    FROM "_Convocation" WHERE "Convocation" > 0;
                UPDATE "Sessions" SET "Convocation" = COALESCE((SELECT "Convocation" FROM "_Convocation" WHERE "_Convocation"."Id" = "Sessions"."CouncilId"), 0);
                DROP TABLE "_Convocation";
                UPDATE "Councils" SET "PublicBaseUrl" = NULL;
                INSERT INTO "Halls" ("Id", "CouncilId", "Name", "Place") SELECT "Id" || '-hall', "Id", 'Сесійна зала', '' FROM "Councils";
                UPDATE "Seats" SET "HallId" = "CouncilId" || '-hall';
                INSERT INTO "Bodies" ("Id", "CouncilId", "Kind", "Name", "QuorumRule", "DefaultRule")
                    SELECT "Id" || '-plenary', "Id", 'plenary', "Name", 'more-than-half', 'majority-of-composition' FROM "Councils";
                UPDATE "Sittings" SET "CouncilId" = (SELECT "CouncilId" FROM "Sessions" WHERE "Sessions"."Id" = "Sittings"."SessionId");
                UPDATE "Sittings" SET "BodyId" = "CouncilId" || '-plenary', "HallId" = "CouncilId" || '-hall';
                UPDATE "Deputies" SET "MandateStart" = COALESCE((SELECT MIN("DateFrom") FROM "Convocations" WHERE "Convocations"."CouncilId" = "Deputies"."CouncilId"), '2020-12-01');
                UPDATE "Cards" SET "CouncilId" = COALESCE((SELECT "CouncilId" FROM "Deputies" WHERE "Deputies"."Id" = "Cards"."DeputyId"), '');
                UPDATE "Terminals" SET "CouncilId" = COALESCE((SELECT "Id" FROM "Councils" ORDER BY "Id" LIMIT 1), ''),
                                       "HallId" = COALESCE((SELECT "Id" FROM "Councils" ORDER BY "Id" LIMIT 1), '') || '-hall';
                UPDATE "Accounts" SET "CouncilId" = (SELECT "Id" FROM "Councils" ORDER BY "Id" LIMIT 1);
                DELETE FROM "Tokens";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgendaDrafts");

            migrationBuilder.DropTable(
                name: "Audit");

            migrationBuilder.DropTable(
                name: "Bodies");

            migrationBuilder.DropTable(
                name: "BodyMembers");

            migrationBuilder.DropTable(
                name: "Convocations");

            migrationBuilder.DropTable(
                name: "Documents");

            migrationBuilder.DropTable(
                name: "Halls");

            migrationBuilder.DropIndex(
                name: "IX_Sittings_HallId_Status",
                table: "Sittings");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Seats",
                table: "Seats");

            migrationBuilder.DropIndex(
                name: "IX_Deputies_CouncilId_PinHash",
                table: "Deputies");

            migrationBuilder.DropColumn(
                name: "CouncilId",
                table: "Tokens");

            migrationBuilder.DropColumn(
                name: "CouncilId",
                table: "Terminals");

            migrationBuilder.DropColumn(
                name: "HallId",
                table: "Terminals");

            migrationBuilder.DropColumn(
                name: "BodyId",
                table: "Sittings");

            migrationBuilder.DropColumn(
                name: "CouncilId",
                table: "Sittings");

            migrationBuilder.DropColumn(
                name: "HallId",
                table: "Sittings");

            migrationBuilder.DropColumn(
                name: "Time",
                table: "Sittings");

            migrationBuilder.DropColumn(
                name: "Convocation",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "HallId",
                table: "Seats");

            migrationBuilder.DropColumn(
                name: "X",
                table: "Seats");

            migrationBuilder.DropColumn(
                name: "Y",
                table: "Seats");

            migrationBuilder.DropColumn(
                name: "MandateEnd",
                table: "Deputies");

            migrationBuilder.DropColumn(
                name: "MandateEndReason",
                table: "Deputies");

            migrationBuilder.DropColumn(
                name: "MandateStart",
                table: "Deputies");

            migrationBuilder.DropColumn(
                name: "CouncilId",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "CouncilId",
                table: "Accounts");

            migrationBuilder.RenameColumn(
                name: "PublicBaseUrl",
                table: "Councils",
                newName: "ParentId");

            migrationBuilder.AlterColumn<string>(
                name: "SessionId",
                table: "Sittings",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Convocation",
                table: "Councils",
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

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Councils",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "PK_Seats",
                table: "Seats",
                columns: new[] { "CouncilId", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_Deputies_PinHash",
                table: "Deputies",
                column: "PinHash",
                unique: true);
        }
    }
}
