package import AffinityEngine
package import Hummingbird
package import Logging

/// Where the server listens.
package struct ServerConfiguration: Sendable {
    package var host: String
    package var port: Int

    package init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// The routes, without a server: tests drive it directly or through a live server.
package func buildRouter(engine: Engine, web: WebConfiguration = .init()) -> Router<AffinityRequestContext> {
    let router = Router(context: AffinityRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: StorefrontCORSMiddleware(origins: web.corsOrigins))
    router.add(middleware: HTTPMetricsMiddleware(metrics: engine.metrics))
    router.add(middleware: APIErrorMiddleware())
    HealthRoutes(engine: engine).register(on: router)
    AdminConfigRoutes(engine: engine).registerScrape(
        on: router.group().add(middleware: AuthMiddleware(engine: engine, required: .secret)))
    OpenAPIDocument.register(on: router)
    WebRoutes(engine: engine, web: web).register(on: router)
    let v1 = router.group("v1")
    WebhookRoutes(engine: engine).register(on: v1)
    IntegrationRoutes(engine: engine).register(on: v1)
    FeedRoutes(engine: engine).register(on: v1)
    let publicScope = v1.group().add(middleware: AuthMiddleware(engine: engine, required: .public))
    EventRoutes(engine: engine).register(on: publicScope)
    RecommendationRoutes(engine: engine).register(on: publicScope)
    CatalogRoutes(engine: engine).registerReads(on: publicScope)
    CartRoutes(engine: engine).register(on: publicScope)
    UserRoutes(engine: engine).registerPublic(on: publicScope)
    let secretScope = v1.group().add(middleware: AuthMiddleware(engine: engine, required: .secret))
    EventRoutes(engine: engine).registerBulk(on: secretScope)
    CatalogRoutes(engine: engine).registerWrites(on: secretScope)
    CartRoutes(engine: engine).registerOrders(on: secretScope)
    RecommendationRoutes(engine: engine).registerPreview(on: secretScope)
    UserRoutes(engine: engine).registerSecret(on: secretScope)
    AdminKeyRoutes(engine: engine).register(on: secretScope.group("admin"))
    AdminRoutes(engine: engine).register(on: secretScope.group("admin"))
    AdminConfigRoutes(engine: engine).register(on: secretScope.group("admin"))
    return router
}

/// The HTTP application for an engine, Hummingbird style.
package func buildApplication(
    engine: Engine, configuration: ServerConfiguration, web: WebConfiguration = .init(), logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(engine: engine, web: web),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "affinity"),
        logger: logger)
}
