import Vapor

// How routes reach the stores: `req.tickets`, `req.comments`, …. The ones that read tickets carry the
// signed-in user's scope, as the policy builds it, so no route can read around it.
extension Request {
    var storeContext: StoreContext {
        let services = application.services
        return StoreContext(
            database: db, kind: services.databaseKind, committer: services.committer, clock: services.clock,
            slaClocks: services.slaClocks, mail: services.mailQueue, events: services.eventBus,
            sessionCache: services.sessionCache)
    }

    var tickets: TicketStore {
        get throws { TicketStore(context: storeContext, scope: try policy.readScope) }
    }

    var comments: CommentStore {
        get throws { CommentStore(context: storeContext, scope: try policy.readScope) }
    }

    var images: ImageStore {
        get throws { ImageStore(context: storeContext, scope: try policy.readScope) }
    }

    var stats: StatsStore {
        get throws {
            StatsStore(
                context: storeContext, scope: try policy.readScope, slaCounts: application.services.recentSLACounts)
        }
    }

    var history: HistoryStore { HistoryStore(context: storeContext) }
    var audit: AuditStore { AuditStore(context: storeContext) }
    var sla: SLAStore { SLAStore(context: storeContext) }
    var users: UserStore { UserStore(context: storeContext) }
    var sessions: SessionStore { SessionStore(context: storeContext) }
    var outbox: OutboxStore { OutboxStore(context: storeContext) }
    var inbound: InboundStore { InboundStore(context: storeContext) }
    var tags: TagStore { TagStore(context: storeContext) }
    var passwordResets: PasswordResetStore { PasswordResetStore(context: storeContext) }

    /// The signed-in user's canned replies and the shared ones.
    var cannedReplies: CannedReplyStore {
        get throws { CannedReplyStore(context: storeContext, readerID: try user.id) }
    }

    /// The signed-in user, acting through the web API.
    var actor: ChangeActor {
        get throws { ChangeActor(user: try user, via: .web) }
    }
}

extension Application {
    /// The stores outside a request (commands, background work, tests), reading everything.
    var storeContext: StoreContext {
        StoreContext(
            database: db, kind: services.databaseKind, committer: services.committer, clock: services.clock,
            slaClocks: services.slaClocks, mail: services.mailQueue, events: services.eventBus,
            sessionCache: services.sessionCache)
    }
}
