import Foundation
import Testing

@testable import Helpdesk

@Suite("Business-hours calendar")
struct BusinessCalendarTests {
    static func config(
        _ zone: String = "Europe/Berlin", hours: [[String]] = [["09:00", "17:00"]], weekend: [[String]] = [],
        holidays: [String] = []
    ) -> SLAConfig {
        var config = SLAConfig.standard
        config.timezone = zone
        for day in ["mon", "tue", "wed", "thu", "fri"] { config.businessHours[day] = hours }
        config.businessHours["sat"] = weekend
        config.businessHours["sun"] = weekend
        config.holidays = holidays
        return config
    }

    /// A wall-clock time in a zone, as an instant.
    static func local(_ text: String, _ zone: String = "Europe/Berlin") -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let parts = text.split(whereSeparator: { "- :".contains($0) }).map { Int($0)! }
        return calendar.date(
            from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))!
    }

    @Test("Friday 16:30 plus 60 business minutes is Monday 09:30")
    func overTheWeekend() {
        let calendar = BusinessCalendar(Self.config())
        #expect(calendar.adding(60, to: Self.local("2026-11-27 16:30")) == Self.local("2026-11-30 09:30"))
        #expect(calendar.minutes(from: Self.local("2026-11-27 16:30"), to: Self.local("2026-11-30 09:30")) == 60)
    }

    @Test("A holiday is skipped")
    func holiday() {
        let calendar = BusinessCalendar(Self.config(holidays: ["2026-12-25"]))
        // Thursday 24 December 16:30 → Friday 25 is a holiday → Monday 28 at 09:30.
        #expect(calendar.adding(60, to: Self.local("2026-12-24 16:30")) == Self.local("2026-12-28 09:30"))
    }

    @Test("A DST weekend changes nothing on the wall clock, in either direction")
    func daylightSaving() {
        let calendar = BusinessCalendar(Self.config())
        // Berlin moves to summer time on Sunday 29 March 2026 and back on Sunday 25 October 2026.
        for (friday, monday) in [("2026-03-27", "2026-03-30"), ("2026-10-23", "2026-10-26")] {
            let start = Self.local("\(friday) 16:00")
            #expect(calendar.adding(120, to: start) == Self.local("\(monday) 10:00"))
            #expect(calendar.minutes(from: start, to: Self.local("\(monday) 10:00")) == 120)
        }
        // The business day itself is still eight hours on the day the clocks change (a Sunday shift).
        var shift = Self.config(weekend: [["00:00", "24:00"]])
        shift.businessHours["sat"] = []
        let sunday = BusinessCalendar(shift)
        #expect(sunday.minutes(from: Self.local("2026-03-29 00:00"), to: Self.local("2026-03-30 00:00")) == 23 * 60)
    }

    @Test("An interval that ends at midnight runs to the next day's start")
    func endsAtMidnight() {
        let calendar = BusinessCalendar(Self.config("UTC", hours: [["18:00", "24:00"]]))
        let start = Self.local("2026-11-24 23:00", "UTC")
        #expect(calendar.adding(120, to: start) == Self.local("2026-11-25 19:00", "UTC"))
        #expect(calendar.minutes(from: start, to: Self.local("2026-11-25 00:00", "UTC")) == 60)
    }

    @Test("Several intervals a day; time before opening counts from the opening")
    func splitDay() {
        let calendar = BusinessCalendar(Self.config("UTC", hours: [["08:00", "12:00"], ["13:00", "17:00"]]))
        #expect(
            calendar.adding(270, to: Self.local("2026-11-24 06:00", "UTC")) == Self.local("2026-11-24 13:30", "UTC"))
        #expect(
            calendar.subtracting(30, from: Self.local("2026-11-24 13:00", "UTC"))
                == Self.local("2026-11-24 11:30", "UTC"))
    }

    /// Properties over seeded random starts, spans and zones: adding then counting gives the minutes
    /// back, counting is additive over a split point, and subtracting undoes adding.
    @Test("Properties: adding, counting and subtracting agree")
    func properties() {
        var random = SplitMix64(seed: SplitMix64.fuzzSeed)
        let zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]
        for _ in 0..<300 {
            let zone = zones.randomElement(using: &random)!
            let calendar = BusinessCalendar(
                Self.config(zone, weekend: Bool.random(using: &random) ? [] : [["10:00", "14:00"]]))
            let start = Date(timeIntervalSince1970: 1_767_225_600 + Double.random(in: 0..<63_072_000, using: &random))
            let minutes = Double(Int.random(in: 1..<20_000, using: &random))
            let end = calendar.adding(minutes, to: start)
            #expect(abs(calendar.minutes(from: start, to: end) - minutes) < 0.001, "\(zone) \(start) \(minutes)")
            let middle = start.addingTimeInterval(
                end.timeIntervalSince(start) * Double.random(in: 0...1, using: &random))
            let split = calendar.minutes(from: start, to: middle) + calendar.minutes(from: middle, to: end)
            #expect(abs(split - minutes) < 0.001)
            #expect(calendar.subtracting(minutes, from: end) >= start.addingTimeInterval(-0.001))
            #expect(calendar.minutes(from: calendar.subtracting(minutes, from: end), to: end) - minutes < 0.001)
        }
    }

    @Test("Configurations are checked: zone, intervals, overlaps, dates, targets")
    func validation() throws {
        #expect(try Self.config().validated().businessHours["mon"] == [["09:00", "17:00"]])
        var bad = Self.config()
        bad.timezone = "Mars/Olympus"
        bad.businessHours["mon"] = [["09:00", "12:00"], ["11:00", "13:00"]]
        bad.businessHours["tue"] = [["17:00", "09:00"]]
        bad.businessHours["wed"] = [["9:00", "17:00"]]
        bad.holidays = ["2026-02-30"]
        bad.targets.high.resolutionMinutes = 0
        do {
            _ = try bad.validated()
            Issue.record("an invalid configuration was accepted")
        } catch let failure as ValidationFailure {
            #expect(
                Set(failure.fields.keys) == [
                    "timezone", "business_hours.mon", "business_hours.tue", "business_hours.wed", "holidays",
                    "targets.high.resolution_minutes",
                ])
        }
        var closed = Self.config(hours: [])
        closed.businessHours["sat"] = []
        #expect(throws: ValidationFailure.self) { try closed.validated() }
    }
}
