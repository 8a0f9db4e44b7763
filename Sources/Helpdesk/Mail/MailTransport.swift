import Foundation
import NIOCore

/// Where the worker hands messages: an SMTP server, or (in development) a directory of `.eml` files.
protocol MailTransport: Sendable {
    /// Sends each message; the results are in the same order.
    func send(_ messages: [OutboxStore.Claimed], from sender: String) async -> [Result<Void, MailDeliveryError>]
}

struct SMTPTransport: MailTransport {
    let client: SMTPClient

    func send(_ messages: [OutboxStore.Claimed], from sender: String) async -> [Result<Void, MailDeliveryError>] {
        let envelopes = messages.map { MailEnvelope(from: sender, to: $0.recipient, data: $0.message) }
        do {
            return try await client.send(envelopes)
        } catch {
            let failure = error as? MailDeliveryError ?? .transient("\(error)")
            return Array(repeating: .failure(failure), count: messages.count)
        }
    }
}

/// Development mail: each message becomes `<directory>/<outbox id>-<kind>.eml`, written whole (to a
/// temporary name, then renamed) so that nobody reads half a message.
struct DirectoryTransport: MailTransport {
    let directory: String

    func send(_ messages: [OutboxStore.Claimed], from sender: String) async -> [Result<Void, MailDeliveryError>] {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            return Array(
                repeating: .failure(.transient("could not create \(directory): \(error)")), count: messages.count)
        }
        return messages.map { message in
            let name = "\(message.id)-\(message.kind).eml"
            let temporary = folder.appendingPathComponent(".\(name).tmp")
            do {
                try Data(message.message.utf8).write(to: temporary)
                guard rename(temporary.path, folder.appendingPathComponent(name).path) == 0 else {
                    return .failure(.transient("could not write \(name): \(String(cString: strerror(errno)))"))
                }
                return .success(())
            } catch {
                return .failure(.transient("could not write \(name): \(error)"))
            }
        }
    }
}

/// Mail is off: nothing is written to the outbox, so nothing reaches this; it fails rather than drop.
struct DisabledTransport: MailTransport {
    func send(_ messages: [OutboxStore.Claimed], from sender: String) async -> [Result<Void, MailDeliveryError>] {
        Array(repeating: .failure(.transient("mail is off: SMTP_URL is not set")), count: messages.count)
    }
}
