import Vapor

extension Request {
    /// The client's address (see `ClientAddress.resolve`).
    var clientAddress: String {
        ClientAddress.resolve(
            peer: remoteAddress?.ipAddress ?? "unknown", forwardedFor: headers[.xForwardedFor],
            trusted: application.settings.trustedProxies)
    }
}

enum ClientAddress {
    /// The connection's address, or — when that is a proxy named in `TRUSTED_PROXIES` — the right-most
    /// address in `X-Forwarded-For` that is not itself a trusted proxy: what the proxy saw. Anything
    /// further left the client could have written itself.
    static func resolve(peer: String, forwardedFor headers: [String], trusted: Set<String>) -> String {
        guard trusted.contains(peer) else { return peer }
        let forwarded = headers.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return forwarded.reversed().first { !trusted.contains($0) } ?? peer
    }
}
