import Foundation
import Vapor

/// The one SLA configuration (`SLAConfig` in openapi.yml): business hours in a zone, holidays, and
/// targets per priority. Admins replace it whole with `PUT /api/sla`.
struct SLAConfig: Content, Equatable, ValidatedRequest {
    struct Target: Codable, Equatable, Sendable {
        enum CodingKeys: String, CodingKey {
            case firstResponseMinutes = "first_response_minutes"
            case resolutionMinutes = "resolution_minutes"
        }

        @Nullable var firstResponseMinutes: Int?
        @Nullable var resolutionMinutes: Int?
    }

    struct Targets: Codable, Equatable, Sendable {
        var urgent: Target
        var high: Target
        var normal: Target
        var low: Target

        subscript(priority: TicketPriority) -> Target {
            switch priority {
            case .urgent: urgent
            case .high: high
            case .normal: normal
            case .low: low
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case timezone, holidays, targets
        case businessHours = "business_hours"
    }

    static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    /// A little over ten years, in minutes: far beyond any real target, and safe to do arithmetic with.
    static let maxMinutes = 5_256_000

    var timezone: String
    /// Weekday (`mon` … `sun`) → intervals of `["HH:MM", "HH:MM"]`.
    var businessHours: [String: [[String]]]
    var holidays: [String]
    var targets: Targets

    /// Mon-Fri 09:00-17:00 UTC, and targets that a small team can keep: SLAs come with Helpdesk.
    static let standard: SLAConfig = {
        let day = [["09:00", "17:00"]]
        return SLAConfig(
            timezone: "UTC",
            businessHours: ["mon": day, "tue": day, "wed": day, "thu": day, "fri": day, "sat": [], "sun": []],
            holidays: [],
            targets: Targets(
                urgent: Target(firstResponseMinutes: 60, resolutionMinutes: 480),
                high: Target(firstResponseMinutes: 240, resolutionMinutes: 1440),
                normal: Target(firstResponseMinutes: 480, resolutionMinutes: 2880),
                low: Target(firstResponseMinutes: 1440, resolutionMinutes: 5760)))
    }()

    /// Checks every rule and returns the configuration with each day's intervals sorted.
    func validated() throws -> SLAConfig {
        var errors = FieldErrors()
        errors.check(
            TimeZone(identifier: timezone) != nil, "timezone", "must be an IANA time zone such as Europe/Berlin")
        var sorted = self
        for name in Self.weekdays {
            guard let intervals = businessHours[name] else {
                errors.check(false, "business_hours.\(name)", "is required (an empty list is a day off)")
                continue
            }
            if let minutes = Self.minutes(of: intervals) {
                errors.check(
                    Self.disjoint(minutes), "business_hours.\(name)",
                    "intervals must start before they end and must not overlap")
                sorted.businessHours[name] = minutes.sorted { $0.0 < $1.0 }.map {
                    [Self.clock($0.0), Self.clock($0.1)]
                }
            } else {
                errors.check(false, "business_hours.\(name)", "must be a list of [\"HH:MM\", \"HH:MM\"] intervals")
            }
        }
        let unknownDays = Set(businessHours.keys).subtracting(Self.weekdays)
        errors.check(
            unknownDays.isEmpty, "business_hours", "has unknown days: \(unknownDays.sorted().joined(separator: ", "))")
        errors.check(
            Self.weekdays.contains { !(businessHours[$0] ?? []).isEmpty }, "business_hours",
            "must have at least one interval in the week")
        errors.check(holidays.count <= 400, "holidays", "may list at most 400 days")
        errors.check(holidays.allSatisfy { Self.day($0) != nil }, "holidays", "must be dates as YYYY-MM-DD")
        for priority in TicketPriority.allCases {
            let target = targets[priority]
            for (key, value) in [
                ("first_response_minutes", target.firstResponseMinutes),
                ("resolution_minutes", target.resolutionMinutes),
            ] {
                errors.check(
                    value.map { (1...Self.maxMinutes).contains($0) } ?? true, "targets.\(priority.rawValue).\(key)",
                    "must be a whole number of minutes from 1 to \(Self.maxMinutes), or null")
            }
        }
        try errors.throwIfAny()
        return sorted
    }

    // MARK: Parsing

    /// `[["09:00", "17:00"]]` → `[(540, 1020)]`; nil if any entry is malformed.
    static func minutes(of intervals: [[String]]) -> [(Int, Int)]? {
        guard intervals.count <= 12 else { return nil }
        var result: [(Int, Int)] = []
        for interval in intervals {
            guard interval.count == 2, let start = minuteOfDay(interval[0]), let end = minuteOfDay(interval[1]) else {
                return nil
            }
            result.append((start, end))
        }
        return result
    }

    static func disjoint(_ intervals: [(Int, Int)]) -> Bool {
        let sorted = intervals.sorted { $0.0 < $1.0 }
        guard sorted.allSatisfy({ $0.0 < $0.1 }) else { return false }
        return zip(sorted, sorted.dropFirst()).allSatisfy { $0.1 <= $1.0 }
    }

    /// `"09:30"` → 570; `"24:00"` → 1440 (the end of the day); nil for anything else.
    static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]),
            let minute = Int(parts[1]), parts.allSatisfy({ $0.allSatisfy(\.isASCII) })
        else { return nil }
        if hour == 24 && minute == 0 { return 1440 }
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    static func clock(_ minute: Int) -> String {
        String(format: "%02d:%02d", minute / 60, minute % 60)
    }

    /// `"2026-12-25"` → its year, month and day; nil unless it is a real date.
    static func day(_ text: String) -> DateComponents? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let components = DateComponents(year: year, month: month, day: day)
        guard (1900...9999).contains(year),
            calendar.date(from: components).map({
                calendar.dateComponents([.year, .month, .day], from: $0) == components
            }) == true
        else { return nil }
        return components
    }
}
