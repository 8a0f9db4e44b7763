import Foundation

/// The Date header (RFC 5322 §3.3): `Tue, 24 Nov 2026 10:00:00 +0100`, with the obsolete forms still
/// sent (two-digit years, zone names such as `GMT` or `EST`, comments, missing seconds or weekday).
enum MailDate {
    static func parse(_ value: String) -> Date? {
        let tokens = withoutComments(value)
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            .map { String($0).lowercased() }
            .filter { !days.contains(String($0.prefix(3))) || $0.first?.isNumber == true }
        guard tokens.count >= 4, let day = number(tokens[0]), let month = month(tokens[1]),
            var year = number(tokens[2]), let time = time(tokens[3])
        else { return nil }
        if tokens[2].count <= 2 { year += year < 50 ? 2000 : 1900 } else if tokens[2].count == 3 { year += 1900 }
        guard (1...31).contains(day), (1900...9999).contains(year) else { return nil }
        let offset = tokens.count > 4 ? zoneOffset(tokens[4]) : 0
        let seconds = daysSinceEpoch(year: year, month: month, day: day) * 86_400 + time - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static let days: Set = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// RFC 5322 §4.3.
    private static let zones = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "edt": -4, "est": -5, "cdt": -5, "cst": -6, "mdt": -6, "mst": -7,
        "pdt": -7, "pst": -8,
    ]

    private static func withoutComments(_ value: String) -> String {
        var text = ""
        var depth = 0
        for character in value {
            if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                text.append(character)
            }
        }
        return text
    }

    /// Up to four digits, so nothing can overflow.
    private static func number(_ token: String) -> Int? {
        guard (1...4).contains(token.count), token.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(token)
    }

    private static func month(_ token: String) -> Int? {
        months.firstIndex(of: String(token.prefix(3))).map { $0 + 1 }
    }

    /// `hh:mm` or `hh:mm:ss` as seconds since midnight.
    private static func time(_ token: String) -> Int? {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false).map { number(String($0)) }
        guard (2...3).contains(parts.count), let hour = parts[0], let minute = parts[1], hour < 24, minute < 60
        else { return nil }
        let second = parts.count == 3 ? parts[2] : 0
        guard let second, second <= 60 else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    /// `+hhmm` / `-hhmm` or a zone name, in seconds east of UTC; an unknown zone counts as UTC (§4.3).
    private static func zoneOffset(_ token: String) -> Int {
        if let hours = zones[token] { return hours * 3600 }
        guard let sign = token.first, sign == "+" || sign == "-", token.count == 5,
            let digits = number(String(token.dropFirst()))
        else { return 0 }
        let seconds = (digits / 100) * 3600 + (digits % 100) * 60
        return sign == "-" ? -seconds : seconds
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (a day past a month's end rolls
    /// into the next month).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
