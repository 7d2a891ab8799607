namespace Session.HallServer.Registry;

/// <summary>The registry's REST, under <c>/api</c> and <c>/api/councils/{council}</c> (docs/registry-api.md).</summary>
public static class RegistryApi
{
    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithRegistryErrors().WithTags("Registry")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapCouncilsApi();
        api.MapRegistryExport();
        api.MapHostAuditApi();
        var council = api.MapGroup("/councils/{council}");
        council.MapDeputiesApi();
        council.MapBodiesAndHallsApi();
        council.MapSittingsApi();
        SelfTest.SelfTestApi.MapSelfTestApi(council);
        council.MapAccountsApi();
        return app;
    }
}
