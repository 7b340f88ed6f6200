import AffinityEngine
import Hummingbird
import Logging
import Metrics

/// Records every request's duration by route pattern, method and status class, and the
/// requests in flight, into the engine's registry; at `debug` level it also logs one line
/// per request (method, route pattern, status, milliseconds).
///
/// Hummingbird's `MetricsMiddleware` labels by exact status code and records into the
/// process-wide `MetricsSystem`; this one keeps the label set small (five classes, route
/// patterns, and `unmatched` for every unknown path, so a scan of random URLs adds no
/// series) and keeps each engine's figures apart. Like Hummingbird's, it records once
/// the body has been written, so a streamed answer counts its whole transfer. The log
/// line names the route pattern, never the URL: query strings carry `api_secret`, feed
/// tokens and user tokens (Hummingbird's `LogRequestsMiddleware` logs the whole URI).
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: EngineMetrics
    let inFlight: Meter

    init(metrics: EngineMetrics) {
        self.metrics = metrics
        inFlight = Meter(label: EngineMetrics.Name.httpInFlight, factory: metrics.factory)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        inFlight.increment()
        let method = request.method.rawValue
        do {
            var response = try await next(request, context)
            let status = response.status.code
            let route = Self.route(context)
            let body = response.body
            let logger = context.logger
            response.body = ResponseBody(contentLength: body.contentLength) { [metrics, inFlight] writer in
                defer {
                    Self.record(metrics, route: route, method: method, status: status, since: started, logger: logger)
                    inFlight.decrement()
                }
                try await body.write(writer)
            }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            Self.record(
                metrics, route: Self.route(context), method: method, status: status, since: started,
                logger: context.logger)
            inFlight.decrement()
            throw error
        }
    }

    /// The matched route's pattern (`/v1/products/{id}`); `unmatched` for any path no
    /// route matched (Hummingbird's router names those `NotFound`, without a slash).
    private static func route(_ context: Context) -> String {
        guard let path = context.endpointPath, path.hasPrefix("/") else { return "unmatched" }
        return path
    }

    private static func record(
        _ metrics: EngineMetrics, route: String, method: String, status: Int, since started: ContinuousClock.Instant,
        logger: Logger
    ) {
        let elapsed = ContinuousClock.now - started
        let labels = [("route", route), ("method", method), ("status_class", "\(min(max(status / 100, 1), 5))xx")]
        metrics.timer(EngineMetrics.Name.httpDuration, labels).record(duration: elapsed)
        if logger.logLevel <= .debug {
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) * 1e-15
            logger.debug(
                "request",
                metadata: [
                    "method": "\(method)", "route": "\(route)", "status": "\(status)",
                    "ms": "\((ms * 1000).rounded() / 1000)",
                ])
        }
    }
}
