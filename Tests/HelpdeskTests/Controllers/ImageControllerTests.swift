import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import Helpdesk

@Suite("Images")
struct ImageControllerTests {
    func upload(
        _ app: Application, ticket: Ticket, as user: TestUser, bytes: [UInt8], filename: String = "shot.png",
        declared: String = "image/png"
    ) async throws -> TestingHTTPResponse {
        try await app.send(
            .POST, "/api/tickets/\(ticket.id)/images", as: user, headers: MultipartBody.headers,
            body: MultipartBody.file(filename: filename, contentType: declared, bytes: bytes))
    }

    @Test(
        "Each accepted format is recognised by its bytes, whatever the client declared",
        arguments: [
            (SampleImage.png, "image/png"), (SampleImage.jpeg, "image/jpeg"), (SampleImage.gif, "image/gif"),
            (SampleImage.webp, "image/webp"),
        ])
    func uploadFormats(bytes: [UInt8], expected: String) async throws {
        try await withTestApp { app in
            let author = try await app.makeUser()
            let ticket = try await app.makeTicket(by: author)
            let res = try await upload(app, ticket: ticket, as: author, bytes: bytes, declared: "application/x-evil")
            #expect(res.status == .created)
            let meta = try res.decode(ImageResponse.self)
            #expect(meta.contentType == expected)
            #expect(meta.size == bytes.count)
            #expect(meta.ticketId == ticket.id)
            #expect(meta.filename == "shot." + (ImageFormat(contentType: expected)?.fileExtension ?? "?"))
        }
    }

    @Test("Exactly 5 MiB is accepted; one byte more is 413; other bytes are 415; an empty file is 400")
    func uploadLimits() async throws {
        try await withTestApp { app in
            let author = try await app.makeUser()
            let ticket = try await app.makeTicket(by: author)
            let limit = 5 * 1024 * 1024
            #expect(
                try await upload(app, ticket: ticket, as: author, bytes: SampleImage.png(size: limit)).status
                    == .created)
            let tooBig = try await upload(app, ticket: ticket, as: author, bytes: SampleImage.png(size: limit + 1))
            #expect(tooBig.status == .payloadTooLarge)
            let text = try await upload(
                app, ticket: ticket, as: author, bytes: Array("just text".utf8), declared: "image/png")
            #expect(text.status == .unsupportedMediaType)
            let svg = try await upload(
                app, ticket: ticket, as: author, bytes: Array("<svg onload=alert(1)>".utf8), filename: "x.svg",
                declared: "image/svg+xml")
            #expect(svg.status == .unsupportedMediaType)
            let empty = try await upload(app, ticket: ticket, as: author, bytes: [])
            #expect(empty.status == .badRequest)
            #expect(try await app.count("ticket_images") == 1)
        }
    }

    @Test("Broken uploads are 4xx: wrong field, truncated body, JSON instead of a form")
    func uploadMalformed() async throws {
        try await withTestApp { app in
            let author = try await app.makeUser()
            let ticket = try await app.makeTicket(by: author)
            let path = "/api/tickets/\(ticket.id)/images"
            let wrongField = try await app.send(
                .POST, path, as: author, headers: MultipartBody.headers,
                body: MultipartBody.file(
                    field: "file", filename: "a.png", contentType: "image/png", bytes: SampleImage.png))
            #expect(wrongField.status == .badRequest)
            var truncated = MultipartBody.file(filename: "a.png", contentType: "image/png", bytes: SampleImage.png)
            truncated.moveWriterIndex(to: 60)
            let cut = try await app.send(.POST, path, as: author, headers: MultipartBody.headers, body: truncated)
            #expect(cut.status == .badRequest)
            let json = try await app.send(.POST, path, as: author, json: RawJSON(["image": "abc"]))
            #expect(json.status == .unsupportedMediaType)
        }
    }

    @Test("Path traversal in a file name is reduced to a safe name")
    func filenameSanitized() async throws {
        try await withTestApp { app in
            let author = try await app.makeUser()
            let ticket = try await app.makeTicket(by: author)
            for (given, stored) in [
                ("../../etc/passwd.png", "passwd.png"), ("..\\..\\boot.ini.png", "boot.ini.png"), ("..", "image.png"),
                ("a<b>c|.png", "abc.png"), ("evil.html", "evil.png"), ("photo.PNG", "photo.PNG"),
                ("archive.png.exe", "archive.png.png"), (".htaccess", "htaccess.png"),
            ] {
                let res = try await upload(app, ticket: ticket, as: author, bytes: SampleImage.png, filename: given)
                #expect(res.status == .created)
                #expect(try res.decode(ImageResponse.self).filename == stored)
            }
        }
    }

    @Test("Images are served to whoever can see the ticket, with their type and nosniff; 404 to others")
    func downloadAndVisibility() async throws {
        try await withTestApp { app in
            let (ticket, author, stranger, agent, _) = try await app.ticketWithCast()
            let meta = try await upload(app, ticket: ticket, as: author, bytes: SampleImage.png).decode(
                ImageResponse.self)

            for user in [author, agent] {
                let res = try await app.send(.GET, "/api/images/\(meta.id)", as: user)
                #expect(res.status == .ok)
                #expect(res.headers.contentType == .png)
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(Array(res.body.readableBytesView) == SampleImage.png)
                let list = try await app.send(.GET, "/api/tickets/\(ticket.id)/images", as: user).decode(
                    ImageList.self)
                #expect(list.items.map(\.id) == [meta.id])
            }
            #expect(try await app.send(.GET, "/api/images/\(meta.id)", as: stranger).status == .notFound)
            #expect(try await app.send(.GET, "/api/tickets/\(ticket.id)/images", as: stranger).status == .notFound)
            #expect(try await upload(app, ticket: ticket, as: stranger, bytes: SampleImage.png).status == .notFound)
            #expect(try await app.send(.GET, "/api/images/999999", as: agent).status == .notFound)
        }
    }

    @Test("The author, agents and admins delete images; other customers get 404")
    func deleteRules() async throws {
        try await withTestApp { app in
            let (ticket, author, stranger, agent, admin) = try await app.ticketWithCast()
            var ids: [Int] = []
            for _ in 0..<3 {
                ids.append(
                    try await upload(app, ticket: ticket, as: author, bytes: SampleImage.png).decode(ImageResponse.self)
                        .id)
            }
            #expect(try await app.send(.DELETE, "/api/images/\(ids[0])", as: stranger).status == .notFound)
            #expect(try await app.count("ticket_images") == 3)
            for (id, user) in zip(ids, [author, agent, admin]) {
                #expect(try await app.send(.DELETE, "/api/images/\(id)", as: user).status == .noContent)
            }
            #expect(try await app.count("ticket_images") == 0)
            #expect(try await app.send(.DELETE, "/api/images/\(ids[0])", as: admin).status == .notFound)
        }
    }
}
