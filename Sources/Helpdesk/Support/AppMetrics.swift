import Foundation
import Prometheus
import Vapor

/// What `GET /metrics` reports (Prometheus text format): requests by route, method and status, their
/// latency, and, read at scrape time, open event streams and the outbox's depth.
final class AppMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let openStreams: Gauge
    private let outboxPending: Gauge
    private let outboxFailed: Gauge
    private let sessionCacheOn: Gauge
    private let sessionCacheHits: Gauge

    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    init() {
        openStreams = registry.makeGauge(
            descriptor: MetricNameDescriptor(metricName: "helpdesk_event_streams", helpText: "Open event streams"))
        outboxPending = registry.makeGauge(
            descriptor: MetricNameDescriptor(metricName: "helpdesk_outbox_pending", helpText: "Mail waiting to be sent")
        )
        outboxFailed = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "helpdesk_outbox_failed", helpText: "Mail that failed for good"))
        sessionCacheOn = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "helpdesk_session_cache_on",
                helpText: "1 while signed-in requests may use the session cache"))
        sessionCacheHits = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "helpdesk_session_cache_hits",
                helpText: "Signed-in requests answered from the session cache since start"))
    }

    /// Counts one finished request. The route is its pattern (`/api/tickets/:id`), so ids do not make
    /// a label each.
    func record(route: String, method: String, status: UInt, duration: Duration) {
        let labels = [("route", route), ("method", method)]
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "helpdesk_http_requests", unitName: "total", helpText: "HTTP requests answered"),
            labels: labels + [("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                metricName: "helpdesk_http_request_duration", unitName: "seconds", helpText: "HTTP request latency"),
            labels: labels, buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// The text for one scrape, with the gauges read now.
    func scrape(streams: Int, outbox: (pending: Int, failed: Int), sessionCache: (enabled: Bool, hits: Int))
        -> String
    {
        sessionCacheOn.set(sessionCache.enabled ? 1.0 : 0.0)
        sessionCacheHits.set(Double(sessionCache.hits))
        openStreams.set(Double(streams))
        outboxPending.set(Double(outbox.pending))
        outboxFailed.set(Double(outbox.failed))
        return registry.emitToString()
    }
}

/// Times every request for `AppMetrics` (only when `METRICS_ENABLED`).
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: AppMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        metrics.record(
            route: route, method: request.method.rawValue, status: response.status.code,
            duration: ContinuousClock.now - start)
        return response
    }
}

/// `GET /metrics`, registered only when metrics are on.
struct MetricsController: RouteCollection {
    let metrics: AppMetrics

    func boot(routes: any RoutesBuilder) throws {
        routes.get("metrics", use: scrape)
    }

    @Sendable func scrape(req: Request) async throws -> Response {
        let streams = await req.application.services.eventBus.openStreams
        let outbox = try await req.outbox.depth()
        let text = metrics.scrape(
            streams: streams, outbox: outbox, sessionCache: req.application.services.sessionCache.usage)
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(
            type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return response
    }
}
