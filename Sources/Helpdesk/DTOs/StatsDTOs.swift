import Vapor

struct StatsResponse: Content {
    struct ByStatus: Content {
        enum CodingKeys: String, CodingKey {
            case open, closed
            case inProgress = "in_progress"
        }

        var open = 0
        var inProgress = 0
        var closed = 0
    }

    struct ByPriority: Content {
        var low = 0
        var normal = 0
        var high = 0
        var urgent = 0
    }

    /// Staff only: over the tickets with SLA targets.
    struct SLA: Content {
        enum CodingKeys: String, CodingKey {
            case breached
            case atRisk = "at_risk"
            case metPercent = "met_pct"
        }

        var breached = 0
        var atRisk = 0
        /// The share of closed tickets that met every target; nil while none is closed.
        @Nullable var metPercent: Double? = nil
    }

    enum CodingKeys: String, CodingKey {
        case byStatus = "by_status"
        case byPriority = "by_priority"
        case sla
    }

    var byStatus = ByStatus()
    var byPriority = ByPriority()
    var sla: SLA?
}
