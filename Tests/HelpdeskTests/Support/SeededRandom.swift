import Foundation

@testable import Helpdesk

/// Fuzz cases come from a seeded generator, so a failure in CI replays. `make fuzz` sets
/// `HELPDESK_FUZZ_SEED` (random) and `HELPDESK_FUZZ_CASES` (more); `make test` uses the fixed defaults.
typealias SeededRandom = SplitMix64

extension SplitMix64 {
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }

    static var fuzzSeed: UInt64 {
        ProcessInfo.processInfo.environment["HELPDESK_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_124
    }

    static func fuzzCases(default count: Int) -> Int {
        ProcessInfo.processInfo.environment["HELPDESK_FUZZ_CASES"].flatMap { Int($0) } ?? count
    }
}
