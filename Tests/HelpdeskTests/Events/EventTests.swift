import Foundation
import Testing
import Vapor

@testable import Helpdesk

@Suite("Events for live streams")
struct EventTests {
    @Test("Each change writes its event in its own transaction, flagged for who may see it")
    func written() async throws {
        try await withTestApp { app in
            let (ticket, author, _, agent, _) = try await app.ticketWithCast()
            try await app.makeComment(on: ticket, by: agent, text: "note", internal: true)
            let reply = try await app.makeComment(on: ticket, by: agent, text: "answer")
            let rows = try await EventStore(context: app.storeContext).after(0)
            #expect(rows.map(\.kind) == [.ticketCreated, .commentCreated, .commentCreated])
            #expect(rows.map(\.internal) == [false, true, false])
            #expect(rows.allSatisfy { $0.ticketID == ticket.id && $0.ticketAuthorID == author.id })
            #expect(rows.last?.objectID == reply.id)
            #expect(rows.map(\.id) == rows.map(\.id).sorted())

            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await app.storeContext.changeTickets(by: agent.actor) { tx in
                    try await tx.emit(.ticketUpdated, about: ticket)
                    throw Boom()
                }
            }
            #expect(try await EventStore(context: app.storeContext).after(rows.last?.id ?? 0).isEmpty)
        }
    }

    @Test("Visibility: staff see everything; a customer their own tickets' events and never a note's")
    func visibility() {
        let publicEvent = EventRow(
            id: 1, kind: .commentCreated, ticketID: 7, ticketAuthorID: 3, internal: false, objectID: 1)
        var note = publicEvent
        note.internal = true
        let staff = ReadScope.everything
        let owner = ReadScope(authorID: 3, internalNotes: false)
        let stranger = ReadScope(authorID: 4, internalNotes: false)
        #expect(publicEvent.isVisible(to: staff) && note.isVisible(to: staff))
        #expect(publicEvent.isVisible(to: owner) && !note.isVisible(to: owner))
        #expect(!publicEvent.isVisible(to: stranger) && !note.isVisible(to: stranger))
    }
}
