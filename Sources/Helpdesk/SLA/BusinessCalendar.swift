import Foundation
import NIOConcurrencyHelpers

/// Counts business minutes: the configured hours of each weekday, in the configured zone, skipping
/// holidays. Days are walked in local time, so a DST change moves the hours with the wall clock
/// (09:00-17:00 stays eight hours on the day the clocks change), and `24:00` ends a day at midnight.
struct BusinessCalendar: Sendable {
    private let calendar: Calendar
    /// Index 0 is Sunday, as `Calendar` numbers weekdays from 1.
    private let hours: [[(start: Int, end: Int)]]
    private let holidays: Set<DateComponents>
    /// A walk gives up after this many days (ten years): a configuration always has some business
    /// hours, but a run of holidays should not hang a request.
    private static let maxDays = 3700
    /// Days already worked out: due times of neighbouring tickets walk the same days, and `Calendar`'s
    /// time-zone arithmetic is the cost of a walk (seeding a million tickets walks tens of millions).
    private let days = DayCache()

    init(_ config: SLAConfig) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: config.timezone) ?? .gmt
        self.calendar = calendar
        hours = SLAConfig.weekdays.map { day in
            (SLAConfig.minutes(of: config.businessHours[day] ?? []) ?? []).sorted { $0.0 < $1.0 }
                .map { (start: $0.0, end: $0.1) }
        }
        holidays = Set(config.holidays.compactMap(SLAConfig.day))
    }

    /// Business minutes between two instants (0 if `end` is not after `start`).
    func minutes(from start: Date, to end: Date) -> Double {
        guard end > start else { return 0 }
        var total = 0.0
        var day = calendar.startOfDay(for: start)
        for _ in 0..<Self.maxDays {
            guard day < end else { break }
            for (open, close) in intervals(on: day) {
                let from = max(open, start)
                let to = min(close, end)
                if to > from { total += to.timeIntervalSince(from) / 60 }
            }
            day = nextDay(after: day)
        }
        return total
    }

    /// The instant at which `minutes` business minutes have passed since `start`.
    func adding(_ minutes: Double, to start: Date) -> Date {
        var left = minutes * 60
        if left <= 0 { return start }
        var day = calendar.startOfDay(for: start)
        for _ in 0..<Self.maxDays {
            for (open, close) in intervals(on: day) where close > start {
                let from = max(open, start)
                let length = close.timeIntervalSince(from)
                if left <= length { return from.addingTimeInterval(left) }
                left -= length
            }
            day = nextDay(after: day)
        }
        return .distantFuture
    }

    /// The instant `minutes` business minutes before `end`.
    func subtracting(_ minutes: Double, from end: Date) -> Date {
        var left = minutes * 60
        if left <= 0 { return end }
        var day = calendar.startOfDay(for: end)
        for _ in 0..<Self.maxDays {
            for (open, close) in intervals(on: day).reversed() where open < end {
                let to = min(close, end)
                let length = to.timeIntervalSince(open)
                if left <= length { return to.addingTimeInterval(-left) }
                left -= length
            }
            day = calendar.date(byAdding: .day, value: -1, to: day) ?? day.addingTimeInterval(-86_400)
        }
        return .distantPast
    }

    /// The business intervals of the local day that starts at `day`, as instants.
    private func intervals(on day: Date) -> [(Date, Date)] {
        days.day(day, compute: { (workedOut(day), computeNextDay(after: day)) }).intervals
    }

    private func nextDay(after day: Date) -> Date {
        days.day(day, compute: { (workedOut(day), computeNextDay(after: day)) }).next
    }

    private func workedOut(_ day: Date) -> [(Date, Date)] {
        let components = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
        guard let weekday = components.weekday,
            !holidays.contains(DateComponents(year: components.year, month: components.month, day: components.day))
        else { return [] }
        return hours[(weekday - 1) % 7].compactMap { interval in
            guard let open = instant(day, interval.start), let close = instant(day, interval.end), close > open else {
                return nil
            }
            return (open, close)
        }
    }

    /// The instant of a wall-clock minute of the local day (1440 is the next midnight).
    private func instant(_ day: Date, _ minute: Int) -> Date? {
        if minute >= 1440 { return computeNextDay(after: day) }
        return calendar.date(bySettingHour: minute / 60, minute: minute % 60, second: 0, of: day)
    }

    private func computeNextDay(after day: Date) -> Date {
        calendar.date(byAdding: .day, value: 1, to: day).map { calendar.startOfDay(for: $0) }
            ?? day.addingTimeInterval(86_400)
    }
}

/// A bounded memo of worked-out days, shared by the copies of one calendar.
private final class DayCache: Sendable {
    typealias Day = (intervals: [(Date, Date)], next: Date)
    private let days = NIOLockedValueBox<[Date: Day]>([:])
    private static let capacity = 4096

    func day(_ start: Date, compute: () -> Day) -> Day {
        if let known = days.withLockedValue({ $0[start] }) { return known }
        let day = compute()
        days.withLockedValue { days in
            if days.count >= Self.capacity { days.removeAll(keepingCapacity: true) }
            days[start] = day
        }
        return day
    }
}
