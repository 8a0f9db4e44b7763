import Vapor

extension Request {
    /// The address of the connected client (a proxy in front is seen as one client).
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
