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

    enum CodingKeys: String, CodingKey {
        case byStatus = "by_status"
        case byPriority = "by_priority"
    }

    var byStatus = ByStatus()
    var byPriority = ByPriority()
}
