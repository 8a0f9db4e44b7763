import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Metrics")
struct MetricsTests {
    @Test("Off by default: /metrics is no metrics page")
    func offByDefault() async throws {
        try await withTestApp { app in
            let response = try await app.send(.GET, "/metrics")
            #expect(!response.body.string.contains("helpdesk_http_requests"))
        }
    }

    @Test("On: requests by route pattern and status, latency, streams and the outbox depth")
    func scrape() async throws {
        try await withTestApp(settings: SettingsAdjustment { $0.metricsEnabled = true }) { app in
            let (ticket, author, _, _, _) = try await app.ticketWithCast()
            _ = try await app.send(.GET, "/api/tickets/\(ticket.id)", as: author)
            _ = try await app.send(.GET, "/api/tickets/999999", as: author)
            let text = try await app.send(.GET, "/metrics").body.string
            #expect(
                text.contains(#"helpdesk_http_requests_total{route="/api/tickets/:id",method="GET",status="200"} 1"#))
            #expect(
                text.contains(#"helpdesk_http_requests_total{route="/api/tickets/:id",method="GET",status="404"} 1"#))
            #expect(text.contains("helpdesk_http_request_duration_seconds_bucket"))
            #expect(text.contains("helpdesk_event_streams 0"))
            // The cast's ticket wrote three messages (the receipt and two staff notices).
            #expect(text.contains("helpdesk_outbox_pending 3"))
        }
    }
}
