/// Who made a change, and through which door. Every write to a ticket names one.
struct ChangeActor: Sendable {
    enum Channel: String, Sendable {
        case web, email, system
    }

    /// Nil for changes nobody signed in made (the system).
    var user: User?
    var via: Channel

    static let system = ChangeActor(user: nil, via: .system)
}
