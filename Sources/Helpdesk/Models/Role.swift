/// What a user may do. Every self-registration is a customer; admins promote.
enum Role: String, Codable, CaseIterable, Sendable {
    case customer
    case agent
    case admin

    /// Agents and admins work tickets; customers only file and follow their own.
    var isStaff: Bool { self != .customer }
}
