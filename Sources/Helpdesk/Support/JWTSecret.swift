import Foundation
import Vapor

/// Finds the key that signs tokens. Production insists on `JWT_SECRET`; development keeps a generated
/// secret in a git-ignored file so that restarting the server does not sign everybody out.
enum JWTSecret {
    static func resolve(environment: Environment, logger: Logger) throws -> String {
        if let secret = Environment.get("JWT_SECRET"), !secret.isEmpty {
            guard secret.utf8.count >= AppSettings.minimumSecretBytes else {
                throw SettingsError(
                    "JWT_SECRET is too short: it needs at least \(AppSettings.minimumSecretBytes) bytes (try `openssl rand -hex 32`)"
                )
            }
            return secret
        }
        switch environment {
        case .production:
            throw SettingsError(
                "JWT_SECRET is not set: production needs a secret of at least \(AppSettings.minimumSecretBytes) bytes (try `openssl rand -hex 32`)"
            )
        case .testing:
            return random()
        default:
            let path = Environment.get("JWT_SECRET_FILE") ?? ".jwt-secret"
            if let saved = try? String(contentsOfFile: path, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines),
                saved.utf8.count >= AppSettings.minimumSecretBytes
            {
                return saved
            }
            let secret = random()
            do {
                try secret.write(toFile: path, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
                logger.notice("Generated a development JWT secret in \(path)")
            } catch {
                logger.warning("Could not save the development JWT secret to \(path): sessions end on restart")
            }
            return secret
        }
    }

    static func random() -> String {
        [UInt8].random(count: 32).hex
    }
}
